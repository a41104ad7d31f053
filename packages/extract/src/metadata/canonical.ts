import { absoluteUrl } from "@vellum/model";
/** The canonical URL. */
import { isObject } from "../structured/jsonld.js";
import type { Found, Page } from "./page.js";

/** `<link rel=canonical>`, then og:url, then JSON-LD `url`/`mainEntityOfPage`. */
export function canonical(page: Page): Found<string> | null {
  for (const l of page.meta.links("canonical")) {
    const u = absoluteUrl(l.href, page.url);
    if (u) return { value: u, source: "meta" };
  }
  const og = absoluteUrl(page.meta.get("og:url")[0], page.url);
  if (og) return { value: og, source: "og" };
  const a = page.ld.article;
  const main = a ? page.ld.deref(a.mainEntityOfPage) : undefined;
  const raw = typeof main === "string" ? main : isObject(main) ? (main["@id"] ?? main.url) : a?.url;
  const u = typeof raw === "string" ? absoluteUrl(raw, page.url) : null;
  return u ? { value: u, source: "jsonld" } : null;
}
