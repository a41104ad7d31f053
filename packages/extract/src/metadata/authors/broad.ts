/**
 * Broad candidate finders: cheap, general readings that name a person anywhere on the page, with
 * few vetoes of their own. They only propose; the ranker weighs each by where it sits and what
 * surrounds it, so a credit line in a layout no rule was written for can still be found.
 */
import { type Author, BYLINE_PARTICLES, BYLINE_WORDS } from "@vellum/model";
import { fold } from "../../structured/normalize.js";
import { looksLikeName, PARTICLE, splitNames } from "../names.js";
import type { Found, Page } from "../page.js";
import { textIndex, textsPrinting } from "./locate.js";
import { person } from "./people.js";

/**
 * The words for "by" are @vellum/model's (shared with schema), and Spanish "Escribe" ("writes").
 * The verbs here are those of a blog's credit line, not model's BYLINE_VERBS.
 */
const CREDIT_WORDS = [...BYLINE_WORDS, ...BYLINE_PARTICLES, "escribe"];

/** A credit word, then the name: "By", "Von", "Por", "Escribe", "Erstellt von", "Autor:", "作者：". */
const CREDIT = new RegExp(
  `(?:^|[\\s|•·(,–—-])(?:(?:(?:written|posted|published|erstellt|geschrieben|verfasst|gespeichert|publié|publicado|escrito|pubblicato|scritto|eingestellt)\\s+(?:by|von|par|por|da|am)|${CREDIT_WORDS.join("|")})\\s+|(?:autor(?:in|en)?|author|text|texte|auteur|redaktion|reporter|作者|责任编辑|責任編輯|文|記者)\\s*[:：]\\s*)(.{2,80})`,
  "iu",
);

/** "© 2012 Gregory Szorc", "Copyright (c) 2006-2008 by Martin Weber". */
const COPYRIGHT =
  /(?:©|\([cC]\)|[Cc]opyright|COPYRIGHT)\s*(?:©|\([cC]\))?\s*(?:\d{4}(?:\s*[-–]\s*(?:\d{4})?)?\s*)?(?:by\s+)?(\p{Lu}[\p{L}'’.-]*(?:\s+(?:\p{Lu}[\p{L}'’.-]*|van|von|de|der|da|di|la|le)){0,3})/u;

/**
 * The cheap first tests on every text: a credit word then a space, or a label word and a colon.
 * Plain alternatives, which V8 scans much faster than the full pattern.
 */
const MAYBE_CREDIT = new RegExp(
  `(?:^|\\s)(?:${CREDIT_WORDS.map((w) => `[${w.charAt(0).toUpperCase()}${w.charAt(0)}]${w.slice(1)}`).join("|")}|BY|VON|POR)\\s`,
);
const MAYBE_LABEL =
  /(?:[Aa]utor|AUTOR|[Aa]uthor|AUTHOR|[Tt]ext|[Aa]uteur|[Rr]edaktion|[Rr]eporter|作者|责任编辑|責任編輯|文|記者)\s*[:：]/;

// Without "av" and "af", as this rule always read a bare credit word.
const BARE_CREDIT = new RegExp(
  `^(?:${[...BYLINE_WORDS, "di", "escribe"].join("|")}|autor(?:in)?:?|author:?)$`,
  "iu",
);

/** How many texts from the headline on are searched for a credit. */
const CREDIT_REACH = 300;

/** At most this many credit texts are read per page. */
const MAX_CREDITS = 12;

/** Names after a credit word in any short text of the page. */
export function fromCreditAnywhere(page: Page, site: string | null): Found<Author[]> | null {
  const out: Author[] = [];
  let seen = 0;
  const { entries, headlineEntry } = textIndex(page);
  // From just above the headline through the article and what follows it: a page's far chrome
  // (menus, footers of long pages) is left unread.
  const from = Math.max(0, (headlineEntry ?? 0) - 20);
  const to = Math.min(entries.length, from + CREDIT_REACH);
  for (let i = from; i < to && seen < MAX_CREDITS; i++) {
    const e = entries[i];
    if (!e || e.text.length > 160) continue;
    if (!MAYBE_CREDIT.test(e.text) && !(/[:：]/.test(e.text) && MAYBE_LABEL.test(e.text))) {
      // "By" alone, the name in the next text.
      if (!BARE_CREDIT.test(e.text)) continue;
    }
    // "By" alone, the name in the next text: `<span>By</span> <a>Jane Doe</a>`.
    const text = BARE_CREDIT.test(e.text) ? `${e.text} ${entries[i + 1]?.text ?? ""}` : e.text;
    const m = CREDIT.exec(text);
    if (!m?.[1]) continue;
    seen++;
    for (const n of splitNames(m[1], { siteName: site }))
      if (!out.some((a) => fold(a.name) === fold(n))) out.push(person(n));
    if (out.length >= 6) break;
  }
  return out.length ? { value: out, source: "byline" } : null;
}

/** The owner named in the page's copyright line: the writer of a personal site. */
export function fromCopyright(page: Page): Found<Author[]> | null {
  const { entries } = textIndex(page);
  for (let i = entries.length - 1, seen = 0; i >= 0 && seen < 400; i--, seen++) {
    const e = entries[i];
    if (!e || e.text.length > 200) continue;
    const m = COPYRIGHT.exec(e.text);
    // "Gregor Szabo. All rights reserved.": the name ends with its sentence.
    const name = m?.[1]
      ?.split(/\.\s/u)[0]
      ?.replace(/[.,]+$/u, "")
      .trim();
    if (!name?.includes(" ") || !looksLikeName(name)) continue;
    return { value: [person(name)], source: "heuristic" };
  }
  return null;
}

/** A site named after a person ("Alexander Klier", "Silvia Jura"): its writer, on a personal site. */
export function fromSiteName(page: Page, site: string | null): Found<Author[]> | null {
  const raw = site ?? page.titleTag?.split(/\s[|–—-]\s/u).at(-1) ?? null;
  if (!raw) return null;
  const name = raw
    .replace(/^(?:dr|prof)\.?\s+/iu, "")
    .split(/\s[|–—:-]\s/u)[0]
    ?.trim();
  if (!name) return null;
  const words = name.split(/\s+/);
  if (words.length < 2 || words.length > 3 || !looksLikeName(name)) return null;
  if (
    !words.every(
      (w, i) =>
        /^\p{L}[\p{Ll}'’-]+$/u.test(w.slice(1)) &&
        (/^\p{Lu}/u.test(w) ||
          /^\p{Ll}+$/u.test(name.replace(/\s/g, "")) ||
          (i > 0 && PARTICLE.test(w))),
    )
  )
    return null;
  return { value: [person(name)], source: "heuristic" };
}

const LETTER = /[\p{L}\p{N}]/u;
/** The capitalised word right after a first name: its surname. */
const NEXT_WORD = /^\s+(\p{Lu}[\p{Ll}'’-]+(?:-\p{Lu}\p{Ll}+)?)(?![\p{L}])/u;

/**
 * A first name alone ("Henry", "Stefanus") that the page prints in full elsewhere ("Henry
 * Steinhau"): the full name, as a candidate beside the short one.
 */
export function fullNames(page: Page, short: readonly string[]): Found<Author[]> | null {
  const out: Author[] = [];
  for (const s of short.slice(0, 3)) {
    if (s.includes(" ") || s.length < 3 || !/^\p{Lu}\p{Ll}/u.test(s)) continue;
    for (const text of textsPrinting(page, s)) {
      if (text.length > 300) continue;
      const at = text.indexOf(s);
      if (at > 0 && LETTER.test(text[at - 1] as string)) continue;
      const m = NEXT_WORD.exec(text.slice(at + s.length, at + s.length + 40));
      const full = m?.[1] ? `${s} ${m[1]}` : null;
      if (full && looksLikeName(full)) {
        out.push(person(full));
        break;
      }
    }
  }
  return out.length ? { value: out, source: "byline" } : null;
}
