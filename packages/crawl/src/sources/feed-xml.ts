import { decodeHTML } from "entities";
import type { RawEntry } from "./entries.js";
import { EntryReader } from "./entry-reader.js";
import type { ProblemTally } from "./problems.js";
import { httpUrl } from "./urls.js";
import type { XmlElement } from "./xml.js";

/**
 * One reader for the XML feed formats, which share the shape "a list of items, each with a link,
 * a title and dates": RSS 0.9x/2.0 (`<rss><channel><item>`), RSS 1.0 (`<rdf:RDF>` with `<item>`
 * beside the channel) and Atom 1.0 (`<feed><entry>`). Links are resolved against `xml:base` in
 * scope, then the feed's own URL (Atom RFC 4287 §2; RSS has no base of its own, and readers
 * resolve against the feed).
 */

export type FeedFormat = "rss" | "rdf" | "atom";

type Family = "core" | "atom" | "dc" | "media" | "rdf" | "other";

function family(el: XmlElement): Family {
  const ns = el.ns.toLowerCase();
  if (
    ns.includes("w3.org/2005/atom") ||
    ns.includes("purl.org/atom") ||
    (ns === "" && el.prefix === "atom")
  )
    return "atom";
  if (ns.includes("purl.org/dc/") || (ns === "" && (el.prefix === "dc" || el.prefix === "dcterms")))
    return "dc";
  if (ns.includes("search.yahoo.com/mrss") || (ns === "" && el.prefix === "media")) return "media";
  if (ns.includes("rdf-syntax-ns")) return "rdf";
  if (el.prefix === "" || ns.includes("purl.org/rss/1.0") || ns.includes("netscape.com/rdf"))
    return "core";
  return "other";
}

/** The root element's feed format, or null when it is none. */
export function feedFormat(root: XmlElement): FeedFormat | null {
  const local = root.local.toLowerCase();
  if (local === "rss") return "rss";
  if (local === "rdf" && family(root) === "rdf") return "rdf";
  if (local === "feed" && (family(root) === "atom" || root.ns === "")) return "atom";
  return null;
}

/** Text that may carry markup (Atom `type="html"`, titles with tags): plain words. */
function plainTitle(value: string): string {
  let text = value;
  if (/<[a-z/!]/i.test(text)) text = text.replace(/<[^>]*>/g, " ");
  if (text.includes("&")) text = decodeHTML(text);
  return text.replace(/\s+/g, " ").trim();
}

function isImageType(type: string | undefined): boolean {
  return type !== undefined && /^\s*image\//i.test(type);
}

type Field = "link" | "guid" | "id" | "title" | "published" | "dcdate" | "lastmod";

interface Item {
  depth: number;
  link?: string;
  linkBase?: string;
  /** The RSS `guid` when it is a permalink, the Atom `id`, RSS 1.0's `rdf:about`: fallbacks. */
  fallback?: string;
  fallbackBase?: string;
  title?: string;
  published?: string;
  dcdate?: string;
  lastmod?: string;
  images: string[];
}

export class FeedReader extends EntryReader<Field> {
  readonly format: FeedFormat;
  #item: Item | null = null;
  #fieldBase = "";

  constructor(
    format: FeedFormat,
    emit: (entry: RawEntry) => void,
    tally: ProblemTally,
    maxValue: number,
  ) {
    super(emit, tally, maxValue);
    this.format = format;
  }

  open(el: XmlElement): void {
    const fam = family(el);
    const item = this.#item;
    if (item === null) {
      const starts =
        this.format === "atom"
          ? el.depth === 1 && fam === "atom" && el.local === "entry"
          : el.depth <= 2 && fam === "core" && el.local === "item";
      if (!starts) return;
      this.#item = { depth: el.depth, images: [] };
      const about = el.attributes["rdf:about"];
      if (this.format === "rdf" && about !== undefined) {
        this.#item.fallback = about;
        this.#item.fallbackBase = el.base;
      }
      return;
    }
    if (this.field !== null) return;
    // Media RSS may nest its elements in <media:group>: images at any depth.
    if (fam === "media" && (el.local === "thumbnail" || el.local === "content")) {
      const url = el.attributes.url;
      const medium = el.attributes.medium;
      if (
        url !== undefined &&
        (el.local === "thumbnail" || medium === "image" || isImageType(el.attributes.type))
      )
        this.#image(item, url, el.base);
      return;
    }
    if (el.depth !== item.depth + 1) return;
    let field: Field | null = null;
    if (this.format === "atom") {
      if (fam === "atom" && el.local === "link") {
        const rel = (el.attributes.rel ?? "alternate").trim().toLowerCase();
        const href = el.attributes.href;
        if (href === undefined) return;
        if (rel === "alternate" && item.link === undefined) {
          item.link = href;
          item.linkBase = el.base;
        } else if (rel === "enclosure" && isImageType(el.attributes.type)) {
          this.#image(item, href, el.base);
        }
        return;
      }
      if (fam === "atom")
        field =
          el.local === "id"
            ? "id"
            : el.local === "title"
              ? "title"
              : el.local === "published"
                ? "published"
                : el.local === "updated"
                  ? "lastmod"
                  : null;
    } else {
      if (fam === "core" && el.local === "enclosure") {
        const url = el.attributes.url;
        if (url !== undefined && isImageType(el.attributes.type)) this.#image(item, url, el.base);
        return;
      }
      if (fam === "atom" && el.local === "link") {
        const rel = (el.attributes.rel ?? "alternate").trim().toLowerCase();
        if (rel === "alternate" && el.attributes.href !== undefined && item.link === undefined) {
          item.link = el.attributes.href;
          item.linkBase = el.base;
        }
        return;
      }
      if (fam === "core") {
        if (el.local === "link") field = "link";
        else if (el.local === "guid" && el.attributes.isPermaLink?.trim().toLowerCase() !== "false")
          field = "guid";
        else if (el.local === "title") field = "title";
        else if (el.local === "pubDate") field = "published";
      } else if (fam === "dc") {
        if (el.local === "date") field = "dcdate";
        else if (el.local === "modified") field = "lastmod";
      } else if (fam === "atom" && el.local === "updated") field = "lastmod";
    }
    if (field !== null) {
      this.#fieldBase = el.base;
      this.collect(field, el);
    }
  }

  close(el: XmlElement): void {
    const item = this.#item;
    if (item === null) return;
    if (el.depth === item.depth) {
      this.#item = null;
      this.entries += 1;
      this.#finishItem(item);
      return;
    }
    const field = this.field;
    if (field === null || !this.closesField(el)) return;
    const value = this.finishField(el);
    if (value === null) return;
    switch (field) {
      case "link":
        if (item.link === undefined) {
          item.link = value;
          item.linkBase = this.#fieldBase;
        }
        break;
      case "guid":
      case "id":
        item.fallback ??= value;
        item.fallbackBase ??= this.#fieldBase;
        break;
      case "title":
        item.title ??= plainTitle(value);
        break;
      default:
        item[field] ??= value;
    }
  }

  #image(item: Item, location: string, base: string): void {
    const url = httpUrl(location, base);
    if (url !== null && !item.images.includes(url)) item.images.push(url);
  }

  #finishItem(item: Item): void {
    // A guid or id is a fallback only when it is a web address: Atom ids are often `tag:` URIs.
    let loc = item.link;
    let base = item.linkBase;
    if (loc === undefined && item.fallback !== undefined) {
      const fallbackBase = item.fallbackBase ?? "";
      if (httpUrl(item.fallback, fallbackBase) !== null) {
        loc = item.fallback;
        base = fallbackBase;
      }
    }
    if (loc === undefined || base === undefined) {
      this.tally.add(
        "url-invalid",
        "feed items without a link skipped",
        "the feed names no page for these items",
        item.title,
      );
      return;
    }
    const published = item.published ?? item.dcdate;
    this.emit({
      type: "page",
      loc,
      base,
      ...(item.lastmod === undefined ? {} : { lastmod: item.lastmod }),
      ...(published === undefined ? {} : { published }),
      ...(item.title === undefined || item.title === "" ? {} : { title: item.title }),
      ...(item.images.length === 0 ? {} : { images: item.images }),
    });
  }
}
