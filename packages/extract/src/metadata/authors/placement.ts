/** Where an element sits: under which headline, inside a quote or a picture's credit. */

import { SUBHEADING_TAGS } from "../../html-tags.js";
import { clean, fold } from "../../structured/normalize.js";
import { type Element, followingText, spacedText } from "../../structured/walk.js";
import { type Page, PageCache } from "../page.js";

export function hasAncestorClass(el: Element, re: RegExp, levels: number): boolean {
  let p = el.parent as Element | null;
  for (let i = 0; i < levels && p?.attribs; i++, p = p.parent as Element | null)
    if (re.test(p.attribs.class ?? "")) return true;
  return false;
}

/** Where a picture's credit sits: its caption, licence or copyright line. */
const PHOTO_CREDIT =
  /(?:^|[\s_-])(?:licen[cs]e|copyright|credits?|(?:wp|image|img|photo|picture|media)-?captions?|photo-?credit|image-?credit|media-?credit|photographer|attribution)(?:$|[\s_-])/i;

/**
 * A name in a picture's caption or licence line is the photographer's ("James Roe via AP"), even
 * when marked `itemprop=author` or classed `author-name`: never the article's author.
 */
export function inPhotoCredit(el: Element): boolean {
  let n: Element | null = el;
  for (let i = 0; i < 6 && n?.attribs; i++, n = n.parent as Element | null) {
    if (n.tagName === "figcaption" || n.tagName === "figure") return true;
    const sig = n.attribs.class ?? n.attribs.id;
    if (sig && PHOTO_CREDIT.test(sig)) return true;
  }
  return false;
}

export function within(el: Element, ancestor: Element): boolean {
  for (let n: Element | null = el; n?.attribs; n = n.parent as Element | null)
    if (n === ancestor) return true;
  return false;
}

/** An embedded post ("Posted by <page> on <date>" under a quoted social post) credits the quote. */
export function inQuote(el: Element): boolean {
  let n: Element | null = el;
  for (let i = 0; i < 16 && n?.attribs; i++, n = n.parent as Element | null)
    if (n.tagName === "blockquote") return true;
  return false;
}

/**
 * Where the article starts: the headline, else (a page whose title is an h2) the first heading
 * that the `<title>` begins with, else the article container.
 */
export function headlineStart(page: Page): Element | null {
  if (page.headlineEl) return page.headlineEl;
  if (START_CACHE.has(page)) return START_CACHE.get(page) ?? null;
  const start = findStandIn(page);
  START_CACHE.set(page, start);
  return start;
}

const START_CACHE = new PageCache<Element | null>();

/** A heading the `<title>` starts with, else the article container. */
function findStandIn(page: Page): Element | null {
  const title = page.titleTag ? fold(page.titleTag) : "";
  let seen = 0;
  for (const el of page.elements) {
    if (!SUBHEADING_TAGS.has(el.tagName)) continue;
    if (++seen > 30) break;
    const t = fold(clean(spacedText(el, 300)) ?? "");
    if (t.length >= 10 && title.startsWith(t) && !page.isChrome(el)) return el;
  }
  return page.elements.find((el) => el.tagName === "article" || el.tagName === "main") ?? null;
}

/** A text under the headline and the element that holds it. */
export interface LineText {
  readonly text: string;
  readonly node: Element;
}

const LINES_CACHE = new PageCache<readonly LineText[]>();

/**
 * The first 1500 characters of text from the headline on, read once per page for the rules that
 * look for a byline there. Empty when the page has no headline.
 */
export function textsUnderHeadline(page: Page): readonly LineText[] {
  const cached = LINES_CACHE.get(page);
  if (cached) return cached;
  const start = headlineStart(page);
  const texts = start ? followingText(start, 1500) : [];
  LINES_CACHE.set(page, texts);
  return texts;
}

/**
 * The texts `followingText` gives for a shorter budget: those that start before `maxChars`
 * characters have been read.
 */
export function firstChars(texts: readonly LineText[], maxChars: number): LineText[] {
  const out: LineText[] = [];
  let total = 0;
  for (const t of texts) {
    if (total >= maxChars) break;
    out.push(t);
    total += t.text.length;
  }
  return out;
}
