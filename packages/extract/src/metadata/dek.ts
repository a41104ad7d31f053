/** The dek (standfirst): JSON-LD, a dek-classed block or h2 under the headline, or the summary printed there. */

import { clean, fold } from "../structured/normalize.js";
import { type Element, spacedText } from "../structured/walk.js";
import type { Found, Page } from "./page.js";
import { ldText } from "./page.js";

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
