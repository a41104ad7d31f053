/** Whether the article is free to read. */
import type { Found, Page } from "./page.js";
import { ldProp } from "./page.js";

/** `isAccessibleForFree` in JSON-LD (boolean or "False"), or a paywall meta tag. */
export function accessibleForFree(page: Page): Found<boolean> | null {
  const v = ldProp(page, "isAccessibleForFree");
  const s = typeof v === "boolean" ? v : typeof v === "string" ? v.trim().toLowerCase() : null;
  if (s === true || s === "true" || s === "yes") return { value: true, source: "jsonld" };
  if (s === false || s === "false" || s === "no") return { value: false, source: "jsonld" };
  const m = page.meta.first(["article:content_tier", "og:article:content_tier"]);
  if (m) {
    const t = m.value.toLowerCase();
    if (t === "free") return { value: true, source: "og" };
    if (t === "locked" || t === "metered") return { value: false, source: "og" };
  }
  return null;
}
