import type { Element } from "./walk.js";

/**
 * Every `<meta>` in the page, keyed by its lower-cased `property`, `name`, `itemprop` or
 * `http-equiv`, read in one pass: OpenGraph (`og:*`, `article:*`), Twitter cards (`twitter:*`),
 * Dublin Core (`dc.*`, `dcterms.*`), and the ad-hoc names (`parsely-*`, `sailthru.*`, `pubdate` …).
 */
export interface MetaTags {
  /** All values for a key, in page order. */
  get(key: string): readonly string[];
  /** The first non-empty value among the keys, tried in order, with the key that gave it. */
  first(keys: readonly string[]): { value: string; key: string } | null;
  /** `<link rel=…>` targets by lower-cased rel token, in page order. */
  links(rel: string): readonly LinkTag[];
}

export interface LinkTag {
  readonly href: string;
  readonly type: string | null;
  readonly hreflang: string | null;
}

export function readMeta(elements: readonly Element[]): MetaTags {
  const map = new Map<string, string[]>();
  const add = (key: string | undefined, value: string) => {
    if (!key) return;
    for (const k of key.toLowerCase().split(/\s+/)) {
      if (!k) continue;
      const list = map.get(k);
      if (list) list.push(value);
      else map.set(k, [value]);
    }
  };
  for (const el of elements) {
    if (el.tagName !== "meta") continue;
    const a = el.attribs;
    const value = (a.content ?? a.value ?? "").trim();
    if (!value) continue;
    add(a.property, value);
    // One tag may carry both (`name="description" property="og:description"`); keep both.
    if (a.name !== a.property) add(a.name, value);
    if (a.itemprop && a.itemprop !== a.name && a.itemprop !== a.property) add(a.itemprop, value);
    if (a["http-equiv"]) add(a["http-equiv"], value);
  }

  const linkMap = new Map<string, LinkTag[]>();
  for (const el of elements) {
    if (el.tagName !== "link") continue;
    const a = el.attribs;
    if (!a.rel || !a.href) continue;
    const tag: LinkTag = { href: a.href ?? "", type: a.type ?? null, hreflang: a.hreflang ?? null };
    for (const rel of (a.rel ?? "").toLowerCase().split(/\s+/)) {
      if (!rel) continue;
      const list = linkMap.get(rel);
      if (list) list.push(tag);
      else linkMap.set(rel, [tag]);
    }
  }

  return {
    get: (key) => map.get(key) ?? [],
    first(keys) {
      for (const key of keys) {
        const v = map.get(key);
        if (v?.[0]) return { value: v[0], key };
      }
      return null;
    },
    links: (rel) => linkMap.get(rel) ?? [],
  };
}

/** Which family a meta key belongs to, for provenance. */
export function metaProvenance(key: string): "og" | "twitter" | "dublincore" | "meta" {
  if (key.startsWith("og:") || key.startsWith("article:")) return "og";
  if (key.startsWith("twitter:")) return "twitter";
  if (
    key.startsWith("dc.") ||
    key.startsWith("dcterms.") ||
    key.startsWith("dc:") ||
    key.startsWith("dcterms:")
  )
    return "dublincore";
  return "meta";
}
