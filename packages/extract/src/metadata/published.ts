import type { Provenance } from "@vellum/model";
import { HEADING_TAGS } from "../html-tags.js";
import { metaProvenance } from "../structured/meta.js";
import { clean, fold } from "../structured/normalize.js";
import { type Element, followingText, spacedText } from "../structured/walk.js";
import { parseDate } from "./dates.js";
import type { Found, Page } from "./page.js";
import { ldProp, ldText, PageCache } from "./page.js";

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

/** Computed once per page: the date rules ask for it on every line they read. */
const DAY_FIRST = new PageCache<boolean>();

/**
 * Whether `03/04/2019` is 3 April on this page: everywhere but in US English. The language is
 * `<html lang>`, else the `Content-Language` meta or `og:locale` (`pt_BR`); unknown reads month first.
 */
function dayFirst(page: Page): boolean {
  let known = DAY_FIRST.get(page);
  if (known === undefined) {
    known = readsDayFirst(page);
    DAY_FIRST.set(page, known);
  }
  return known;
}

function readsDayFirst(page: Page): boolean {
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
    // `title="17-03-2011T09:40:05+0100"`: a numeric day written the page's way round.
    const d = parseDate(a.datetime ?? a.title ?? spacedText(el, 200), {
      dayFirst: dayFirst(page),
    });
    if (d) return { value: d, source: "time" };
  }
  return null;
}

/** Dates written in the URL: `/2019/03/03/`, `/2019-03-03-`, `/20190303/`, `/31-03-2020`. */
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
  // Day first (`/17-05-2022-slug`) only where the day cannot be a month: `03-04-2022` could be
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
  /\b(?:updated?|modified|aktualisiert|geändert|mis à jour|actualizado|aggiornato|atualizado|bijgewerkt)\b/i;

/**
 * A date in visible text near the headline: `<time datetime>`, then date/byline/meta classes,
 * outside sidebars, comments and related lists, in document order, preferring those after the h1.
 */
function fromVisible(page: Page, h1: Element | null): Found<string> | null {
  // `h1` is the headline element or its stand-in; without either, the first date wins.
  const candidates = page.elements.filter(isDateCandidate);
  let before: Found<string> | null = null;
  let nearBefore: Found<string> | null = null;
  let topBefore: Found<string> | null = null;
  let updatedOnly: Found<string> | null = null;
  let seenH1 = h1 === null;
  let checked = 0;
  for (const el of candidates) {
    if (!seenH1 && h1 && isAfter(el, h1)) seenH1 = true;
    if (page.isChrome(el)) continue;
    if (++checked > MAX_CANDIDATES) break;
    const a = el.attribs;
    const text = clean(spacedText(el, DATE_TEXT_READ)) ?? "";
    let d: string | null = null;
    let source: Provenance = "heuristic";
    if (a.datetime) {
      d = parseDate(a.datetime);
      source = "time";
    }
    if (!d && text.length > 0 && text.length < MAX_DATE_TEXT)
      d = parseDate(text, { dayFirst: dayFirst(page) });
    if (!d && a.title && a.title.length < MAX_DATELINE) d = parseDate(a.title);
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
      // above the h1 that carries no date class ("3 Feb 2019 // Ola Brenn"), and a dated line
      // within the article's top (past a lead image); one further up is the masthead's.
      if (h1 && distance(h1, el) > FAR_BELOW)
        return nearBefore ?? fromAboveHeadline(page, h1)?.found ?? topBefore ?? found;
      return found;
    }
    if (h1 && distance(el, h1) < NEAR_ABOVE) nearBefore = found;
    if (h1 && distance(el, h1) < TOP_ABOVE) topBefore ??= found;
    before ??= found;
  }
  return before ?? updatedOnly;
}

/** A date line found next to the headline, with the element that holds it. */
interface Line {
  found: Found<string>;
  el: Element;
  /** Classed or marked up as the last edit (hAtom `updated`, `dateModified`). */
  updateMarked: boolean;
}

/** A date written in the short lines right under the headline ("Mitteilung vom 9. Mai 2018"). */
function fromUnderHeadline(
  page: Page,
  maxChars = UNDER_REACH,
  h1: Element | null = page.headlineEl,
  skip: (el: Element) => boolean = page.isChrome,
): Line | null {
  if (!h1) return null;
  // A line marked as the last edit only counts when no other date line follows it: themes also
  // put hAtom's `updated` on their only, published, date.
  let marked: Line | null = null;
  for (const { text, node } of followingText(h1, maxChars)) {
    // A link's URL shown as text carries its own path date (`…/2016/08/30/…`).
    if (skip(node) || text.startsWith("http")) continue;
    // A sentence may open with its date ("3.8.2017 – Der Verein …"); only its start counts: later
    // in running text a date is an event's ("Am 4. und 5. Juni 2017 findet …"), and so is one in
    // the text after a link in mid-paragraph ("… (<a>Beschluss 4 C 7/18</a> vom 09.05.2019, …").
    const long = text.length > LONG_LINE;
    if (long && !spacedText(node, NODE_OPENING).startsWith(text.slice(0, SENTENCE_PROBE))) continue;
    const d = parseDate(long ? text.slice(0, SENTENCE_OPENING) : text, {
      dayFirst: dayFirst(page),
    });
    if (!d || UPDATED.test(text)) continue;
    const found: Found<string> = { value: d, source: "heuristic" };
    if (!isUpdateMarked(node)) return { found, el: node, updateMarked: false };
    marked ??= { found, el: node, updateMarked: true };
  }
  return marked;
}

/** hAtom's `updated`, `dateModified` microdata and "modified" classes mark the last edit. */
const UPDATE_MARK = /(?:^|[\s_-])(?:updated|modified|datemodified|lastmodified)(?:$|[\s_-])/i;
/** The date element itself and its parent: a marked wrapper further out holds other dates too. */
const UPDATE_MARK_DEPTH = 2;

/** True when the element or its parent is marked as the modification date. */
function isUpdateMarked(el: Element): boolean {
  for (
    let n: Element | null = el, i = 0;
    n?.attribs && i < UPDATE_MARK_DEPTH;
    n = n.parent as Element | null, i++
  ) {
    const a = n.attribs;
    if (a.itemprop && /datemodified/i.test(a.itemprop)) return true;
    if (a.class && UPDATE_MARK.test(a.class)) return true;
  }
  return false;
}

/**
 * A kicker line right above the headline ("Mitteilung · 14.09.2016", `<p class="rubrik">
 * 2. Juli 2015 | Region</p>`): the few short leaf elements just before the h1.
 */
function fromAboveHeadline(
  page: Page,
  h1: Element | null = page.headlineEl,
  skip: (el: Element) => boolean = page.isChrome,
): Line | null {
  if (!h1) return null;
  const at = page.elements.indexOf(h1);
  for (let i = at - 1, seen = 0; i >= 0 && i >= at - ABOVE_ELEMENTS && seen < ABOVE_LINES; i--) {
    const el = page.elements[i] as Element;
    if (el.tagName === "script" || el.tagName === "style" || el.tagName === "header") continue;
    // A menu between the date and the headline makes the date the page's, not the article's;
    // a toolbar of one or two items ("Drucken") does not.
    if (el.tagName === "nav" || ((el.tagName === "ul" || el.tagName === "ol") && isMenu(el)))
      return null;
    if (!hasOwnText(el)) continue;
    seen++;
    if (skip(el)) continue;
    const text = clean(spacedText(el, DATELINE_READ)) ?? "";
    if (!text || text.length > MAX_DATELINE || text.startsWith("http") || UPDATED.test(text))
      continue;
    const d = parseDate(text, { dayFirst: dayFirst(page) });
    if (d) return { found: { value: d, source: "heuristic" }, el, updateMarked: false };
  }
  return null;
}

const PAGE_LEVEL_TAGS = new Set(["body", "main", "html"]);

/**
 * True when `el` sits in the headline's own block (its nearest ancestor that is not body, main
 * or html, past wrappers holding the headline alone) and in no `<header>` apart from the
 * headline: a site header's "today" line is not the article's date.
 */
function inHeadlineBlock(el: Element, h1: Element): boolean {
  let block = h1.parent as Element | null;
  while (block?.attribs && !PAGE_LEVEL_TAGS.has(block.tagName) && tagChildren(block) === 1)
    block = block.parent as Element | null;
  if (!block?.attribs || PAGE_LEVEL_TAGS.has(block.tagName)) return false;
  for (let n = el.parent as Element | null; n?.attribs; n = n.parent as Element | null) {
    if (n === block) return true;
    // Below the block, a header cannot hold the headline: it is one of its own.
    if (n.tagName === "header") return false;
  }
  return false;
}

/**
 * The lines right around the headline once more, where the page-wide chrome test said no: a
 * wrapper that holds both the headline and the date (a layout column named for the sidebar beside
 * it, a CMS's taxonomy class on the post) says nothing about the date, and a breadcrumb trail
 * that carries the timestamp is the article's own header. What still disqualifies a line is a
 * list of other items between it and the headline's block: comments, related posts, teasers.
 * Without a headline element, the heading or bold line whose text is the page's title stands in.
 */
function fromHeadlineBlock(page: Page, anchor: Element | null): Found<string> | null {
  if (!anchor) return null;
  const shared = new Set<Element>();
  for (let n: Element | null = anchor; n?.attribs; n = n.parent as Element | null) shared.add(n);
  const skip = (el: Element): boolean => page.isChrome(el) && listsOtherItems(el, shared);
  return (
    fromUnderHeadline(page, HEADLINE_REACH, anchor, skip)?.found ??
    fromAboveHeadline(page, anchor, skip)?.found ??
    null
  );
}

/**
 * Class or id words of blocks that list other items, each with its own date. Narrower than the
 * page's chrome test: breadcrumbs, navigation and rails may wrap the headline's own block.
 */
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

const STAND_IN_TAGS = new Set([...HEADING_TAGS, "b", "strong", "font", "span", "div", "td", "p"]);

/**
 * The first heading or bold line whose own text is the page's title (`<title>` may add the site's
 * name after a separator): old table layouts set the headline in `<font>`, some put it in an h4,
 * and an h1 inside a layout column whose class names a sidebar is not among `page.h1s`.
 */
function headlineStandIn(page: Page): Element | null {
  const raw = [page.meta.get("og:title")[0], page.titleTag].filter(
    (t) => t !== undefined && t !== null,
  );
  const titles = raw.map((t) => fold(t)).filter((t) => t.length >= MIN_TITLE);
  if (!titles.length) return null;
  // Text longer than every title (with room for spacing and punctuation) cannot match: most
  // elements are skipped before folding.
  const maxLength = Math.max(...raw.map((t) => t.length)) + TITLE_SLACK;
  for (const el of page.elements) {
    if (!STAND_IN_TAGS.has(el.tagName) || !hasOwnText(el)) continue;
    const text = spacedText(el, maxLength + 1);
    if (text.length < MIN_TITLE || text.length > maxLength) continue;
    const t = fold(text);
    // A prefix must be at least half the title: a logo line "Site" also opens "Site - Story".
    if (t.length < MIN_TITLE) continue;
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

function tagChildren(el: Element): number {
  let n = 0;
  for (const c of el.children) if (c.type === "tag") n++;
  return n;
}

function isMenu(list: Element): boolean {
  let items = 0;
  for (const c of list.children) if (c.type === "tag" && (c as Element).tagName === "li") items++;
  return items >= MENU_ITEMS;
}

/** A title shorter than this is a site name or a section ("News"), not a headline to look for. */
const MIN_TITLE = 8;
/** Room for spacing and punctuation a heading may add to the title's text. */
const TITLE_SLACK = 20;
/** A list of this many items between a dateline and the headline is a menu, not a toolbar. */
const MENU_ITEMS = 3;
/** Date candidates read in visible text before giving up: the article's date comes early. */
const MAX_CANDIDATES = 80;
/** Longer text around a date candidate is running text, not a date line. */
const MAX_DATE_TEXT = 160;
/** Longer lines are no dateline (or `title` attribute holding a date). */
const MAX_DATELINE = 80;
/** Read past each limit: spacing is cleaned away before the length is measured. */
const DATE_TEXT_READ = 300;
const DATELINE_READ = 120;
/** Elements and text-holding lines read upwards from the headline for a kicker dateline. */
const ABOVE_ELEMENTS = 25;
const ABOVE_LINES = 6;
/**
 * Text characters read under the headline: the fallback reach, and the close reach that may
 * correct structured data or re-read the headline's block.
 */
const UNDER_REACH = 1200;
const HEADLINE_REACH = 400;
/** A longer line is a sentence: only a date in its opening characters is the line's date. */
const LONG_LINE = 64;
const SENTENCE_OPENING = 40;
/** Characters compared, and read from the line's element, to tell that a line opens it. */
const SENTENCE_PROBE = 20;
const NODE_OPENING = 80;
/**
 * Source characters: a date this close above the h1 is in its block, one within the top reach
 * may be the article's kicker past a lead image, and one this far below is in teasers.
 */
const NEAR_ABOVE = 600;
const TOP_ABOVE = 3000;
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
  const shown = (): Found<string> | null => printedDate(page, headline());
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
    fromUnderHeadline(page)?.found ??
    fromAboveHeadline(page)?.found ??
    fromHeadlineBlock(page, headline()) ??
    urlDate(page) ??
    fromTitles(page) ??
    fromProps(page, "datecreated")
  );
}

/**
 * The date printed at the headline that may correct JSON-LD or meta: the closest line under it
 * unless marked as the last edit, else a dateline above it in its own block (not the site
 * header's "today").
 */
function printedDate(page: Page, h1: Element | null): Found<string> | null {
  if (!h1) return null;
  const under = fromUnderHeadline(page, HEADLINE_REACH, h1);
  if (under && !under.updateMarked) return under.found;
  const above = fromAboveHeadline(page, h1);
  return above && inHeadlineBlock(above.el, h1) ? above.found : null;
}

/**
 * The same calendar day, or the same one with day and month swapped: a printed `08/03/2019` is
 * read day first on a German page, and where the structured date says 3 August the page
 * simply wrote it month first.
 */
function sameDay(shown: string, structured: string): boolean {
  const a = shown.slice(0, 10);
  const b = structured.slice(0, 10);
  return a === b || a === `${b.slice(0, 4)}-${b.slice(8, 10)}-${b.slice(5, 7)}`;
}

/** Press releases and reports put the day in the title ("Lagebericht vom 07.10.2016"). */
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
