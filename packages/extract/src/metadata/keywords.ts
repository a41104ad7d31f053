/** The article's keywords. */
import { clean, fold } from "../structured/normalize.js";
import type { Found, Page } from "./page.js";

export function keywords(page: Page): Found<string[]> | null {
  const split = (values: readonly unknown[]): string[] => {
    const out: string[] = [];
    // Each kept keyword folded once, not once per later comparison.
    const seen = new Set<string>();
    for (const v of values) {
      if (typeof v !== "string") continue;
      for (const k of v.split(/\s*[,;]\s*/)) {
        const c = clean(k);
        if (!c || c.length >= 80) continue;
        const f = fold(c);
        if (seen.has(f)) continue;
        seen.add(f);
        out.push(c);
      }
    }
    return out;
  };
  const ld = page.ld.article?.keywords;
  if (ld !== undefined) {
    const k = split(Array.isArray(ld) ? ld : [ld]);
    if (k.length) return { value: k, source: "jsonld" };
  }
  const tags = page.meta.get("article:tag");
  if (tags.length) return { value: split(tags), source: "og" };
  for (const key of ["news_keywords", "keywords", "parsely-tags", "sailthru.tags"]) {
    const k = split(page.meta.get(key));
    if (k.length) return { value: k, source: "meta" };
  }
  return null;
}
