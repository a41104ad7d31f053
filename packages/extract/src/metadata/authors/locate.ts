/**
 * Where a name is printed on the page: every text that holds it, nearest the headline first, and
 * what surrounds the nearest (markup, links, the words before it, a date beside it).
 */

import { HEADING_TAGS } from "../../html-tags.js";
import type { Element } from "../../structured/walk.js";
import { type Page, PageCache } from "../page.js";
import { AUTHOR_URL, SENTENCE_GOES_ON, SOURCE_LABEL, TOPIC_LINK, USER_LINK } from "./cues.js";
import { headlineStart, inPhotoCredit, inQuote } from "./placement.js";

export interface NameSpot {
  /** Characters from the headline's start to the name (negative above it); null: no headline. */
  readonly distance: number | null;
  /** Where in the page's text, 0 at the start, 1 at the end. */
  readonly position: number;
  readonly chrome: boolean;
  readonly aside: boolean;
  readonly photoCredit: boolean;
  readonly quote: boolean;
  /** The link the name sits in, by where it leads. */
  readonly link: "author" | "user" | "topic" | "other" | null;
  /** An author, byline or writer class, id, rel or itemprop on it or a few levels up. */
  readonly authorMarkup: boolean;
  readonly dateMarkup: boolean;
  readonly inHeader: boolean;
  readonly inFooter: boolean;
  readonly inArticle: boolean;
  readonly heading: boolean;
  readonly inline: boolean;
  /** Its text holds nothing but the name (and punctuation). */
  readonly alone: boolean;
  readonly textLength: number;
  /** "By", "Von", "Autor:", "Posted by" just before it. */
  readonly byBefore: boolean;
  /** "Foto:", "Quelle:", "Photo by" just before it. */
  readonly labelBefore: boolean;
  /** A date in its text or the texts right beside it. */
  readonly dateNear: boolean;
  /** Running text goes on after it. */
  readonly sentence: boolean;
}

export interface TextEntry {
  readonly text: string;
  readonly node: Element;
  readonly offset: number;
}

export interface TextIndex {
  readonly entries: readonly TextEntry[];
  readonly total: number;
  /** The headline's character offset, and the index of the first text at or after it. */
  readonly headline: number | null;
  readonly headlineEntry: number | null;
}

interface WalkNode {
  type: string;
  data?: string;
  name?: string;
  parent: WalkNode | null;
  children?: WalkNode[];
}

const SKIP = new Set([
  "head",
  "script",
  "style",
  "noscript",
  "template",
  "svg",
  "select",
  "option",
]);

const INDEX_CACHE = new PageCache<TextIndex>();

/**
 * Texts indexed per page: far more than an article page holds, few enough that a 20 MB page of
 * paragraphs does not hold a second copy of itself in the index.
 */
const MAX_TEXTS = 20_000;

/** The page's visible texts in document order with their character offsets, read once. */
export function textIndex(page: Page): TextIndex {
  const cached = INDEX_CACHE.get(page);
  if (cached) return cached;
  const start = headlineStart(page) as unknown as WalkNode | null;
  const entries: TextEntry[] = [];
  let offset = 0;
  let headline: number | null = null;
  let headlineEntry: number | null = null;
  const root = page.$.root().get(0) as unknown as WalkNode;
  const stack: WalkNode[] = [];
  for (let i = (root.children?.length ?? 0) - 1; i >= 0; i--)
    stack.push(root.children?.[i] as WalkNode);
  while (stack.length && entries.length < MAX_TEXTS) {
    const n = stack.pop() as WalkNode;
    if (n.type === "text") {
      const raw = n.data ?? "";
      const text = (NEEDS_COLLAPSE.test(raw) ? raw.replace(/\s+/g, " ") : raw).trim();
      if (!text) continue;
      entries.push({ text, node: n.parent as unknown as Element, offset });
      offset += text.length + 1;
      continue;
    }
    if (n.type !== "tag" || SKIP.has(n.name ?? "")) continue;
    if (n === start && headline === null) {
      headline = offset;
      headlineEntry = entries.length;
    }
    const kids = n.children ?? [];
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i] as WalkNode);
  }
  const index = { entries, total: Math.max(1, offset), headline, headlineEntry };
  INDEX_CACHE.set(page, index);
  return index;
}

const LETTER = /[\p{L}\p{N}]/u;
/** Whitespace other than a lone U+0020: what the collapsing replace would change. */
const NEEDS_COLLAPSE = /[^\S ]| {2}/;
const BY_BEFORE =
  /(?:^|[\s|•·(,])(?:by|von|par|por|door|di|av|af|de|written by|posted by|geschrieben von|verfasst von|autor(?:in|en)?|author|authors|auteur|text|texte|redaktion|reporter)\s*:?\s*$/iu;
const DATE_LIKE =
  /\b(?:19|20)\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|januar|februar|märz|mai|juni|juli|okt|dez)[a-z]*\.?\s+\d{1,2}\b|\b\d{1,2}\.?\s+(?:jan|feb|mar|apr|may|mai|jun|jul|aug|sep|oct|okt|nov|dec|dez|märz)[a-zä]*\b|\b(?:\d+\s+(?:hours?|minutes?|days?)\s+ago|vor\s+\d+\s+(?:stunden|minuten|tagen))\b/iu;
const AUTHOR_MARK =
  /author|byline|by-line|writer|autor|auteur|reporter|creator|contributor|posted-?by|vcard/i;
const DATE_MARK = /date|time|publish|posted|meta|info|dateline/i;
const INLINE = new Set([
  "a",
  "span",
  "strong",
  "b",
  "em",
  "i",
  "cite",
  "small",
  "time",
  "font",
  "u",
  "abbr",
]);

/** At most this many printings are looked at per name. */
const MAX_SPOTS = 20;

/** The places the name is printed, nearest after the headline first (above it counts double). */
export function spotsOf(page: Page, name: string): NameSpot[] {
  const index = textIndex(page);
  if (name.length < 2) return [];
  // As written, or in capitals ("JANE DOE" in a styled byline); other casings are not looked for.
  const upper = name.toUpperCase();
  const found: { entry: TextEntry; at: number; i: number }[] = [];
  for (let i = 0; i < index.entries.length && found.length < MAX_SPOTS; i++) {
    const entry = index.entries[i] as TextEntry;
    let at = entry.text.indexOf(name);
    if (at < 0 && upper !== name) at = entry.text.indexOf(upper);
    if (at < 0) continue;
    // Whole words only: "Ann" is not printed in "Annual".
    const before = entry.text[at - 1];
    const after = entry.text[at + name.length];
    if ((before && LETTER.test(before)) || (after && LETTER.test(after))) continue;
    found.push({ entry, at, i });
  }
  const h = index.headline;
  const rank = (offset: number): number =>
    h === null ? offset : offset >= h ? offset - h : 2 * (h - offset);
  found.sort((a, b) => rank(a.entry.offset + a.at) - rank(b.entry.offset + b.at));
  return found.map((f, k) => describe(page, index, f.entry, f.at, f.i, name.length, k === 0));
}

/** The texts that print `name`, as `spotsOf` finds them (for reading what follows it). */
export function textsPrinting(page: Page, name: string, max = MAX_SPOTS): string[] {
  const out: string[] = [];
  for (const e of textIndex(page).entries) {
    if (out.length >= max) break;
    if (e.text.includes(name)) out.push(e.text);
  }
  return out;
}

function describe(
  page: Page,
  index: TextIndex,
  entry: TextEntry,
  at: number,
  i: number,
  length: number,
  detailed: boolean,
): NameSpot {
  const node = entry.node;
  const chrome = page.isChrome(node);
  const offset = entry.offset + at;
  const base = {
    distance: index.headline === null ? null : offset - index.headline,
    position: offset / index.total,
    chrome,
  };
  if (!detailed) return { ...base, ...NO_DETAIL };
  let link: NameSpot["link"] = null;
  let authorMarkup = false;
  let dateMarkup = false;
  let inHeader = false;
  let inFooter = false;
  let inArticle = false;
  let heading = false;
  let n: Element | null = node;
  for (let d = 0; n?.attribs && d < 12; d++, n = n.parent as Element | null) {
    const tag = n.tagName;
    const a = n.attribs;
    if (tag === "a" && link === null && a.href !== undefined && d < 4) {
      const href = a.href;
      link = AUTHOR_URL.test(href)
        ? "author"
        : USER_LINK.test(href)
          ? "user"
          : TOPIC_LINK.test(href) || /(?:^|\s)tag(?:\s|$)/i.test(a.rel ?? "")
            ? "topic"
            : "other";
    }
    if (d < 5) {
      const marks = `${a.class ?? ""} ${a.id ?? ""} ${a.rel ?? ""} ${a.itemprop ?? ""} ${a["data-testid"] ?? ""}`;
      if (marks.length > 4) {
        if (AUTHOR_MARK.test(marks)) authorMarkup = true;
        if (DATE_MARK.test(marks)) dateMarkup = true;
      }
      if (HEADING_TAGS.has(tag)) heading = true;
    }
    if (tag === "header") inHeader = true;
    if (tag === "footer") inFooter = true;
    if (tag === "article" || tag === "main") inArticle = true;
  }
  const textBefore = `${index.entries[i - 1]?.text ?? ""} ${entry.text.slice(0, at)}`.slice(-40);
  const rest = entry.text.slice(at + length);
  let near = entry.text;
  for (const j of [i - 2, i - 1, i + 1, i + 2]) {
    const t = index.entries[j]?.text;
    if (t && t.length <= 80) near += ` ${t}`;
  }
  return {
    ...base,
    aside: page.isAside(node),
    photoCredit: inPhotoCredit(node),
    quote: inQuote(node),
    link,
    authorMarkup,
    dateMarkup,
    inHeader,
    inFooter,
    inArticle,
    heading,
    inline: INLINE.has(node.tagName),
    alone: !LETTER.test(entry.text.slice(0, at)) && !LETTER.test(rest),
    textLength: entry.text.length,
    byBefore: BY_BEFORE.test(textBefore),
    labelBefore: SOURCE_LABEL.test(textBefore),
    dateNear: DATE_LIKE.test(near),
    sentence: SENTENCE_GOES_ON.test(rest),
  };
}

const NO_DETAIL = {
  aside: false,
  photoCredit: false,
  quote: false,
  link: null,
  authorMarkup: false,
  dateMarkup: false,
  inHeader: false,
  inFooter: false,
  inArticle: false,
  heading: false,
  inline: false,
  alone: false,
  textLength: 0,
  byBefore: false,
  labelBefore: false,
  dateNear: false,
  sentence: false,
} as const;
