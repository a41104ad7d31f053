/** The article's section. */
import { metaProvenance } from "../structured/meta.js";
import { clean } from "../structured/normalize.js";
import type { Found, Page } from "./page.js";
import { ldText } from "./page.js";

export function section(page: Page): Found<string> | null {
  const ld = ldText(page, page.ld.article?.articleSection);
  if (ld) return { value: ld, source: "jsonld" };
  const m = page.meta.first([
    "article:section",
    "section",
    "parsely-section",
    "sailthru.section",
    "category",
  ]);
  const v = m ? clean(m.value) : null;
  return v && m ? { value: v, source: metaProvenance(m.key) } : null;
}
