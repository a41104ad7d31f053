/**
 * Names in the narrator's words: a run of capitalised words ("Patrick W. Carlineo Jr.", "Monica
 * de Bolle", "De’Broski Herbert") split into the titles and descriptors written inside it
 * ("InfoNation President", "Lt. Col.") and the name itself, and judged: a name of one word is a
 * person only with a title or an honorific, and a run with an organisation's or a place's word
 * is no person at all.
 */
import {
  HONORIFICS,
  NAME_PARTICLES,
  NAME_SUFFIXES,
  NOT_NAME,
  ORG_WORDS,
  PLACE_HEADS,
  PLACE_TAILS,
  PLACES,
  ROLE_NOUNS,
  TITLES,
} from "./lexicon.js";
import { isInitial, type Token } from "./tokens.js";
import { commonWord, properNoun } from "./words.js";

const LOWER = /\p{Ll}/u;
const UPPER_START = /^\p{Lu}/u;
/** "al-Hilal", "bin-Salman", "d’Estaing": a lower-case prefix joined to a capitalised name. */
const JOINED_PARTICLE = /^(?:al|el|ad|as|ash|at|bin|ibn|abu|abd|d|l|o)[-’']\p{Lu}/u;

/** A word that can be one of a name's words: capitalised, with a small letter or an initial. */
export function nameWord(t: Token): boolean {
  if (t.kind !== "word") return false;
  if (!t.cap) return JOINED_PARTICLE.test(t.text);
  if (isInitial(t)) return true;
  if (!LOWER.test(t.text)) return false;
  // "İstanbul'un", "Ankara’da": a case ending after an apostrophe, not "O'Brien" or "De’Broski".
  if (/[’'][\p{Ll}]+$/u.test(t.text)) return false;
  // "Ocasio-Cortez", "Liu-Shiu-Cheong", "Cheuk Hau-yip", but not "Kong-based", "Singer-guitarists".
  if (t.text.includes("-")) {
    const parts = t.text.split("-");
    for (let k = 1; k < parts.length; k++) {
      const part = parts[k] as string;
      if (part === "" || UPPER_START.test(part) || NAME_PARTICLES.has(part.toLowerCase())) continue;
      if (part.length > 4 || HYPHEN_TAILS.test(part) || ROLE_NOUNS.has(part)) return false;
    }
  }
  return true;
}

/** Lower-case ends of hyphenated adjectives that a short given-name syllable never is. */
const HYPHEN_TAILS =
  /^(?:led|run|born|era|like|old|wide|free|made|long|new|day|year|time|type|area|only|up|in|on|off|out|based|owned|style)$/u;

/** A word that may sit inside a run of capitalised words without ending it. */
function runWord(t: Token): boolean {
  return t.kind === "word" && (t.cap || JOINED_PARTICLE.test(t.text));
}

const bare = (t: Token): string => t.lower.replace(/\.$/u, "");

/** A full stop glued to an initial or an abbreviation inside a name ("W.", "Jr.", "Gov."). */
function gluedStop(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i];
  if (t === undefined || t.text !== "." || t.kind !== "punct") return false;
  const prev = tokens[i - 1];
  if (prev === undefined) return false;
  if (prev.end !== t.start || prev.kind !== "word") return false;
  const w = bare(prev);
  return (
    isInitial(prev) ||
    HONORIFICS.has(w) ||
    TITLES.has(w) ||
    NAME_SUFFIXES.has(w) ||
    /\.\p{L}$/u.test(prev.text)
  );
}

/**
 * The run of capitalised words that contains token `i`, as `[from, to)`, within `[lo, hi)`.
 * Particles ("de", "van") and glued full stops belong to it; a possessive word ends it.
 */
export function runAround(
  tokens: readonly Token[],
  i: number,
  lo: number,
  hi: number,
): [number, number] | null {
  const t = tokens[i];
  if (t === undefined || !(runWord(t) || gluedStop(tokens, i))) return null;
  let from = i;
  while (from > lo) {
    const prev = tokens[from - 1] as Token;
    if (prev.possessive) break;
    if (runWord(prev) || gluedStop(tokens, from - 1)) {
      from--;
      continue;
    }
    // A particle between two capitalised words: "Monica de Bolle".
    if (
      prev.kind === "word" &&
      NAME_PARTICLES.has(prev.lower) &&
      from - 2 >= lo &&
      runWord(tokens[from - 2] as Token)
    ) {
      from -= 1;
      continue;
    }
    break;
  }
  let to = i + 1;
  if (t.possessive) return [from, to];
  while (to < hi) {
    const next = tokens[to] as Token;
    if (runWord(next) || gluedStop(tokens, to)) {
      to++;
      if (next.possessive) break;
      continue;
    }
    if (
      next.kind === "word" &&
      NAME_PARTICLES.has(next.lower) &&
      to + 1 < hi &&
      runWord(tokens[to + 1] as Token)
    ) {
      to++;
      continue;
    }
    break;
  }
  return [from, to];
}

export type RunKind = "person" | "organization" | "place" | "other";

export interface NameRun {
  /** The whole run, `[from, to)`. */
  readonly from: number;
  readonly to: number;
  /** Where the name starts: tokens before it are titles and descriptors ("NASA Administrator"). */
  readonly nameFrom: number;
  /** The name as written ("Patrick W. Carlineo Jr."), or "" when the run holds none. */
  readonly name: string;
  /** Its words without initials, particles and suffixes: `["Patrick", "Carlineo"]`. */
  readonly core: readonly string[];
  /** The honorific or title right before the name ("Mr.", "Gov.", "Ambassador"), folded. */
  readonly title: string | null;
  readonly honorific: boolean;
  readonly kind: RunKind;
}

/** Writes tokens back as the text had them (spaces where there were any). */
export function textOf(tokens: readonly Token[], from: number, to: number, source: string): string {
  const a = tokens[from];
  const b = tokens[to - 1];
  if (a === undefined || b === undefined || to <= from) return "";
  return source.slice(a.start, b.end).replace(/\s+/gu, " ").trim();
}

function isTitleWord(t: Token): boolean {
  const w = bare(t);
  return TITLES.has(w) || HONORIFICS.has(w) || ROLE_NOUNS.has(w);
}

/** Splits a run into its descriptor and its name, and tells what the run names. */
export function analyzeRun(
  tokens: readonly Token[],
  from: number,
  to: number,
  source: string,
): NameRun {
  // The name starts after the last title or role word that has a name word after it, and
  // after any word that cannot be part of a name ("Singer-guitarists Tom Johnston").
  let nameFrom = from;
  let title: string | null = null;
  let honorific = false;
  for (let k = from; k < to; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== "word") continue;
    if (!isTitleWord(t)) {
      if (!nameWord(t) && !NAME_PARTICLES.has(t.lower)) {
        nameFrom = k + 1;
        title = null;
        honorific = false;
      }
      continue;
    }
    let rest = false;
    for (let m = k + 1; m < to; m++) {
      const n = tokens[m] as Token;
      if (n.kind === "word" && nameWord(n) && !NAME_SUFFIXES.has(bare(n)) && !isTitleWord(n)) {
        rest = true;
        break;
      }
    }
    if (!rest) break;
    nameFrom = k + 1;
    title = bare(t);
    honorific = HONORIFICS.has(title);
  }
  while (nameFrom < to && (tokens[nameFrom] as Token).kind === "punct") nameFrom++;
  const core: string[] = [];
  let kind: RunKind = "person";
  let lastCore = "";
  for (let k = nameFrom; k < to; k++) {
    const t = tokens[k] as Token;
    if (t.kind !== "word") {
      if (t.text !== ".") kind = "other";
      continue;
    }
    const w = bare(t);
    if (ORG_WORDS.has(w)) kind = "organization";
    // Particles inside a name ("Van Der Beek", "de Bolle") before the function-word check.
    if (k > nameFrom && k < to - 1 && NAME_PARTICLES.has(t.lower)) continue;
    if (k === nameFrom && NAME_PARTICLES.has(t.lower) && to - k > 1 && t.cap) continue;
    if (NOT_NAME.has(w) && kind === "person") kind = "other";
    if (NAME_SUFFIXES.has(w) || isInitial(t)) continue;
    if (!nameWord(t)) {
      if (kind === "person") kind = "other";
      continue;
    }
    if (core.length === 0 && PLACE_HEADS.has(w) && to - nameFrom > 1 && kind === "person")
      kind = "place";
    core.push(t.text);
    lastCore = w;
  }
  if (kind === "person" && core.length > 1 && PLACE_TAILS.has(lastCore)) kind = "place";
  // "Fundamental Research", "Human Rights": common words in title case, none a proper noun.
  if (kind === "person" && core.length > 0 && core.every((w) => phraseWord(w))) kind = "other";
  let name = textOf(tokens, nameFrom, to, source);
  if (kind === "person" && PLACES.has(name.toLowerCase())) kind = "place";
  // A possessive is the run's last word; the name is written without it.
  const last = tokens[to - 1];
  if (last?.possessive) name = name.replace(/(?:[’']s|s[’'])$/u, (m) => (m[0] === "s" ? "s" : ""));
  if (core.length === 0 || core.length > 5) kind = kind === "person" ? "other" : kind;
  return { from, to, nameFrom, name, core, title, honorific, kind };
}

const phraseWords = new Map<string, boolean>();

/** A common word that is no proper noun ("Research", "Human"); remembered, names repeat. */
function phraseWord(word: string): boolean {
  const known = phraseWords.get(word);
  if (known !== undefined) return known;
  const lower = word.toLowerCase();
  const value = commonWord(lower) && !properNoun(lower);
  if (phraseWords.size >= 20_000) phraseWords.clear();
  phraseWords.set(word, value);
  return value;
}

/** Folded forms already computed: an article repeats its names many times. Bounded. */
const folded = new Map<string, string>();
const ASCII = /^[\x20-\x7e]*$/u;

/** The folded form names are compared in: case, accents and spacing do not count. */
export function fold(value: string): string {
  const known = folded.get(value);
  if (known !== undefined) return known;
  const base = ASCII.test(value) ? value : value.normalize("NFKD").replace(/\p{M}/gu, "");
  const out = base.toLowerCase().replace(/[’'`]/gu, "'").replace(/\s+/gu, " ").trim();
  if (folded.size >= 20_000) folded.clear();
  folded.set(value, out);
  return out;
}
