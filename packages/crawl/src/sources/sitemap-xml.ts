import { EntryReader } from "./entry-reader.js";
import { httpUrl } from "./urls.js";
import type { XmlElement } from "./xml.js";

/**
 * Readers for the sitemaps protocol (sitemaps.org 0.9): `<urlset>` with Google's news and image
 * extensions, and `<sitemapindex>`. Elements are matched by local name and namespace; where a
 * prefix was never declared (a frequent slip: `image:` used, `xmlns:image` missing) the
 * conventional prefix stands in for the namespace.
 */

/** The protocol's per-file limits (sitemaps.org, "Sitemap file location" and index limits). */
export const PROTOCOL_MAX_URLS = 50_000;
export const PROTOCOL_MAX_BYTES = 50 * 1024 * 1024;

type Family = "sitemap" | "news" | "image" | "other";

const families = new Map<string, Family>();

/** Memoised: a document has a handful of namespace and prefix pairs and many elements. */
function family(element: XmlElement): Family {
  const key = `${element.prefix} ${element.ns}`;
  let known = families.get(key);
  if (known === undefined) {
    known = classify(element);
    if (families.size < 1_000) families.set(key, known);
  }
  return known;
}

function classify(element: XmlElement): Family {
  const ns = element.ns.toLowerCase();
  if (ns.includes("sitemap-news") || (ns === "" && element.prefix === "news")) return "news";
  if (ns.includes("sitemap-image") || (ns === "" && element.prefix === "image")) return "image";
  if (element.prefix === "" || ns.includes("sitemaps.org") || ns.includes("schemas/sitemap/"))
    return "sitemap";
  return "other";
}

function is(element: XmlElement, fam: Family, local: string): boolean {
  return element.local === local && family(element) === fam;
}

type UrlField = "loc" | "lastmod" | "published" | "title" | "image";

/** `<urlset>`: one page per `<url>`, with its lastmod, news date and title, and images. */
export class UrlsetReader extends EntryReader<UrlField> {
  #entry: {
    loc?: string;
    base: string;
    lastmod?: string;
    published?: string;
    title?: string;
    images: string[];
  } | null = null;

  open(el: XmlElement): void {
    if (el.depth === 1) {
      if (is(el, "sitemap", "url")) this.#entry = { base: el.base, images: [] };
      return;
    }
    if (this.#entry === null || this.field !== null) return;
    if (el.depth === 2 && is(el, "sitemap", "loc")) this.collect("loc", el);
    else if (el.depth === 2 && is(el, "sitemap", "lastmod")) this.collect("lastmod", el);
    else if (el.depth === 3 && is(el, "news", "publication_date")) this.collect("published", el);
    else if (el.depth === 3 && is(el, "news", "title")) this.collect("title", el);
    else if (el.depth === 3 && is(el, "image", "loc")) this.collect("image", el);
  }

  close(el: XmlElement): void {
    const entry = this.#entry;
    if (entry === null) return;
    if (el.depth === 1) {
      this.entries += 1;
      this.#entry = null;
      if (entry.loc === undefined) return;
      this.emit({
        type: "page",
        loc: entry.loc,
        base: entry.base,
        ...(entry.lastmod === undefined ? {} : { lastmod: entry.lastmod }),
        ...(entry.published === undefined ? {} : { published: entry.published }),
        ...(entry.title === undefined ? {} : { title: entry.title }),
        ...(entry.images.length === 0 ? {} : { images: entry.images }),
      });
      return;
    }
    const field = this.field;
    if (field === null || !this.closesField(el)) return;
    const value = this.finishField(el);
    if (value === null) return;
    if (field === "image") {
      const image = httpUrl(value, el.base);
      if (image !== null && !entry.images.includes(image)) entry.images.push(image);
    } else if (field === "loc") {
      entry.loc = value;
      entry.base = el.base;
    } else entry[field] ??= value;
  }
}

/** `<sitemapindex>`: one sitemap per `<sitemap>`, with its lastmod. */
export class SitemapIndexReader extends EntryReader<"loc" | "lastmod"> {
  #entry: { loc?: string; base: string; lastmod?: string } | null = null;

  open(el: XmlElement): void {
    if (el.depth === 1) {
      if (is(el, "sitemap", "sitemap")) this.#entry = { base: el.base };
      return;
    }
    if (this.#entry === null || this.field !== null || el.depth !== 2) return;
    if (is(el, "sitemap", "loc")) this.collect("loc", el);
    else if (is(el, "sitemap", "lastmod")) this.collect("lastmod", el);
  }

  close(el: XmlElement): void {
    const entry = this.#entry;
    if (entry === null) return;
    if (el.depth === 1) {
      this.entries += 1;
      this.#entry = null;
      if (entry.loc === undefined) return;
      this.emit({
        type: "sitemap",
        loc: entry.loc,
        base: entry.base,
        ...(entry.lastmod === undefined ? {} : { lastmod: entry.lastmod }),
      });
      return;
    }
    const field = this.field;
    if (field === null || !this.closesField(el)) return;
    const value = this.finishField(el);
    if (value === null) return;
    if (field === "loc") {
      entry.loc = value;
      entry.base = el.base;
    } else entry.lastmod ??= value;
  }
}
