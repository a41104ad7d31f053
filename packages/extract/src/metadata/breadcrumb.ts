/** The breadcrumb trail. */
import type { Breadcrumb } from "@vellum/model";
import { absoluteUrl } from "@vellum/model";
import { isObject, type JsonObject, localTypesOf } from "../structured/jsonld.js";
import { clean } from "../structured/normalize.js";
import type { Found, Page } from "./page.js";
import { ldList, ldText } from "./page.js";

/** BreadcrumbList items in position order, from JSON-LD, else from microdata. */
export function breadcrumb(page: Page): Found<Breadcrumb[]> | null {
  const list = page.ld.nodes.find((n) => localTypesOf(n).includes("BreadcrumbList"));
  if (list) {
    const items = ldList(page, list.itemListElement)
      .filter(isObject)
      .map((el, i) => ({ el, pos: Number((el as JsonObject).position ?? i + 1) }))
      .sort((a, b) => a.pos - b.pos);
    const out: Breadcrumb[] = [];
    for (const { el } of items) {
      const item = page.ld.deref(el.item);
      const name = ldText(page, el.name) ?? (isObject(item) ? ldText(page, item.name) : null);
      const rawUrl =
        typeof item === "string" ? item : isObject(item) ? (item["@id"] ?? item.url) : el.url;
      if (name)
        out.push({ name, url: typeof rawUrl === "string" ? absoluteUrl(rawUrl, page.url) : null });
    }
    if (out.length) return { value: out, source: "jsonld" };
  }
  if (!page.elements.some((el) => el.attribs.itemtype?.endsWith("BreadcrumbList"))) return null;
  const { $ } = page;
  const md = $("[itemtype$=BreadcrumbList] [itemprop~=itemListElement]").toArray();
  if (md.length) {
    const out: Breadcrumb[] = [];
    for (const el of md) {
      const name = clean($(el).find("[itemprop~=name]").first().text());
      const href =
        $(el).find("[itemprop~=item]").attr("href") ?? $(el).find("a[href]").attr("href");
      if (name) out.push({ name, url: absoluteUrl(href, page.url) });
    }
    if (out.length) return { value: out, source: "microdata" };
  }
  return null;
}
