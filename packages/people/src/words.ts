/**
 * English words and proper nouns from the Hunspell en_US dictionary (SCOWL size 60, the
 * `dictionary-en` package): a run of capitalised words made only of common words and of no
 * proper noun ("Fundamental Research", "Human Rights", "Big Machine") is a phrase in title
 * case, not a person; "Frank Lucas" and "Tom Young" keep their names because "Frank" and "Tom"
 * are proper nouns too. The package's own entry point reads its files with a top-level await,
 * which CommonJS loaders cannot run, so its `index.dic` is read directly.
 *
 * The file has ~49,000 stems; parsing them all into sets took 19–31 ms of a cold process, a
 * tenth of what `vellum extract` spends on its first page, while an article asks about a few
 * dozen words. So the file is only split into groups of lines by their first three letters, and
 * a group is parsed the first time a word of it is asked about: reading the file and the first
 * twenty lookups took 15–22 ms against 30–41 ms (alternating cold processes, a loaded machine).
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

/**
 * A word's group: its first three code units (ASCII letters lower-cased, every code unit past
 * ASCII one shared digit, 0 for each one a shorter word lacks), as a small integer. Three, not
 * two: an article's words fell in groups of two letters as large as "re" and "co" (1,500 lines
 * and more), and parsing them cost more than the scan saved. index.dic is ASCII, so a word past
 * ASCII finds nothing in its shared group, as it would in the whole file.
 */
function groupKey(text: string, start: number, end: number): number {
  let key = 0;
  let ended = false;
  for (let i = start; i < start + 3; i++) {
    const code = i < end ? text.charCodeAt(i) : 47;
    // A line's word ends at its flags ("/"), or at blanks before a morphological field.
    ended ||= code === 47 || code === 13 || code === 32 || code === 9;
    const digit = code >= 65 && code <= 90 ? code + 32 : Math.min(code, 127);
    key = key * 128 + (ended ? 0 : digit);
  }
  return key;
}

class Dictionary {
  /**
   * The groups not parsed yet: their lines, as [start, end) ranges of `text` (the file is
   * sorted, so a few each). A group leaves when it is parsed.
   */
  private readonly groups = new Map<number, number[]>();
  #groupsRead = 0;
  /** Lower-case stems and their flags (several lines of one stem: their flags joined). */
  private readonly common = new Map<string, string>();
  /** Proper nouns, lower-cased. */
  private readonly proper = new Set<string>();

  constructor(private readonly text: string) {
    let start = text.indexOf("\n") + 1;
    let key = -1;
    let range: number[] = [];
    while (start < text.length) {
      let end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
      const lineKey = groupKey(text, start, end);
      if (lineKey === key) range[range.length - 1] = end;
      else {
        key = lineKey;
        const known = this.groups.get(key);
        range = known ?? [];
        if (known === undefined) this.groups.set(key, range);
        range.push(start, end);
      }
      start = end + 1;
    }
  }

  /** Groups parsed so far. */
  get groupsRead(): number {
    return this.#groupsRead;
  }

  private read(word: string): void {
    if (word === "") return;
    const key = groupKey(word, 0, word.length);
    const ranges = this.groups.get(key);
    if (ranges === undefined) return;
    this.groups.delete(key);
    this.#groupsRead++;
    const text = this.text;
    for (let r = 0; r < ranges.length; r += 2) {
      let start = ranges[r] as number;
      const last = ranges[r + 1] as number;
      while (start < last) {
        let end = text.indexOf("\n", start);
        if (end < 0 || end > last) end = last;
        const slash = text.indexOf("/", start);
        const hasFlags = slash >= 0 && slash < end;
        const stem = text.slice(start, hasFlags ? slash : end).trim();
        if (stem !== "") {
          const first = stem[0] as string;
          if (first !== first.toLowerCase()) this.proper.add(stem.toLowerCase());
          else {
            const flags = hasFlags ? text.slice(slash + 1, end) : "";
            this.common.set(stem, (this.common.get(stem) ?? "") + flags);
          }
        }
        start = end + 1;
      }
    }
  }

  /** A common word: a stem, or a stem with one of its prefix flags ("research": "search"/A). */
  private isCommon(lower: string): boolean {
    this.read(lower);
    if (this.common.has(lower)) return true;
    for (const [flag, prefix] of PREFIXES) {
      if (lower.length > prefix.length && lower.startsWith(prefix)) {
        const stem = lower.slice(prefix.length);
        this.read(stem);
        if (this.common.get(stem)?.includes(flag)) return true;
      }
    }
    return false;
  }

  /** A common word or its plural ("rights", "sciences", "studies"). */
  commonWord(lower: string): boolean {
    if (this.isCommon(lower)) return true;
    if (lower.endsWith("ies") && this.isCommon(`${lower.slice(0, -3)}y`)) return true;
    if (lower.endsWith("es") && this.isCommon(lower.slice(0, -2))) return true;
    return lower.endsWith("s") && this.isCommon(lower.slice(0, -1));
  }

  properNoun(lower: string): boolean {
    this.read(lower);
    return this.proper.has(lower);
  }
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

/** How many groups of the dictionary's lines have been parsed (for tests). */
export function dictionaryGroupsRead(): number {
  return dictionary?.groupsRead ?? 0;
}
