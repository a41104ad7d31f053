/** The article's schema.org type as the page declares it. */
import { localTypesOf } from "../structured/jsonld.js";
import type { Found, Page } from "./page.js";

export function articleType(page: Page): Found<string> | null {
  const a = page.ld.article;
  if (a) {
    const t = localTypesOf(a)[0];
    if (t) return { value: t, source: "jsonld" };
  }
  const md = page.elements.find((el) => el.attribs.itemscope !== undefined && el.attribs.itemtype)
    ?.attribs.itemtype;
  if (md) {
    const t = md.trim().split(/\s+/)[0] ?? "";
    const local = t.slice(Math.max(t.lastIndexOf("/"), t.lastIndexOf(":")) + 1);
    if (/article|posting|report/i.test(local)) return { value: local, source: "microdata" };
  }
  return null;
}
