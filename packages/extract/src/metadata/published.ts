import type { Provenance } from "@vellum/model";
import { type Element, followingText, spacedText } from "../structured/dom.js";
import { metaProvenance } from "../structured/meta.js";
import { clean, fold } from "../structured/text.js";
import { parseDate } from "./dates.js";
import type { Found, Page } from "./page.js";
import { ldProp, ldText } from "./page.js";

const PUBLISHED_META = [
  "article:published_time",
  "article:published",
  "og:published_time",
  "og:article:published_time",
  "datepublished",
  "published_time",
  "publishdate",
  "publish-date",
  "publish_date",
  "published-date",
  "published_date",
  "publication_date",
  "pubdate",
  "pub_date",
  "dc.date.issued",
  "dcterms.issued",
  "dc.date.created",
  "dcterms.created",
  "dc.date",
  "dc:date",
  "dcterms.date",
  "sailthru.date",
  "parsely-pub-date",
  "article.published",
  "article_date_original",
  "originalpublicationdate",
  "original-publish-date",
  "citation_publication_date",
  "citation_date",
  "rnews:datepublished",
  "datecreated",
  "date_published",
  "displaydate",
  "date",
  "created",
];
const MODIFIED_META = [
  "article:modified_time",
  "og:updated_time",
  "article:modified",
  "datemodified",
  "dc.date.modified",
  "dcterms.modified",
  "last-modified",
  "lastmod",
  "modified",
];

/**
 * Whether `03/04/2019` is 3 April on this page: everywhere but in US English. The language is
 * `<html lang>`, else the `Content-Language` meta or `og:locale` (`pt_BR`); unknown reads month first.
 */
function dayFirst(page: Page): boolean {
  const lang = (
    page.htmlLang ||
    page.meta.get("content-language")[0] ||
    page.meta.get("og:locale")[0] ||
    ""
  )
    .trim()
    .toLowerCase()
    .replace("_", "-");
  return lang !== "" && !lang.startsWith("en-us") && lang !== "en";
}

function fromMeta(page: Page, keys: readonly string[]): Found<string> | null {
  for (const key of keys) {
    for (const v of page.meta.get(key)) {
      const d = parseDate(v, { dayFirst: dayFirst(page) });
      if (d) return { value: d, source: metaProvenance(key) };
    }
  }
  return null;
}

/** `datePublished` in microdata/RDFa on visible elements (`<time itemprop=datePublished>`). */
function fromProps(page: Page, name: string): Found<string> | null {
  for (const p of page.props.get(name)) {
    if (p.el.tagName === "meta" || page.isAside(p.el)) continue;
    const a = p.el.attribs;
    // hAtom writes the machine date in `title` of an `<abbr>`; the visible text is often a time.
    const d = parseDate(
      a.datetime ?? a.content ?? (p.el.tagName === "abbr" ? a.title : undefined) ?? p.value,
    );
    if (d) return { value: d, source: p.source };
  }
  return null;
}

/** hNews/hAtom (`.published`, `abbr.published[title]`) and `<time pubdate>`. */
function fromMicroformats(page: Page): Found<string> | null {
  for (const el of page.elements) {
    const a = el.attribs;
    const marked =
      (el.tagName === "time" && a.pubdate !== undefined) ||
      (a.class !== undefined && /(?:^|\s)(?:published|dt-published)(?:\s|$)/.test(a.class));
    if (!marked || page.isChrome(el)) continue;
    // `title="06-08-2009T14:12:32+0200"`: a numeric day written the page's way round.
    const d = parseDate(a.datetime ?? a.title ?? spacedText(el, 200), {
      dayFirst: dayFirst(page),
    });
    if (d) return { value: d, source: "time" };
  }
  return null;
}

/** Dates written in the URL: `/2019/03/03/`, `/2019-03-03-`, `/20190303/`, `/29-10-2021`. */
export function fromUrl(url: string | null): string | null {
  if (!url) return null;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const m =
    /\/((?:19|20)\d{2})\/(\d{1,2})\/(\d{1,2})(?:\/|$)/.exec(path) ??
    /(?:^|[/_-])((?:19|20)\d{2})-(\d{2})-(\d{2})(?:[/_.-]|$)/.exec(path) ??
    /\/((?:19|20)\d{2})(\d{2})(\d{2})(?:[/_.-]|$)/.exec(path);
  if (m)
    return parseDate(`${m[1]}-${(m[2] ?? "").padStart(2, "0")}-${(m[3] ?? "").padStart(2, "0")}`);
  // Day first (`/23-01-2022-title`) only where the day cannot be a month: `03-04-2022` could be
  // either way round, and the page's language says nothing about how its CMS writes slugs.
  const dmy = /(?:^|[/_-])(\d{2})-(\d{2})-((?:19|20)\d{2})(?:[/_.-]|$)/.exec(path);
  return dmy && Number(dmy[1]) > 12 ? parseDate(`${dmy[3]}-${dmy[2]}-${dmy[1]}`) : null;
}

/** Elements that may hold a visible date: `<time>`, and date/time/byline/meta classes. */
// `submitted` is Drupal's "Submitted by … on …" line.
const DATE_CLASS = /date|time|publish|posted|submitted|byline|author|meta|info|datum|fecha|data/i;
function isDateCandidate(el: Element): boolean {
  const a = el.attribs;
  if (el.tagName === "time") return true;
  if (el.tagName === "script" || el.tagName === "style") return false;
  if (a.class && DATE_CLASS.test(a.class)) return true;
  if (a.id && /date/i.test(a.id)) return true;
  return a.itemprop !== undefined && /date/i.test(a.itemprop);
}

/** Words that mark a date as an update, not the publication: it loses to any other date. */
const UPDATED =
  /\b(?:updated?|lastupdated?|modified|aktualisiert|geändert|mis à jour|actualizado|aggiornato|atualizado|bijgewerkt)\b/i;

/**
 * A date in visible text near the headline: `<time datetime>`, then date/byline/meta classes,
 * outside sidebars, comments and related lists, in document order, preferring those after the h1.
 */
function fromVisible(page: Page, h1: Element | null): Found<string> | null {
  // `h1` is the headline element or its stand-in; without either, the first date wins.
  const candidates = page.elements.filter(isDateCandidate);
  let before: Found<string> | null = null;
  let nearBefore: Found<string> | null = null;
  let updatedOnly: Found<string> | null = null;
  let seenH1 = h1 === null;
  let checked = 0;
  for (const el of candidates) {
    if (!seenH1 && h1 && isAfter(el, h1)) seenH1 = true;
    if (page.isChrome(el)) continue;
    if (++checked > 80) break;
    const a = el.attribs;
    const text = clean(spacedText(el, 300)) ?? "";
    let d: string | null = null;
    let source: Provenance = "heuristic";
    if (a.datetime) {
      d = parseDate(a.datetime);
      source = "time";
    }
    if (!d && text.length > 0 && text.length < 160)
      d = parseDate(text, { dayFirst: dayFirst(page) });
    if (!d && a.title && a.title.length < 80) d = parseDate(a.title);
    if (!d) continue;
    const found = { value: d, source };
    if (
      UPDATED.test(text) &&
      !/\b(?:published|posted|veröffentlicht|publié|publicado|pubblicato)\b/i.test(text)
    ) {
      updatedOnly ??= found;
      continue;
    }
    if (seenH1) {
      // A date in the headline block just above the h1 beats one far below it (a teaser list
      // after the article): the distance is in source characters. So does a dateline right
      // above the h1 that carries no date class ("21. Jan 2022 // Jane Roe"), and then any dated
      // line before the h1: past the article's first screens, dates belong to other items.
      if (h1 && distance(h1, el) > FAR_BELOW)
        return nearBefore ?? fromAboveHeadline(page, h1) ?? before ?? found;
      return found;
    }
    before ??= found;
    if (h1 && distance(el, h1) < NEAR_ABOVE) nearBefore = found;
  }
  return before ?? updatedOnly;
}

/** A date written in the short lines right under the headline ("Pressemitteilung vom 25. Januar 2022"). */
function fromUnderHeadline(
  page: Page,
  maxChars = 1200,
  h1: Element | null = page.headlineEl,
  skip: (el: Element) => boolean = page.isChrome,
): Found<string> | null {
  if (!h1) return null;
  // A line marked as the last edit only counts when no other date line follows it: themes also
  // put hAtom's `updated` on their only, published, date.
  let marked: Found<string> | null = null;
  for (const { text, node } of followingText(h1, maxChars)) {
    // A link's URL shown as text carries its own path date (`…/2020/01/15/…`).
    if (skip(node) || text.startsWith("http")) continue;
    // A sentence may open with its date ("27.1.2022 – Bei der …"); only its start counts: later
    // in running text a date is an event's ("Am 21. und 22. Mai 2022 wird …"), and so is one in
    // the text after a link in mid-paragraph ("… (<a>Urteil 6B_12/2019</a> vom 24.01.2020, …").
    const long = text.length > 64;
    if (long && !spacedText(node, 80).startsWith(text.slice(0, 20))) continue;
    const d = parseDate(long ? text.slice(0, 40) : text, { dayFirst: dayFirst(page) });
    if (!d || UPDATED.test(text)) continue;
    if (!isUpdateMarked(node)) return { value: d, source: "heuristic" };
    marked ??= { value: d, source: "heuristic" };
  }
  return marked;
}

/** hAtom's `updated`, `dateModified` microdata and "modified" classes mark the last edit. */
const UPDATE_MARK = /(?:^|[\s_-])(?:updated|modified|date-?modified|last-?modified)(?:$|[\s_-])/i;

/** True when the element or its parent is marked as the modification date. */
function isUpdateMarked(el: Element): boolean {
  for (
    let n: Element | null = el, i = 0;
    n?.attribs && i < 2;
    n = n.parent as Element | null, i++
  ) {
    const a = n.attribs;
    if (a.itemprop && /datemodified/i.test(a.itemprop)) return true;
    if (a.class && UPDATE_MARK.test(a.class)) return true;
  }
  return false;
}

/**
 * A kicker line right above the headline ("Pressemitteilung · 06.12.2022", `<p class="category">
 * 24. April 2020 | Nachrichten</p>`): the few short leaf elements just before the h1.
 */
function fromAboveHeadline(
  page: Page,
  h1: Element | null = page.headlineEl,
  skip: (el: Element) => boolean = page.isChrome,
): Found<string> | null {
  if (!h1) return null;
  const at = page.elements.indexOf(h1);
  for (let i = at - 1, seen = 0; i >= 0 && i >= at - 25 && seen < 6; i--) {
    const el = page.elements[i] as Element;
    if (el.tagName === "script" || el.tagName === "style" || el.tagName === "header") continue;
    // A menu between the date and the headline makes the date the page's, not the article's;
    // a toolbar of one or two items ("Drucken") does not.
    if (el.tagName === "nav" || ((el.tagName === "ul" || el.tagName === "ol") && isMenu(el)))
      return null;
    if (
      !el.children.some((c) => c.type === "text" && /\S/.test((c as { data?: string }).data ?? ""))
    )
      continue;
    seen++;
    if (skip(el)) continue;
    const text = clean(spacedText(el, 120)) ?? "";
    if (!text || text.length > 80 || text.startsWith("http") || UPDATED.test(text)) continue;
    const d = parseDate(text, { dayFirst: dayFirst(page) });
    if (d) return { value: d, source: "heuristic" };
  }
  return null;
}

/**
 * The lines right around the headline once more, where the page-wide chrome test said no: a
 * wrapper that holds both the headline and the date ("right-sidebar" on the layout column, a
 * WordPress post class "category-popular") says nothing about the date, and a breadcrumb trail
 * that carries the timestamp is the article's own header. What still disqualifies a line is a
 * list of other items between it and the headline's block: comments, related posts, teasers.
 * Without a headline element, the heading or bold line whose text is the page's title stands in.
 */
function fromHeadlineBlock(page: Page, anchor: Element | null): Found<string> | null {
  if (!anchor) return null;
  const shared = new Set<Element>();
  for (let n: Element | null = anchor; n?.attribs; n = n.parent as Element | null) shared.add(n);
  const skip = (el: Element): boolean => page.isChrome(el) && listsOtherItems(el, shared);
  return fromUnderHeadline(page, 400, anchor, skip) ?? fromAboveHeadline(page, anchor, skip);
}

/** Class or id words of blocks that list other items, each with its own date. */
const OTHER_ITEMS =
  /(?:^|[\s_-])(?:comments?|replies|sidebar|side-bar|related|recommend\w*|popular|most-read|trending|archives?|teasers?|widgets?|more-stories|promo|carousel|slider|swiper)(?:$|[\s_-])/i;
const OTHER_ITEMS_TAGS = new Set(["aside", "footer", "form"]);

/** True when a block of other items lies between `el` and the headline's ancestors (`shared`). */
function listsOtherItems(el: Element, shared: ReadonlySet<Element>): boolean {
  for (let n: Element | null = el; n?.attribs && !shared.has(n); n = n.parent as Element | null) {
    const a = n.attribs;
    if (OTHER_ITEMS_TAGS.has(n.tagName)) return true;
    if ((a.class || a.id) && OTHER_ITEMS.test(`${a.class ?? ""} ${a.id ?? ""}`)) return true;
  }
  return false;
}

const STAND_IN_TAGS = new Set([
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "b",
  "strong",
  "font",
  "span",
  "div",
  "td",
  "p",
]);

/**
 * The first heading or bold line whose own text is the page's title (`<title>` may add the site's
 * name after a separator): old table layouts set the headline in `<font>`, some put it in an h4,
 * and an h1 inside a layout column named "right-sidebar" is not among `page.h1s`.
 */
function headlineStandIn(page: Page): Element | null {
  const raw = [page.meta.get("og:title")[0], page.titleTag].filter(
    (t) => t !== undefined && t !== null,
  );
  const titles = raw.map((t) => fold(t)).filter((t) => t.length >= 8);
  if (!titles.length) return null;
  // Text longer than every title (with room for spacing and punctuation) cannot match: most
  // elements are skipped before folding.
  const maxLength = Math.max(...raw.map((t) => t.length)) + 20;
  for (const el of page.elements) {
    if (!STAND_IN_TAGS.has(el.tagName) || !hasOwnText(el)) continue;
    const text = spacedText(el, maxLength + 1);
    if (text.length < 8 || text.length > maxLength) continue;
    const t = fold(text);
    // A prefix must be at least half the title: a logo line "Site" also opens "Site - Story".
    if (t.length < 8) continue;
    if (!titles.some((x) => x === t || (x.startsWith(`${t} `) && t.length * 2 >= x.length)))
      continue;
    if (isWholeLine(el, text)) return el;
  }
  return null;
}

const INLINE_TAGS = new Set(["b", "strong", "font", "span", "em", "i", "a"]);

/**
 * A headline is a line of its own: `<td><b><font>Title</font></b></td>`, not the bold words
 * opening a paragraph (`<p><strong>Title</strong> is no easy hobby…</p>`).
 */
function isWholeLine(el: Element, text: string): boolean {
  let block: Element = el;
  while (INLINE_TAGS.has(block.tagName) && block.parent && "tagName" in block.parent)
    block = block.parent as Element;
  return block === el || spacedText(block, text.length + 10).length <= text.length;
}

function hasOwnText(el: Element): boolean {
  return el.children.some(
    (c) => c.type === "text" && /\S/.test((c as { data?: string }).data ?? ""),
  );
}

function isMenu(list: Element): boolean {
  let items = 0;
  for (const c of list.children) if (c.type === "tag" && (c as Element).tagName === "li") items++;
  return items > 2;
}

const NEAR_ABOVE = 600;
const FAR_BELOW = 6000;

/** Source characters from `a` to `b` (b after a); unknown positions count as adjacent. */
function distance(a: Element, b: Element): number {
  return typeof a.startIndex === "number" && typeof b.startIndex === "number"
    ? b.startIndex - a.startIndex
    : 0;
}

/** True when `el` comes after `ref` in document order. */
function isAfter(el: Element, ref: Element): boolean {
  // startIndex is set by htmlparser2 (withStartIndices) when available; else compare by walking.
  if (typeof el.startIndex === "number" && typeof ref.startIndex === "number")
    return el.startIndex > ref.startIndex;
  return false;
}

/**
 * datePublished, first sound rule wins: JSON-LD, meta, microdata, microformats, visible text near
 * the headline, the URL. Never the fetch time and never `Last-Modified`.
 */
export function datePublished(page: Page): Found<string> | null {
  const ld =
    ldProp(page, "datePublished") ?? ldProp(page, "dateCreated") ?? ldProp(page, "uploadDate");
  const ldValue = ld === undefined ? null : ldText(page, ld);
  const fromLd = ldValue ? parseDate(ldValue) : null;
  // A date printed right under the headline (or in the dateline just above it) is what readers
  // see; where it names another day than the JSON-LD or meta (republished pages, stale CMS
  // fields, a UTC instant past local midnight), the printed one wins. Only the closest lines
  // count, and never an "updated" line.
  let anchor: Element | null | undefined;
  const headline = (): Element | null => {
    if (anchor === undefined) anchor = page.headlineEl ?? headlineStandIn(page);
    return anchor;
  };
  const shown = (): Found<string> | null =>
    fromUnderHeadline(page, 400, headline()) ?? fromAboveHeadline(page, headline());
  if (fromLd) {
    const seen = shown();
    if (seen && !sameDay(seen.value, fromLd)) return seen;
    return { value: fromLd, source: "jsonld" };
  }
  const meta = fromMeta(page, PUBLISHED_META);
  if (meta) {
    const seen = shown();
    if (seen && !sameDay(seen.value, meta.value)) return seen;
    return meta;
  }
  const marked = fromProps(page, "datepublished") ?? fromMicroformats(page);
  if (marked) return marked;
  return (
    fromVisible(page, headline()) ??
    fromUnderHeadline(page) ??
    fromAboveHeadline(page) ??
    fromHeadlineBlock(page, headline()) ??
    urlDate(page) ??
    fromTitles(page) ??
    fromProps(page, "datecreated")
  );
}

/**
 * The same calendar day, or the same one with day and month swapped: a printed `11/01/2021` is
 * read day first on a German page, and where the structured date says 1 November the page
 * simply wrote it month first.
 */
function sameDay(shown: string, structured: string): boolean {
  const a = shown.slice(0, 10);
  const b = structured.slice(0, 10);
  return a === b || a === `${b.slice(0, 4)}-${b.slice(8, 10)}-${b.slice(5, 7)}`;
}

/** Press releases and reports put the day in the title ("Bericht zur Lage vom 22.04.2020"). */
function fromTitles(page: Page): Found<string> | null {
  for (const t of [page.titleTag, page.meta.get("og:title")[0]]) {
    const d = t ? parseDate(t, { dayFirst: dayFirst(page) }) : null;
    if (d) return { value: d, source: "title" };
  }
  return null;
}

function urlDate(page: Page): Found<string> | null {
  const d = fromUrl(page.url);
  return d ? { value: d, source: "url" } : null;
}

export function dateModified(page: Page): Found<string> | null {
  const ld = ldProp(page, "dateModified");
  const ldValue = ld === undefined ? null : ldText(page, ld);
  const fromLd = ldValue ? parseDate(ldValue) : null;
  if (fromLd) return { value: fromLd, source: "jsonld" };
  return fromMeta(page, MODIFIED_META) ?? fromProps(page, "datemodified");
}
