/**
 * Credits printed as a line of text: a blog's "Posted by", the post's fact line, a labelled
 * "Autor:" credit, a line that is nothing but a credit.
 */
import type { Author } from "@vellum/model";
import { absoluteUrl, BYLINE_WORDS } from "@vellum/model";
import { clean } from "../../structured/normalize.js";
import { type Element, followingText, spacedText } from "../../structured/walk.js";
import { parseDate } from "../dates.js";
import { looksLikeName, PARTICLE, splitJobTitle, splitNames } from "../names.js";
import { type Found, once, type Page } from "../page.js";
import { person } from "./people.js";
import { headlineStart, inPhotoCredit, inQuote, textsUnderHeadline, within } from "./placement.js";

/** "Posted by", "Gespeichert von": a verb that makes the words after "by" a credit by itself. */
const CREDIT_VERB =
  /(?:^|\s)(?:posted|written|published|submitted|geschrieben|gespeichert|verfasst|veröffentlicht|eingetragen|erstellt|publié|écrit|publicado|escrito|pubblicato|scritto)$/iu;

/** "by" or "By", not "bY": the line is case-sensitive for the name's capitals. */
function capitalisedOrNot(word: string): string {
  return `[${word.charAt(0).toUpperCase()}${word.charAt(0)}]${word.slice(1)}`;
}

/** The all-capital credits this line has always read: "BY", "VON", "POR" (not "PAR", "DOOR"). */
const CAPS_CREDITS = ["BY", "VON", "POR"];

/**
 * "<before> by <name><after>": the name is one token (a username as the blog prints it) or
 * capitalised words; it ends at the first lower-case word ("on", "am", "under").
 */
const CREDIT_LINE = new RegExp(
  `^(.{0,40}?)\\s*(?:^|\\s)(?:${BYLINE_WORDS.map(capitalisedOrNot).join("|")}|${CAPS_CREDITS.join("|")})\\s+([\\p{L}\\d][\\p{L}\\d._'’-]*(?:\\s+(?:\\p{Lu}[\\p{L}'’.-]*|van|von|de|der|den|da|del|di|la|le|du|ten|ter))*)(.*)$`,
  "u",
);

/** What joins a credit to the date after it: "by jdoe on May 3", "von Ilse am 9.4.", "— 12:00". */
const DATE_JOIN = /^\s*(?:on|am|at|um|le|el|il|em|op|,|[-–—|•·@])\s*/iu;

/**
 * Names from a credit line whose shape leaves no doubt: a credit verb ("Posted by jdoe"), or the
 * line is nothing but the credit and a date ("09.04.2011 von Ilse", "by kit on April 9, 2011").
 * A bare "von Patagonien" in running text has neither, so one-word names and usernames are safe
 * here where the looser "By …" rule must refuse them.
 */
function creditLine(text: string, site: string | null): string[] {
  if (text.length > 120) return [];
  const m = CREDIT_LINE.exec(text);
  if (!m) return [];
  const before = (m[1] ?? "").trim();
  const after = m[3] ?? "";
  const verb = CREDIT_VERB.test(before);
  const lead = (verb ? before.replace(CREDIT_VERB, "") : before).replace(/[\s|•·,–—-]+$/u, "");
  const dateBefore = lead.length > 0 && lead.length <= 30 && parseDate(lead) !== null;
  // Anything else before "by" makes it a sentence, not a credit ("Grußwort von Landrätin …").
  if (lead && !dateBefore) return [];
  const dateAfter = DATE_JOIN.test(after) && parseDate(after.replace(DATE_JOIN, "")) !== null;
  if (!verb && !dateBefore && !dateAfter) return [];
  return splitNames(m[2] ?? "", { siteName: site }).filter(
    (n) => !n.includes(" ") || n.split(" ").every((w) => /^\p{Lu}/u.test(w) || PARTICLE.test(w)),
  );
}

/** A text that is only a credit word, its name in the next element: `<p>by</p> <span>kit</span>`. */
const BARE_CREDIT = new RegExp(`(?:^|\\s)(?:${BYLINE_WORDS.join("|")})$`, "iu");

/** Credit lines in the texts right under the headline. */
export function fromCreditLines(page: Page, site: string | null): Found<Author[]> | null {
  return once(page, readCreditLines, () => readCreditLines(page, site));
}

function readCreditLines(page: Page, site: string | null): Found<Author[]> | null {
  const start = headlineStart(page);
  if (!start) return null;
  const texts = textsUnderHeadline(page).slice(0, 40);
  for (const [i, { text, node }] of texts.entries()) {
    // The headline's own words ("… Eaten by Rabbits") are never its credit.
    if (page.isChrome(node) || inQuote(node) || within(node, start)) continue;
    let line = text;
    for (let j = i + 1; BARE_CREDIT.test(text) && j < i + 4 && j < texts.length; j++)
      line += ` ${texts[j]?.text ?? ""}`;
    const names = creditLine(line, site);
    if (names.length) return { value: names.map((n) => person(n)), source: "byline" };
  }
  return null;
}

/** Classes of the line of post facts that blogs print under or after a post. */
const META_LINE =
  /(?:^|[\s_-])(?:submitted|postmetadata|post-?meta|entry-?meta|meta-?info|post-?info|postinfo|post-?details|postdata|post-?footer|entry-?footer|entry-?utility|meta)(?:$|[\s_-])/i;

/** "Filed under: Notes — jdoe @ 23:47": the classic blog theme's author and time of posting. */
const AUTHOR_AT_TIME =
  /[—–]\s*([\p{L}\d][\p{L}\d._-]*(?:\s\p{Lu}[\p{L}'’.-]*){0,2})\s*@\s*\d{1,2}:\d{2}\b/u;

/**
 * The post's fact line wherever the theme puts it, often after the text: Drupal's "Gespeichert
 * von jdoe am 3. März 2016", WordPress's "Posted by Jane Doe at 07:41".
 */
export function fromMetaLines(page: Page, site: string | null): Found<Author[]> | null {
  return once(page, readMetaLines, () => readMetaLines(page, site));
}

function readMetaLines(page: Page, site: string | null): Found<Author[]> | null {
  let seen = 0;
  for (const el of page.elements) {
    const cls = el.attribs.class;
    if (cls === undefined || !META_LINE.test(cls)) continue;
    if (++seen > 20) break;
    // The line's own class may say "footer"; only its surroundings decide whether it is chrome.
    const parent = el.parent as Element | null;
    if (page.isAside(el) || (parent?.attribs && page.isChrome(parent))) continue;
    const line = clean(spacedText(el, 300)) ?? "";
    const names = creditLine(line.slice(0, 120), site);
    if (names.length) return { value: names.map((n) => person(n)), source: "byline" };
    const stamped = AUTHOR_AT_TIME.exec(line)?.[1];
    const handle = stamped ? splitNames(stamped, { siteName: site }) : [];
    if (handle.length === 1) return { value: [person(handle[0] as string)], source: "byline" };
  }
  return null;
}

const LABEL_TAGS = new Set(["strong", "b", "em", "span", "dt", "th", "label", "p"]);
const CREDIT_LABEL =
  /^(?:autor(?:in)?|author|text|texte|von|by|written by|verfasst von|geschrieben von|auteur|autore|autor\/in)\s*:?$/i;

/**
 * "Autorin: Uta Weber", "– Redaktion: Jan Roth (Vereinssprecher)", "Autoren Eva Lind und Ole
 * Dahl": a label and the names in one element; only the plural "Autoren" goes without a colon.
 */
const INLINE_CREDIT =
  /^[-–—|•·\s]*(?:(?:autor(?:in)?|author|text|verfasst von|geschrieben von|written by|redaktion|redacción|rédaction)\s*:|(?:autor(?:en|innen)|authors)\s*:?)\s*(\S.+)$/iu;

/**
 * A labelled credit line, often at the end of the article: `<strong>Autor:</strong> Jane Doe`,
 * `<b>Text:</b> <a>Max Muster</a>`. The label is its own element, so the element list finds it
 * without a text scan of the page.
 */
export function fromCreditLabel(page: Page, site: string | null): Found<Author[]> | null {
  return once(page, readCreditLabel, () => readCreditLabel(page, site));
}

function readCreditLabel(page: Page, site: string | null): Found<Author[]> | null {
  let seen = 0;
  for (const el of page.elements) {
    if (!LABEL_TAGS.has(el.tagName)) continue;
    const first = el.children[0];
    if (first?.type !== "text") continue;
    const label = (first as unknown as { data: string }).data.trim();
    // "Autorin: Uta Weber, Gartenberaterin": label and name in one element. With more children,
    // a bare label is followed by its name: `<em>Autor: <a>Jan Roth</a> (Gastbeitrag)</em>`.
    const alone = el.children.length === 1;
    const inline = alone && label.length <= 140 ? INLINE_CREDIT.exec(label) : null;
    if (!inline && (label.length > 20 || !CREDIT_LABEL.test(label))) continue;
    if (++seen > 10) break;
    if (page.isChrome(el)) continue;
    // The name is the next text after the label; its own element if the label is a link-less span.
    const next = inline?.[1] ? { text: inline[1], node: el } : followingText(el, 200)[1];
    if (!next || next.text.length > 120) continue;
    // Without a colon ("Autoren Eva Lind …") only full names make it a credit, not "Autoren Tagung".
    const bare =
      inline?.[1] !== undefined && !label.slice(0, label.length - inline[1].length).includes(":");
    const { text, jobTitle } = splitJobTitle(next.text);
    const names = splitNames(text, { siteName: site }).filter(
      (n) => /^\p{Lu}/u.test(n) && looksLikeName(n) && (!bare || n.includes(" ")),
    );
    if (!names.length) continue;
    const url = next.node.tagName === "a" ? absoluteUrl(next.node.attribs.href, page.url) : null;
    const one = names.length === 1;
    return {
      value: names.map((n) =>
        person(n, { url: one ? url : null, jobTitle: one ? jobTitle : null }),
      ),
      source: "byline",
    };
  }
  return null;
}

/** Text that opens with a credit word: the cheap first test on every element. */
const OPENS_WITH_CREDIT = new RegExp(`^\\s*(?:${BYLINE_WORDS.join("|")})\\s`, "i");

/**
 * An element that holds nothing but "Von Edda Lorenzen" (`<h5><em>Von …</em></h5>`, `<p> von
 * <em>…</em></p>`), wherever the page put it: a line of its own that is only a credit is a byline,
 * not a sentence. Full names only; teasers, quotes and captions excluded.
 */
export function fromStandaloneByline(page: Page, site: string | null): Found<Author[]> | null {
  return once(page, readStandaloneByline, () => readStandaloneByline(page, site));
}

function readStandaloneByline(page: Page, site: string | null): Found<Author[]> | null {
  let seen = 0;
  for (const el of page.elements) {
    const first = el.children[0] as unknown as { type: string; data?: string } | undefined;
    if (first?.type !== "text" || !OPENS_WITH_CREDIT.test(first.data ?? "")) continue;
    if (++seen > 30) break;
    const text = clean(spacedText(el, 100)) ?? "";
    if (text.length > 60 || page.isChrome(el) || inQuote(el) || inPhotoCredit(el)) continue;
    const names = splitNames(text, { siteName: site });
    const words = names.flatMap((n) => n.split(" "));
    if (!names.length || names.some((n) => !n.includes(" "))) continue;
    if (!words.every((w) => /^\p{Lu}/u.test(w) || PARTICLE.test(w))) continue;
    // The whole line is the credit: nothing after the names but separators.
    const rest = names.reduce((t, n) => t.replace(n, ""), text.replace(OPENS_WITH_CREDIT, ""));
    if (/[\p{L}\d]/u.test(rest.replace(/\b(?:und|and|et|y|e)\b/giu, ""))) continue;
    return { value: names.map((n) => person(n)), source: "byline" };
  }
  return null;
}
