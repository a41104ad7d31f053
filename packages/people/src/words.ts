/**
 * English words and proper nouns from the Hunspell en_US dictionary (SCOWL size 60, the
 * `dictionary-en` package): a run of capitalised words made only of common words and of no
 * proper noun ("Fundamental Research", "Human Rights", "Big Machine") is a phrase in title
 * case, not a person; "Frank Lucas" and "Tom Young" keep their names because "Frank" and "Tom"
 * are proper nouns too. The package's own entry point reads its files with a top-level await,
 * which CommonJS loaders cannot run, so its `index.dic` is read directly.
 *
 * The file has ~49,000 stems; parsing them all into sets took 19–31 ms of a cold process, while
 * an article asks about a few dozen words. Parsing only the groups of lines (by their first three
 * letters) that a word falls in still scanned every line to find the groups, and ten articles
 * asked about a third of the file: 18–24 ms of a cold 10-page `vellum extract`. The lines are
 * sorted, so a word is now looked up by binary search in the file as read, and nothing is parsed:
 * 10–15 ms for the same lookups (a cold process's first lookups run interpreted).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** `PFX` rules of the dictionary's index.aff: each flag adds its prefix to the stem. */
const PREFIXES: readonly (readonly [flag: string, prefix: string])[] = [
  ["A", "re"],
  ["I", "in"],
  ["U", "un"],
  ["C", "de"],
  ["E", "dis"],
  ["F", "con"],
  ["K", "pro"],
];

const NEWLINE = 0x0a;
const SLASH = 0x2f;

/** Lines of index.dic hold printable ASCII but blanks; a word with anything else is in none. */
const OUTSIDE_LINES = /[^!-~]/;

/**
 * index.dic searched as read: its lines (after the count) are sorted by code unit, so the lines a
 * word can be on are found by binary search. A test holds every word of the file, its plurals and
 * prefixed forms to the answers of the whole file parsed into sets.
 */
class Dictionary {
  private readonly text: string;
  /** Where the lines start, after the count line. */
  private readonly first: number;
  /**
   * Answers already looked up: a long run asks about the same words again and again, and a Map
   * answers faster than the binary searches.
   */
  private readonly commonKnown = new Map<string, boolean>();
  private readonly properKnown = new Map<string, boolean>();

  constructor(text: string) {
    this.text = text.endsWith("\n") ? text : `${text}\n`;
    this.first = text.indexOf("\n") + 1;
  }

  /**
   * The first line in [lo, hi) (line starts) whose first `key.length` characters are not below
   * `key` (`orAbove`: above it). A shorter line reads its newline there, below every printable.
   */
  private bound(key: string, lo: number, hi: number, orAbove: boolean): number {
    const text = this.text;
    const n = key.length;
    while (lo < hi) {
      // The start of the line around the middle: at lo or after, before hi.
      const mid = text.lastIndexOf("\n", ((lo + hi) >>> 1) - 1) + 1;
      const head = text.slice(mid, mid + n);
      if (head < key || (orAbove && head === key)) lo = text.indexOf("\n", mid) + 1;
      else hi = mid;
    }
    return lo;
  }

  /**
   * The flags of the lines whose word is `stem` exactly, joined (a line without flags adds
   * none), or null when there is none. Those lines follow the first line starting with `stem`,
   * after at most a few whose word goes on with a character below "/" ("stem's", "stem-x").
   */
  private flagsOf(stem: string, lo = this.first, hi = this.text.length): string | null {
    const text = this.text;
    const n = stem.length;
    let flags: string | null = null;
    for (let at = this.bound(stem, lo, hi, false); at < hi && text.startsWith(stem, at); ) {
      const next = text.charCodeAt(at + n);
      if (next > SLASH) break;
      const end = text.indexOf("\n", at);
      if (next === NEWLINE) flags ??= "";
      else if (next === SLASH) flags = (flags ?? "") + text.slice(at + n + 1, end);
      at = end + 1;
    }
    return flags;
  }

  /** A stem written small: its flags, or null when the dictionary has no such stem. */
  private commonFlags(stem: string): string | null {
    if (stem === "" || OUTSIDE_LINES.test(stem) || stem.includes("/")) return null;
    const first = stem[0] as string;
    if (first !== first.toLowerCase()) return null;
    return this.flagsOf(stem);
  }

  /** A common word: a stem, or a stem with one of its prefix flags ("research": "search"/A). */
  private isCommon(lower: string): boolean {
    if (this.commonFlags(lower) !== null) return true;
    for (const [flag, prefix] of PREFIXES) {
      if (lower.length > prefix.length && lower.startsWith(prefix)) {
        if (this.commonFlags(lower.slice(prefix.length))?.includes(flag)) return true;
      }
    }
    return false;
  }

  /** A common word or its plural ("rights", "sciences", "studies"). */
  commonWord(lower: string): boolean {
    let known = this.commonKnown.get(lower);
    if (known === undefined) {
      known =
        this.isCommon(lower) ||
        (lower.endsWith("ies") && this.isCommon(`${lower.slice(0, -3)}y`)) ||
        (lower.endsWith("es") && this.isCommon(lower.slice(0, -2))) ||
        (lower.endsWith("s") && this.isCommon(lower.slice(0, -1)));
      remember(this.commonKnown, lower, known);
    }
    return known;
  }

  /** A stem written with a capital whose lower case is `lower`. */
  properNoun(lower: string): boolean {
    let known = this.properKnown.get(lower);
    if (known === undefined) {
      known = this.findProper(lower);
      remember(this.properKnown, lower, known);
    }
    return known;
  }

  /**
   * The lines starting with each casing of the letters of `lower` are narrowed down letter by
   * letter, the capital first.
   */
  private findProper(lower: string): boolean {
    if (lower === "" || OUTSIDE_LINES.test(lower) || lower.includes("/")) return false;
    if (lower !== lower.toLowerCase()) return false;
    const capital = (lower[0] as string).toUpperCase();
    if (capital === lower[0]) return false;
    // Prefixes of some line's word, each with the range of lines starting with it.
    let open: [prefix: string, lo: number, hi: number][] = [
      [capital, this.first, this.text.length],
    ];
    for (let i = 0; i <= lower.length && open.length; i++) {
      const next: [string, number, number][] = [];
      for (const [prefix, lo, hi] of open) {
        const from = this.bound(prefix, lo, hi, false);
        const to = this.bound(prefix, from, hi, true);
        if (from === to) continue;
        if (prefix.length === lower.length) {
          if (this.flagsOf(prefix, from, to) !== null) return true;
          continue;
        }
        const c = lower[prefix.length] as string;
        const upper = c.toUpperCase();
        next.push([prefix + c, from, to]);
        if (upper !== c) next.push([prefix + upper, from, to]);
      }
      open = next;
    }
    return false;
  }
}

/** Answers kept per kind, at most: a crawl's words are many, the memory for them bounded. */
const KNOWN_MAX = 20_000;

function remember(known: Map<string, boolean>, word: string, answer: boolean): void {
  if (known.size >= KNOWN_MAX) known.clear();
  known.set(word, answer);
}

let dictionary: Dictionary | null = null;

function load(): Dictionary {
  if (dictionary === null) {
    const entry = createRequire(import.meta.url).resolve("dictionary-en");
    dictionary = new Dictionary(readFileSync(join(dirname(entry), "index.dic"), "utf8"));
  }
  return dictionary;
}

/** A lower-case English word, or its plural ("rights", "sciences"). */
export function commonWord(lower: string): boolean {
  return load().commonWord(lower);
}

/** A proper noun of the dictionary: a given name, a surname, a place or a brand. */
export function properNoun(lower: string): boolean {
  return load().properNoun(lower);
}
