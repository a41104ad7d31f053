import type { Author, Organization, Person } from "@vellum/model";
import type { Element } from "../structured/dom.js";
import { isObject, typesOf } from "../structured/jsonld.js";
import { absoluteUrl, clean } from "../structured/text.js";
import { isOrganizationByline, looksLikeName, splitNames } from "./names.js";
import type { Found, Page } from "./page.js";
import { ldList, ldText } from "./page.js";

function person(name: string, extra: Partial<Omit<Person, "type" | "name">> = {}): Person {
  return {
    type: "Person",
    name,
    url: extra.url ?? null,
    description: extra.description ?? null,
    image: extra.image ?? null,
    jobTitle: extra.jobTitle ?? null,
    sameAs: extra.sameAs ?? [],
  };
}

function organization(name: string, url: string | null = null): Organization {
  return { type: "Organization", name, url, logo: null, sameAs: [] };
}

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
function fromJsonLd(page: Page, site: string | null): Author[] {
  const a = page.ld.article;
  if (!a) return [];
  const out: Author[] = [];
  for (const item of ldList(page, a.author ?? a.creator)) {
    if (typeof item === "string") {
      if (isOrganizationByline(item)) out.push(organization(clean(item) ?? item));
      else for (const n of splitNames(item, { siteName: site })) out.push(person(n));
      continue;
    }
    if (!isObject(item)) continue;
    const name = ldText(page, item.name);
    if (!name) continue;
    const types = typesOf(item);
    if (types.some((t) => /organi[sz]ation|corporation|newsmediaorganization/i.test(t))) {
      out.push(
        organization(name, typeof item.url === "string" ? absoluteUrl(item.url, page.url) : null),
      );
      continue;
    }
    const names = splitNames(name, { siteName: site });
    const url = typeof item.url === "string" ? absoluteUrl(item.url, page.url) : null;
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

function fromMeta(page: Page, site: string | null): Found<Author[]> | null {
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
      for (const n of splitNames(v, { siteName: site }))
        if (!out.some((p) => p.name === n)) out.push(person(n));
    }
    if (out.length)
      return {
        value: out,
        source: key.startsWith("dc") ? "dublincore" : key.startsWith("article:") ? "og" : "meta",
      };
  }
  return null;
}

function fromMicrodata(page: Page, site: string | null): Author[] {
  const out: Author[] = [];
  for (const p of page.props.get("author")) {
    if (page.isChrome(p.el)) continue;
    const $el = page.$(p.el);
    let raw: string | null = p.value;
    let url: string | null = null;
    if (p.el.attribs.itemscope !== undefined || p.el.attribs.typeof !== undefined) {
      const nameEl = $el.find("[itemprop~=name], [property~=name]").first();
      raw = nameEl.length ? clean(nameEl.attr("content") ?? nameEl.text()) : clean($el.text());
      url = absoluteUrl(
        $el.find("[itemprop~=url]").attr("href") ?? $el.find("a[href]").attr("href"),
        page.url,
      );
    } else if (p.el.tagName === "a" || p.el.tagName === "link") {
      url = absoluteUrl(p.el.attribs.href, page.url);
      raw = clean($el.text()) ?? null;
      if (!raw || /^https?:/.test(raw)) continue;
    }
    if (!raw || raw.length > 120) continue;
    for (const n of splitNames(raw, { siteName: site }))
      if (!out.some((x) => x.name === n)) out.push(person(n, { url }));
  }
  return out;
}

const BYLINE_SELECTOR = [
  "a[rel~=author]",
  ".byline",
  ".by-line",
  "[class*=byline]",
  "[class*=Byline]",
  ".vcard .fn",
  "[class*=author-name]",
  "[class*=authorName]",
  "[class*=author__name]",
  "[class*=author] a[href]",
  "[class*=author]",
  "[class*=Author]",
  "[id*=author]",
  "[class*=autor]",
  "[class*=writer]",
  "[data-testid*=byline]",
  "[data-component*=byline]",
].join(", ");

/** Visible bylines: `rel=author` links and byline/author classes outside page chrome. */
function fromByline(page: Page, site: string | null): Found<Author[]> | null {
  const { $ } = page;
  const els = $(BYLINE_SELECTOR).toArray() as Element[];
  for (const el of els.slice(0, 40)) {
    if (page.isChrome(el)) continue;
    const text = clean($(el).text());
    if (!text || text.length > 150) continue;
    // The link inside a byline names the author and points at their page.
    const links = el.tagName === "a" ? [el] : ($(el).find("a[href]").toArray() as Element[]);
    const out: Author[] = [];
    for (const a of links.slice(0, 6)) {
      const t = clean($(a).text());
      if (!t || !looksLikeName(t.replace(/^(?:by|von|par|por)\s+/i, ""))) continue;
      for (const n of splitNames(t, { siteName: site }))
        if (!out.some((x) => x.name === n))
          out.push(person(n, { url: absoluteUrl(a.attribs.href, page.url) }));
    }
    if (!out.length) for (const n of splitNames(text, { siteName: site })) out.push(person(n));
    if (out.length)
      return { value: out, source: el.tagName === "a" && el.attribs.rel ? "byline" : "byline" };
  }
  return null;
}

/**
 * Authors in byline order, first sound rule wins: JSON-LD, meta names, microdata, visible byline.
 * An organisation that signs the piece (a wire service) is an Organization, never a Person.
 */
export function authors(page: Page, site: string | null): Found<Author[]> | null {
  const ld = fromJsonLd(page, site);
  if (ld.length) return { value: ld, source: "jsonld" };
  const meta = fromMeta(page, site);
  if (meta) return meta;
  const md = fromMicrodata(page, site);
  if (md.length) return { value: md, source: md[0] ? "microdata" : "microdata" };
  return fromByline(page, site);
}
