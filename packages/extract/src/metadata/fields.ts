import type { Breadcrumb, Organization } from "@vellum/model";
import { headerValue } from "@vellum/model";
import { type Element, spacedText } from "../structured/dom.js";
import { isObject, type JsonObject, typesOf } from "../structured/jsonld.js";
import { metaProvenance } from "../structured/meta.js";
import { absoluteUrl, clean, fold } from "../structured/text.js";
import { ldImageRef } from "./image.js";
import type { Found, Page } from "./page.js";
import { ldList, ldProp, ldText } from "./page.js";

/** The meta description, the page's summary: og, the description meta, twitter, JSON-LD, DC. */
export function description(page: Page): Found<string> | null {
  // og:description first: where the two differ, it is the one written for readers (the
  // description meta is more often an SEO keyword string).
  const m = page.meta.first([
    "og:description",
    "description",
    "twitter:description",
    "dc.description",
    "dcterms.description",
    "sailthru.description",
  ]);
  const ld = plainText(ldText(page, ldProp(page, "description")));
  if (m) {
    const v = plainText(m.value);
    if (v) {
      // A summary cut off with an ellipsis loses to the same text written out in full elsewhere.
      const stem = truncatedStem(v);
      if (stem) {
        const whole = [
          ...["og:description", "description", "twitter:description"].flatMap((k) =>
            page.meta.get(k).map((x) => ({ value: plainText(x), source: metaProvenance(k) })),
          ),
          { value: ld, source: "jsonld" as const },
        ].find(
          (c) =>
            c.value &&
            c.value.length > v.length &&
            c.value.startsWith(stem) &&
            !truncatedStem(c.value),
        );
        if (whole?.value) return { value: whole.value, source: whole.source };
      }
      return { value: v, source: metaProvenance(m.key) };
    }
  }
  return ld ? { value: ld, source: "jsonld" } : null;
}

/** The text before a trailing "..." or "…" (a summary cut to length), or null when not cut. */
function truncatedStem(text: string): string | null {
  const m = /^(.{20,}?)\s*(?:\.{3}|…)$/su.exec(text);
  return m?.[1] ?? null;
}

// Tags written into a summary by a CMS that escaped its HTML field into the attribute. Inline
// tags join their neighbours ("and<a>Read more</a>"); any other tag separates words.
const INLINE_TAG = /<\/?(?:a|abbr|b|code|em|i|mark|small|span|strong|sub|sup|u)(?:\s[^<>]*)?>/gi;
const OTHER_TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi;

/** The link excerpt generators append ("… <a href=…>Read more</a>"): not part of the summary. */
const MORE_LINK =
  /<a\b[^<>]*>\s*(?:read more|continue reading|more|weiterlesen|mehr|lire la suite|leer más|leggi tutto|…|\.{3})\s*<\/a>/giu;

/** A summary as plain text: a description is text, never markup. */
function plainText(s: string | null | undefined): string | null {
  if (!s?.includes("<")) return clean(s);
  return clean(s.replace(MORE_LINK, "").replace(INLINE_TAG, "").replace(OTHER_TAG, " "));
}

/**
 * How many elements after the headline may still be the article's header: share bars, bylines
 * and lead images sit between the headline and a standfirst.
 */
const SUMMARY_REACH = 400;
/** Elements right after the headline: its kicker, dek and byline. */
const NEAR_HEADLINE = 60;
/** How far past the headline a dek-classed block or an h2 is still the standfirst. */
const DEK_REACH = 40;

/** The first `max` characters of the element's text, across its text nodes, in document order. */
function leadingText(el: Element, max: number): string {
  let out = "";
  // Indentation before the first word does not count toward `max`.
  const walk = (node: Element): boolean => {
    for (const c of node.children) {
      if (c.type === "text") {
        out += (c as { data: string }).data;
        if (out.trimStart().length >= max) return true;
      } else if (c.type === "tag" && walk(c as Element)) return true;
    }
    return false;
  };
  walk(el);
  return out.trimStart().slice(0, max);
}

/** The element's first letter or digit, folded: a cheap match before any text is assembled. */
function firstLetter(el: Element): string | undefined {
  for (const c of el.children) {
    if (c.type === "text") {
      const m = LETTER.exec((c as { data: string }).data);
      if (m) return /[A-Za-z0-9]/.test(m[0]) ? m[0].toLowerCase() : fold(m[0]);
    } else if (c.type === "tag") {
      const inner = firstLetter(c as Element);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

const LETTER = /[\p{L}\p{N}]/u;

/** How much of a summary's opening must match before an element's whole text is compared. */
const OPENING_CHARS = 6;

/** Classes that mark a standfirst. */
const DEK_CLASS =
  /dek|standfirst|subtitle|subhead|sub-head|summary|teaser-text|intro|lede|lead|excerpt|description|abstract|kurztext|chapeau|bajada|entradilla/i;
const NOT_DEK_CLASS =
  /lead-?image|lead-?media|leaderboard|intro-?image|headline|title-?wrap|video|image|photo|media/i;

/**
 * The dek (standfirst): JSON-LD `alternativeHeadline`, else a short block among the elements right
 * after the h1 with a dek-like class or an h2. Never the first paragraph of the body (that is the
 * lede, not a dek).
 */
export function dek(
  page: Page,
  headline: string | null,
  summary: string | null = null,
): Found<string> | null {
  const ld = ldText(page, page.ld.article?.alternativeHeadline);
  if (ld) return { value: ld, source: "jsonld" };
  const h1 = page.headlineEl;
  if (!h1) return null;
  const start = page.elements.indexOf(h1);
  if (start < 0) return null;
  const printed = summary ? printedSummary(page, start, summary) : null;
  // The summary printed right under the headline is the standfirst; a dek-classed block or an h2
  // there comes next; the summary printed further down (past share bars, bylines and the lead
  // image) only when neither is there.
  if (printed && printed.at - start <= NEAR_HEADLINE) return printed.found;
  let seenParagraph = false;
  for (const el of page.elements.slice(start + 1, start + DEK_REACH)) {
    const a = el.attribs;
    const cls = `${a.class ?? ""} ${a.id ?? ""}`;
    const isDek =
      a.itemprop === "alternativeHeadline" ||
      (el.tagName === "h2" && !seenParagraph) ||
      (DEK_CLASS.test(cls) && !NOT_DEK_CLASS.test(cls));
    if (el.tagName === "p" && !isDek) seenParagraph = true;
    if (!isDek || page.isChrome(el)) continue;
    const t = clean(spacedText(el, 600));
    if (!t || t.length < 20 || t.length > 400 || t === headline) continue;
    return { value: t, source: el.tagName === "h2" ? "heading" : "heuristic" };
  }
  return printed?.found ?? null;
}

/** The page's summary (its meta description) printed as a block after the headline, and where. */
function printedSummary(
  page: Page,
  start: number,
  summary: string,
): { found: Found<string>; at: number } | null {
  // Compared without spaces: the page puts a space at each link's edge ("は Chromium で"), which
  // Chinese and Japanese text does not have.
  const want = fold(summary).replace(/ /g, "");
  // The opening, folded like the rest ("Don’t" and "Don't" agree), a few characters long: in
  // Chinese or Japanese the first "word" can be the whole summary.
  const opening = want.slice(0, OPENING_CHARS);
  if (want.length < 20) return null;
  // Wrappers (`div > div > p`) repeat their only child's text: fold each distinct text once.
  const folded = new Map<string, string>();
  const end = Math.min(page.elements.length, start + SUMMARY_REACH);
  for (let i = start + 1; i < end; i++) {
    const el = page.elements[i] as Element;
    if (el.tagName === "script" || el.tagName === "style") continue;
    // Only an element whose text opens like the summary can print it: the checks keep the text
    // assembly off the hundreds of other elements in reach, the first letter before any folding.
    if (firstLetter(el) !== opening[0]) continue;
    const lead = leadingText(el, 4 * OPENING_CHARS);
    if (!fold(lead).replace(/ /g, "").startsWith(opening)) continue;
    const t = clean(spacedText(el, 600));
    if (!t || t.length > 600) continue;
    let f = folded.get(t);
    if (f === undefined) {
      f = fold(t).replace(/ /g, "");
      folded.set(t, f);
    }
    if (f === want && !page.isChrome(el)) {
      // The page's text, with its typography; but where only spacing differs, the spaces are the
      // ones we put at link edges, so the summary's own spacing is the one to keep.
      const value = fold(t) === fold(summary) ? t : (clean(summary) ?? t);
      return { found: { value, source: "heuristic" }, at: i };
    }
  }
  return null;
}

function organizationFrom(page: Page, v: unknown): Organization | null {
  const x = page.ld.deref(Array.isArray(v) ? v[0] : v);
  if (typeof x === "string") {
    const name = clean(x);
    return name ? { type: "Organization", name, url: null, logo: null, sameAs: [] } : null;
  }
  if (!isObject(x)) return null;
  const name = ldText(page, x.name);
  if (!name) return null;
  const types = typesOf(x);
  const sameAs = ldList(page, x.sameAs)
    .map((s) => (typeof s === "string" ? absoluteUrl(s, page.url) : null))
    .filter((s): s is string => s !== null);
  return {
    type: types.includes("NewsMediaOrganization") ? "NewsMediaOrganization" : "Organization",
    name,
    url: typeof x.url === "string" ? absoluteUrl(x.url, page.url) : null,
    logo: x.logo === undefined ? null : ldImageRef(page, x.logo),
    sameAs,
  };
}

/** The publisher: JSON-LD `publisher`, else the site name with the site's root URL. */
export function publisher(page: Page, site: Found<string> | null): Found<Organization> | null {
  const ld = ldProp(page, "publisher");
  if (ld !== undefined) {
    const org = organizationFrom(page, ld);
    if (org) return { value: org, source: "jsonld" };
  }
  const md = microdataPublisher(page);
  if (md) return md;
  const pubMeta = page.meta.first([
    "article:publisher",
    "dc.publisher",
    "dcterms.publisher",
    "publisher",
  ]);
  const name =
    site?.value ?? (pubMeta && !/^https?:/i.test(pubMeta.value) ? clean(pubMeta.value) : null);
  if (!name) return null;
  let url: string | null = null;
  try {
    url = page.url ? new URL("/", page.url).href : null;
  } catch {
    url = null;
  }
  return {
    value: { type: "Organization", name, url, logo: null, sameAs: [] },
    source: site?.source ?? "meta",
  };
}

/** `itemprop=publisher` with an Organization scope: its name, url and logo. */
function microdataPublisher(page: Page): Found<Organization> | null {
  for (const p of page.props.get("publisher")) {
    const a = p.el.attribs;
    if (a.itemscope === undefined && a.typeof === undefined) {
      const name = clean(p.value);
      if (name && name.length < 100)
        return {
          value: { type: "Organization", name, url: null, logo: null, sameAs: [] },
          source: p.source,
        };
      continue;
    }
    const $el = page.$(p.el);
    const nameEl = $el.find("[itemprop~=name], [property~=name]").get(0);
    const name = nameEl ? clean(nameEl.attribs.content ?? spacedText(nameEl, 200)) : null;
    if (!name) continue;
    const urlEl = $el.children("[itemprop~=url]").get(0);
    const logoEl = $el.find("[itemprop~=logo]").get(0);
    const logoUrl = logoEl
      ? (logoEl.attribs.src ??
        logoEl.attribs.href ??
        logoEl.attribs.content ??
        page.$(logoEl).find("[itemprop~=url]").attr("href") ??
        page.$(logoEl).find("[itemprop~=url]").attr("content") ??
        page.$(logoEl).find("img").attr("src"))
      : undefined;
    const logo = absoluteUrl(logoUrl, page.url);
    const type = /NewsMediaOrganization/.test(a.itemtype ?? a.typeof ?? "")
      ? "NewsMediaOrganization"
      : "Organization";
    return {
      value: {
        type,
        name,
        url: absoluteUrl(urlEl?.attribs.href ?? urlEl?.attribs.content, page.url),
        logo: logo ? { url: logo, width: null, height: null, caption: null } : null,
        sameAs: [],
      },
      source: p.source,
    };
  }
  return null;
}

/** BCP 47 from `<html lang>`, `Content-Language`, `og:locale`, `inLanguage`; `en_US` → `en-US`. */
export function language(page: Page): Found<string> | null {
  const norm = (s: string | null | undefined): string | null => {
    const t =
      (s ?? "")
        .trim()
        .split(/[,;\s]/)[0]
        ?.replace(/_/g, "-") ?? "";
    if (!/^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.test(t)) return null;
    const [lang, ...rest] = t.split("-");
    return [
      lang?.toLowerCase(),
      ...rest.map((r) =>
        r.length === 2
          ? r.toUpperCase()
          : r.length === 4
            ? r[0]?.toUpperCase() + r.slice(1).toLowerCase()
            : r,
      ),
    ].join("-");
  };
  const html = norm(page.htmlLang);
  if (html) return { value: html, source: "meta" };
  const ld = norm(ldText(page, ldProp(page, "inLanguage")));
  if (ld) return { value: ld, source: "jsonld" };
  const header = norm(headerValue(page.headers, "content-language"));
  if (header) return { value: header, source: "http" };
  const m = page.meta.first([
    "content-language",
    "og:locale",
    "language",
    "dc.language",
    "dcterms.language",
  ]);
  const mv = m ? norm(m.value) : null;
  return mv && m ? { value: mv, source: metaProvenance(m.key) } : null;
}

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

export function keywords(page: Page): Found<string[]> | null {
  const split = (values: readonly unknown[]): string[] => {
    const out: string[] = [];
    // Each kept keyword folded once, not once per later comparison.
    const seen = new Set<string>();
    for (const v of values) {
      if (typeof v !== "string") continue;
      for (const k of v.split(/\s*[,;]\s*/)) {
        const c = clean(k);
        if (!c || c.length >= 80) continue;
        const f = fold(c);
        if (seen.has(f)) continue;
        seen.add(f);
        out.push(c);
      }
    }
    return out;
  };
  const ld = page.ld.article?.keywords;
  if (ld !== undefined) {
    const k = split(Array.isArray(ld) ? ld : [ld]);
    if (k.length) return { value: k, source: "jsonld" };
  }
  const tags = page.meta.get("article:tag");
  if (tags.length) return { value: split(tags), source: "og" };
  for (const key of ["news_keywords", "keywords", "parsely-tags", "sailthru.tags"]) {
    const k = split(page.meta.get(key));
    if (k.length) return { value: k, source: "meta" };
  }
  return null;
}

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

export function articleType(page: Page): Found<string> | null {
  const a = page.ld.article;
  if (a) {
    const t = typesOf(a)[0];
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

/** BreadcrumbList items in position order, from JSON-LD, else from microdata. */
export function breadcrumb(page: Page): Found<Breadcrumb[]> | null {
  const list = page.ld.nodes.find((n) => typesOf(n).includes("BreadcrumbList"));
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
