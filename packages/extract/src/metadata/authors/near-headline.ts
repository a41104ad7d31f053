/**
 * Bylines read from the text around the headline: a "By …" line, a dateline with a name, a name
 * printed beside the date.
 */
import type { Author } from "@vellum/model";
import { absoluteUrl } from "@vellum/model";
import { oneByte } from "../../one-byte.js";
import { clean } from "../../structured/normalize.js";
import { type Element, spacedText } from "../../structured/walk.js";
import { anyCase, LETTER_ANY_CASE } from "../any-case.js";
import { breadcrumb } from "../breadcrumb.js";
import { parseDate } from "../dates.js";
import {
  isOrganizationByline,
  looksLikeName,
  newsroomName,
  PARTICLE,
  splitJobTitle,
  splitNames,
} from "../names.js";
import { type Found, once, type Page, PageCache } from "../page.js";
import { section } from "../section.js";
import { AUTHOR_URL, SENTENCE_GOES_ON, SOURCE_LABEL, TOPIC_LINK, USER_LINK } from "./cues.js";
import { organization, person } from "./people.js";
import {
  firstChars,
  headlineStart,
  inPhotoCredit,
  inQuote,
  textsUnderHeadline,
  within,
} from "./placement.js";

/**
 * "By Jane Doe", "Von Max Muster", "Text von …", "Par …", "Por …", "Door …" at the start of a line.
 * A conjunction never counts as a word of a name, so "A und B C und D E" reads all three.
 */
/** Its credit word ("By", "Text von", "Autor:"), which every match starts with. */
const BYLINE_LEAD = `(?:^|[|•·]\\s*|\\s)(?:(?:${anyCase("text|written|posted|story|words|reporting|gespeichert|geschrieben|verfasst")})\\s+(?:${anyCase("by|von")})|${anyCase("by|von|par|por|di|door|av|af|autor(?:in)?:|author:|text:|redaktion:")}):?\\s+`;
export const BYLINE_TEXT = (() => {
  // The `iu` expression it was, case spelled out (any-case.ts): it matches alike.
  const L = LETTER_ANY_CASE;
  const and = anyCase("and|und|et");
  return new RegExp(
    `${BYLINE_LEAD}([${L}][${L}\\d'’._-]*(?:\\s+(?:(?:${anyCase("van|von|de|der|den|da|del|di|la|le|du|ten|ter|y")})\\s+)*(?!(?:${and})\\s)[${L}][${L}'’.-]*){0,3}(?:\\s*(?:,|&|${anyCase("and|und|et|y|e")})\\s*[${L}][${L}'’.-]*(?:\\s+(?!(?:${and})\\s)[${L}][${L}'’.-]*){1,3})*)`,
    "u",
  );
})();
const HAS_BYLINE_LEAD = new RegExp(BYLINE_LEAD, "u");

/**
 * `BYLINE_TEXT.exec(text)`. Most lines have no credit word, and the lead alone is cheap to compile
 * (no `\p{L}`); the lines that have one are mostly Latin-1, and run as one-byte strings
 * (one-byte.ts). In a cold 10-page run its uses took 10–11 ms, now 2.7–4.3 ms.
 */
export function bylineText(text: string): RegExpExecArray | null {
  return HAS_BYLINE_LEAD.test(text) ? BYLINE_TEXT.exec(oneByte(text)) : null;
}

/** A "By …" line in the text right under the headline (inside the article, not page chrome). */
export function fromBylineText(page: Page, site: string | null): Found<Author[]> | null {
  // Asked by several rules for the same page: read the lines under the headline once.
  if (BYLINE_TEXT_CACHE.has(page)) return BYLINE_TEXT_CACHE.get(page) ?? null;
  const found = readBylineText(page, site);
  BYLINE_TEXT_CACHE.set(page, found);
  return found;
}

const BYLINE_TEXT_CACHE = new PageCache<Found<Author[]> | null>();

function readBylineText(page: Page, site: string | null): Found<Author[]> | null {
  const start = headlineStart(page);
  if (!start) return null;
  const texts = textsUnderHeadline(page);
  for (const [i, { text, node }] of texts.entries()) {
    if (text.length > 200 || within(node, start)) continue;
    // "By" alone, the name in the next element: `<span>By</span> <a>Jane Doe</a>`.
    const joined =
      /^(?:[|•·]\s*)?(?:by|von|par|por|door|di|text von|written by|autor(?:in)?|author):?$/i.test(
        text,
      )
        ? `${text} ${texts[i + 1]?.text ?? ""}`
        : text;
    // "Ayşe Yılmaz | 12 Mart 2024, 14:20": a dateline right under the headline, name first. A
    // comma or dash there follows a place ("Bad Homburg, 12. März", "SAN FRANCISCO — March 12").
    const dateline = i < 3 ? /^([^|•·]{3,60}?)\s*[|•·]\s*(.+)$/u.exec(text) : null;
    if (dateline?.[1] && dateline[2] && parseDate(dateline[2]) && !page.isChrome(node)) {
      const name = dateline[1].trim();
      const words = name.split(/\s+/);
      if (
        words.length >= 2 &&
        words.length <= 4 &&
        properName(words) &&
        looksLikeName(name) &&
        !isPageLabel(page, name)
      )
        return { value: [person(name)], source: "byline" };
    }
    const trailing = i < 3 && !page.isChrome(node) ? nameAfterDate(page, text) : null;
    if (trailing) return { value: [person(trailing)], source: "byline" };
    const m = bylineText(joined);
    if (!m?.[1] || page.isChrome(node) || inQuote(node) || inPhotoCredit(node)) continue;
    // "Die Stiefel von Nova Trail sind leicht": a "von" inside a sentence names a maker, not the
    // author; a byline line ends soon after its name.
    if (m.index > 0 && SENTENCE_GOES_ON.test(joined.slice(m.index + m[0].length))) continue;
    // Nor does one inside a phrase ("Banjir di Jakarta Selatan", "Hut von Eva Muster"): before a
    // byline's "by" stands nothing, a date, a separator or "Posted in <section>"; after a photo
    // or source label ("Foto von …", "Photo by …") it credits a picture.
    if (!bylineLead(joined.slice(0, m.index).trim())) continue;
    // A name written as a link points at the author's page.
    const nearby = texts.slice(i, i + 6);
    // The link's whole text is the name ("By Jane Roe" or "Jane Roe"), not a word inside it:
    // "Apple" is no author because "Apple Watch kaufen" links nearby.
    const linkFor = (n: string): string | null => {
      const hit = nearby.find((t) => t.node.tagName === "a" && linkName(t.text) === n);
      return hit ? absoluteUrl(hit.node.attribs.href, page.url) : null;
    };
    // The prefix is matched case-insensitively; a name is written with capitals ("by the way" is
    // not a byline), unless it links to a user's page ("von <a href=…?u=5>r23</a>").
    const { text: credit, jobTitle } = splitJobTitle(m[1]);
    const names = splitNames(credit, { siteName: site }).filter(
      (n) =>
        (nearby.some((t) => t.node.tagName === "a" && t.text === n) &&
          USER_LINK.test(linkFor(n) ?? "")) ||
        (properName(n.split(" ")) && !isPageLabel(page, n)),
    );
    if (!names.length) continue;
    // A one-word "name" after "von"/"by" in running text is usually a place or a thing ("von
    // Patagonien"); it counts only when it is a link, as a username in a byline is.
    if (names.some((n) => !n.includes(" ") && !linkFor(n))) continue;
    const title = names.length === 1 ? jobTitle : null;
    return {
      value: names.map((n) => person(n, { url: linkFor(n), jobTitle: title })),
      source: "byline",
    };
  }
  return null;
}

/** What may stand before "By …" on a byline's line: nothing, a date, a separator, a credit verb. */
function bylineLead(lead: string): boolean {
  if (lead === "" || /(?:[|•·–—]|(?:^|\s)-+)$/u.test(lead)) return true;
  if (SOURCE_LABEL.test(lead)) return false;
  return CREDIT_VERB.test(lead) || GENRE.test(lead) || parseDate(lead) !== null;
}

/** "Eine Kolumne von …", "Blog Beitrag von …", "A column by …": the kind of piece, then its author. */
const GENRE =
  /^(?:(?:ein|eine|einen|a|an|un|une|una)\s+)?(?:blog\s*|gast\s*)?(?:beitrag|gastbeitrag|kolumne|kommentar|artikel|essay|analyse|glosse|reportage|rezension|column|article|story|post|review|guest post|op-ed|chronique|tribune|columna|artículo|opinión)$/iu;

/** "Posted in Garden", "Veröffentlicht am 3. Mai": the verb a byline starts with. */
const CREDIT_VERB =
  /^(?:posted|published|filed|updated|written|geschrieben|veröffentlicht|gepostet|publié|publicado|publicada|pubblicato|gepubliceerd)\b[^.!?]{0,40}$/iu;

/** A link's text without the "By"/"Von" printed inside it. */
function linkName(text: string): string {
  return text
    .replace(/^(?:by|von|par|por|door)\s*:?\s+/iu, "")
    .replace(/[\s,;]+$/u, "")
    .trim();
}

/**
 * "03.09.2021 - Hanne Vesper", "17.03.2022 | 08:45 Uhr | Lio Fennberg": a dateline that
 * puts the day first and the name last, right at the headline.
 */
function nameAfterDate(page: Page, text: string): string | null {
  if (text.length > 100) return null;
  const parts = text.split(/\s+[|•·–—-]\s+|\s*[|•·]\s*/u);
  if (parts.length < 2) return null;
  const name = (parts.at(-1) ?? "").trim();
  if (!parseDate(parts.slice(0, -1).join(" "))) return null;
  const words = name.split(/\s+/);
  if (words.length < 2 || words.length > 4 || !properName(words)) return null;
  if (/\d/.test(name) || !looksLikeName(name) || isPageLabel(page, name)) return null;
  return name;
}

/**
 * Words written as a person's name: each a capital then a small letter ("Lio", "McKee", "O'Hara")
 * or an initial ("J."), particles allowed after the first. All-caps words are a place in a
 * dateline ("SAN FRANCISCO") or a label, not a byline.
 */
function properName(words: readonly string[]): boolean {
  return words.every(
    (w, i) =>
      /^\p{Lu}(?:['’]\p{Lu})?\p{Ll}/u.test(w) ||
      (i > 0 && (/^\p{Lu}\.$/u.test(w) || PARTICLE.test(w))),
  );
}

/**
 * The names the page gives its sections and topics: the article's section, the breadcrumb trail,
 * the texts of navigation, category and tag links. Printed by the date, such a name is a kicker
 * ("Wirtschaft Regional", "Bad Homburg"), not a byline.
 */
function isPageLabel(page: Page, name: string): boolean {
  let labels = PAGE_LABELS.get(page);
  if (!labels) {
    labels = readPageLabels(page);
    PAGE_LABELS.set(page, labels);
  }
  return labels.has(name.toLowerCase());
}

const PAGE_LABELS = new PageCache<Set<string>>();

function readPageLabels(page: Page): Set<string> {
  const out = new Set<string>();
  const add = (t: string | null | undefined): void => {
    if (t) out.add(t.toLowerCase());
  };
  add(section(page)?.value);
  for (const b of breadcrumb(page)?.value ?? []) add(b.name);
  for (const el of page.elements) {
    if (el.tagName !== "a") continue;
    const href = el.attribs.href ?? "";
    const topic = TOPIC_LINK.test(href) || /\btag\b/i.test(el.attribs.rel ?? "");
    if (!topic && !inNav(el)) continue;
    add(clean(spacedText(el, 80)));
  }
  return out;
}

/** Inside a nav element or the page's menu (a few levels up, to stay cheap). */
function inNav(el: Element): boolean {
  let p = el.parent;
  for (let d = 0; p && p.type === "tag" && d < 8; d++, p = p.parent) {
    if ((p as Element).tagName === "nav" || (p as Element).attribs.role === "navigation")
      return true;
  }
  return false;
}

/** The short lines just above the h1 (a kicker or dateline printed before the headline). */
export function fromAboveHeadline(page: Page): Found<Author[]> | null {
  return once(page, readAboveHeadline, () => readAboveHeadline(page));
}

function readAboveHeadline(page: Page): Found<Author[]> | null {
  const h1 = page.headlineEl;
  if (!h1) return null;
  const at = page.elements.indexOf(h1);
  for (let i = at - 1, seen = 0; i >= 0 && i >= at - 15 && seen < 4; i--) {
    const el = page.elements[i] as Element;
    if (el.tagName === "nav" || el.tagName === "ul" || el.tagName === "header") return null;
    if (
      !el.children.some((c) => c.type === "text" && /\S/.test((c as { data?: string }).data ?? ""))
    )
      continue;
    seen++;
    if (page.isChrome(el)) continue;
    const name = nameAfterDate(page, clean(spacedText(el, 150)) ?? "");
    if (name) return { value: [person(name)], source: "byline" };
  }
  return null;
}

/** A text that only separates the date from the name beside it. */
const SEPARATOR = /^[|•·,/–—-]$/u;
/** Elements that hold a name inline; a paragraph after the date is the text starting. */
const NAME_TAGS = new Set(["a", "span", "div", "strong", "b", "cite", "address"]);

/**
 * A name printed as its own element right next to the date under the headline, with no "By":
 * `<a href="/u/jdoe">jdoe</a> <time>04.03.2015</time>`, `<span>7. Juni</span> <span>Eva Lang</span>`.
 * A one-word name counts only as a link to a user page; a category link is never a name.
 */
export function fromNameByDate(page: Page, site: string | null): Found<Author[]> | null {
  return once(page, readNameByDate, () => readNameByDate(page, site));
}

function readNameByDate(page: Page, site: string | null): Found<Author[]> | null {
  const start = headlineStart(page);
  if (!start) return null;
  const texts = firstChars(textsUnderHeadline(page), 600)
    .filter((t) => !SEPARATOR.test(t.text) && !within(t.node, start))
    .slice(0, 12);
  const isDate = (i: number): boolean => {
    const t = texts[i]?.text;
    return t !== undefined && t.length <= 40 && parseDate(t) !== null;
  };
  for (const [i, { text, node }] of texts.slice(0, 6).entries()) {
    if (!isDate(i - 1) && !isDate(i + 1)) continue;
    if (text.length > 60 || page.isChrome(node) || inQuote(node)) continue;
    if (SOURCE_LABEL.test(texts[i - 1]?.text ?? "")) continue;
    // A wire service's name on its own line beside the date ("Yonhap", "Bernama") signs the piece.
    if (isOrganizationByline(text) && clean(spacedText(node, 80)) === text)
      return { value: [organization(text)], source: "byline" };
    if (!NAME_TAGS.has(node.tagName)) continue;
    // The element holds the name alone, maybe with the separator before the date ("HT Online |").
    if (clean(spacedText(node, 80))?.replace(/[\s|•·,–—-]+$/u, "") !== text) continue;
    const href = node.tagName === "a" ? (node.attribs.href ?? "") : null;
    // A link by the date is a person only when it leads to a user's or author's page; others
    // lead to a section ("Lokales Hochtaunus").
    if (href !== null && !USER_LINK.test(href) && !AUTHOR_URL.test(href)) continue;
    // "HT Online | 4 Mar 2021": a desk's name beside the date is that newsroom signing.
    const room = newsroomName(text, site);
    if (room === text && room.includes(" "))
      return { value: [organization(room)], source: "byline" };
    const names = splitNames(text, { siteName: site });
    if (names.length !== 1 || names[0] !== text) continue;
    const words = text.split(" ");
    const ok = words.length === 1 ? href !== null : properName(words) && !isPageLabel(page, text);
    if (ok)
      return { value: [person(text, { url: absoluteUrl(href, page.url) })], source: "byline" };
  }
  return null;
}
