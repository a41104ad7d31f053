/** Authors the page declares for machines: JSON-LD, meta names, microdata and RDFa. */
import type { Author } from "@vellum/model";
import { absoluteUrl } from "@vellum/model";
import { isObject, localTypesOf } from "../../structured/jsonld.js";
import { clean } from "../../structured/normalize.js";
import { allElements, type Element, spacedText } from "../../structured/walk.js";
import { isOrganizationByline, newsroomName, splitNames } from "../names.js";
import { type Found, ldList, ldText, once, type Page } from "../page.js";
import { organization, person } from "./people.js";
import { inPhotoCredit } from "./placement.js";

function urls(page: Page, v: unknown): string[] {
  const out: string[] = [];
  for (const x of Array.isArray(v) ? v : [v]) {
    const u = typeof x === "string" ? absoluteUrl(x, page.url) : null;
    if (u && !out.includes(u)) out.push(u);
  }
  return out;
}

function ldImage(page: Page, v: unknown): string | null {
  const x = page.ld.deref(Array.isArray(v) ? v[0] : v);
  if (typeof x === "string") return absoluteUrl(x, page.url);
  if (isObject(x))
    return absoluteUrl(
      typeof x.url === "string" ? x.url : typeof x.contentUrl === "string" ? x.contentUrl : null,
      page.url,
    );
  return null;
}

/** Authors from the article's JSON-LD `author` (and `creator`): strings, objects, arrays. */
export function fromJsonLd(page: Page, site: string | null): Author[] {
  return once(page, readJsonLdAuthors, () => readJsonLdAuthors(page, site));
}

function readJsonLdAuthors(page: Page, site: string | null): Author[] {
  // Older Yoast graphs put `author` on the WebPage when there is no Article node.
  const a = page.ld.article ?? page.ld.webPage;
  if (!a) return [];
  const out: Author[] = [];
  for (const item of ldList(page, a.author ?? a.creator)) {
    if (typeof item === "string") {
      if (isOrganizationByline(item)) out.push(organization(clean(item) ?? item));
      else {
        const names = splitNames(item, { siteName: site });
        for (const n of names) out.push(person(n));
        const room = names.length ? null : newsroomName(item, site);
        if (room) out.push(organization(room));
      }
      continue;
    }
    if (!isObject(item)) continue;
    const name = ldText(page, item.name);
    if (!name) continue;
    const types = localTypesOf(item);
    if (types.some((t) => /organi[sz]ation|corporation|newsmediaorganization/i.test(t))) {
      out.push(
        organization(name, typeof item.url === "string" ? absoluteUrl(item.url, page.url) : null),
      );
      continue;
    }
    const names = splitNames(name, { siteName: site });
    const url = typeof item.url === "string" ? absoluteUrl(item.url, page.url) : null;
    const room = names.length ? null : newsroomName(name, site);
    if (room) out.push(organization(room, url));
    const extra = {
      url,
      description: ldText(page, item.description),
      image: ldImage(page, item.image),
      jobTitle: ldText(page, item.jobTitle),
      sameAs: urls(page, item.sameAs),
    };
    if (names.length === 1) out.push(person(names[0] as string, extra));
    else for (const n of names) out.push(person(n));
  }
  return out;
}

const META_AUTHOR_KEYS = [
  "author",
  "article:author",
  "parsely-author",
  "sailthru.author",
  "dc.creator",
  "dcterms.creator",
  "dc:creator",
  "byl",
  "citation_author",
  "og:article:author",
  "article:author_name",
  "cxenseparse:author",
  "twitter:data1",
];

export function fromMeta(page: Page, site: string | null): Found<Author[]> | null {
  return once(page, readMetaAuthors, () => readMetaAuthors(page, site));
}

function readMetaAuthors(page: Page, site: string | null): Found<Author[]> | null {
  for (const key of META_AUTHOR_KEYS) {
    const values = page.meta.get(key);
    const out: Author[] = [];
    for (const v of values) {
      // `article:author` is often the author's page URL, not a name.
      if (/^https?:\/\//i.test(v) || v.startsWith("/")) continue;
      // Twitter's "Written by" label/data pair: only the data next to that label is a name.
      if (
        key === "twitter:data1" &&
        !/written|author|by/i.test(page.meta.get("twitter:label1")[0] ?? "")
      )
        continue;
      const names = splitNames(v, { siteName: site });
      for (const n of names) if (!out.some((p) => p.name === n)) out.push(person(n));
      const room = names.length ? null : newsroomName(v, site);
      if (room && !out.some((p) => p.name === room)) out.push(organization(room));
    }
    if (out.length)
      return {
        value: out,
        source: key.startsWith("dc") ? "dublincore" : key.startsWith("article:") ? "og" : "meta",
      };
  }
  return null;
}

export function fromMicrodata(page: Page, site: string | null): Author[] {
  return once(page, readMicrodataAuthors, () => readMicrodataAuthors(page, site));
}

function readMicrodataAuthors(page: Page, site: string | null): Author[] {
  const out: Author[] = [];
  for (const p of page.props.get("author")) {
    if (page.isAside(p.el) || inPhotoCredit(p.el)) continue;
    let raw: string | null = p.value;
    let url: string | null = null;
    let jobTitle: string | null = null;
    if (p.el.attribs.itemscope !== undefined || p.el.attribs.typeof !== undefined) {
      const nameNode = firstUnder(
        p.el,
        (e) => hasWord(e, "itemprop", "name") || hasWord(e, "property", "name"),
      );
      raw = nameNode
        ? clean(nameNode.attribs.content ?? spacedText(nameNode, 200))
        : clean(spacedText(p.el, 200));
      url = absoluteUrl(
        firstUnder(p.el, (e) => hasWord(e, "itemprop", "url"))?.attribs.href ??
          firstUnder(p.el, (e) => e.tagName === "a" && e.attribs.href !== undefined)?.attribs.href,
        page.url,
      );
      const titleNode = firstUnder(p.el, (e) => hasWord(e, "itemprop", "jobTitle"));
      jobTitle = titleNode
        ? clean(titleNode.attribs.content ?? spacedText(titleNode, 120))
        : raw
          ? titleAfterName(clean(spacedText(p.el, 200)), raw)
          : null;
    } else if (p.el.tagName === "a" || p.el.tagName === "link") {
      url = absoluteUrl(p.el.attribs.href, page.url);
      raw = clean(spacedText(p.el, 200));
      if (!raw || /^https?:/.test(raw)) continue;
    }
    if (!raw || raw.length > 120) continue;
    const names = splitNames(raw, { siteName: site });
    for (const n of names)
      if (!out.some((x) => x.name === n))
        out.push(person(n, { url, jobTitle: names.length === 1 ? jobTitle : null }));
  }
  return out;
}

/** The first element under `el` in document order that `match` accepts (`$(el).find(sel)`). */
function firstUnder(el: Element, match: (e: Element) => boolean): Element | undefined {
  return allElements(el).find(match);
}

/** `[name~=word]`: the attribute, a list of words split by white space, holds `word`. */
function hasWord(el: Element, name: string, word: string): boolean {
  const v = el.attribs[name];
  return v?.split(/\s+/).includes(word) === true;
}

/**
 * "Luis Ferreira, Data Reporter": the words after the name and a comma inside the author's own
 * element are their job title, when short and free of dates and places-with-digits.
 */
function titleAfterName(whole: string | null, name: string): string | null {
  if (!whole?.startsWith(name)) return null;
  const m = /^\s*[,|–—-]\s*(\p{L}[\p{L}\s&.'’-]{1,59})$/u.exec(whole.slice(name.length));
  const title = m?.[1]?.trim();
  return title && title.split(/\s+/).length <= 6 ? title : null;
}
