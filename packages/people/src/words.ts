/**
 * English words and proper nouns from the Hunspell en_US dictionary (SCOWL size 60, the
 * `dictionary-en` package): a run of capitalised words made only of common words and of no
 * proper noun ("Fundamental Research", "Human Rights", "Big Machine") is a phrase in title
 * case, not a person; "Frank Lucas" and "Tom Young" keep their names because "Frank" and "Tom"
 * are proper nouns too. Read and parsed once, on first use (~49,000 stems; the prefix flags
 * are expanded, plurals are tried by hand). The package's own entry point reads its files with
 * a top-level await, which CommonJS loaders cannot run, so its `index.dic` is read directly.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** `PFX` rules of the dictionary's index.aff: each flag adds its prefix to the stem. */
const PREFIXES: Readonly<Record<string, string>> = {
  A: "re",
  I: "in",
  U: "un",
  C: "de",
  E: "dis",
  F: "con",
  K: "pro",
};

let common: Set<string> | null = null;
let proper: Set<string> | null = null;

function load(): void {
  common = new Set();
  proper = new Set();
  const entry = createRequire(import.meta.url).resolve("dictionary-en");
  const text = readFileSync(join(dirname(entry), "index.dic"), "utf8");
  let start = text.indexOf("\n") + 1;
  while (start < text.length) {
    let end = text.indexOf("\n", start);
    if (end < 0) end = text.length;
    const slash = text.indexOf("/", start);
    const hasFlags = slash >= 0 && slash < end;
    const word = text.slice(start, hasFlags ? slash : end).trim();
    if (word !== "") {
      const first = word[0] as string;
      if (first !== first.toLowerCase()) proper.add(word.toLowerCase());
      else {
        common.add(word);
        // The prefix rules of index.aff: "research" is "search" with flag A.
        if (hasFlags) {
          for (const flag of text.slice(slash + 1, end)) {
            const prefix = PREFIXES[flag];
            if (prefix !== undefined) common.add(prefix + word);
          }
        }
      }
    }
    start = end + 1;
  }
}

function has(words: Set<string>, lower: string): boolean {
  if (words.has(lower)) return true;
  if (lower.endsWith("ies") && words.has(`${lower.slice(0, -3)}y`)) return true;
  if (lower.endsWith("es") && words.has(lower.slice(0, -2))) return true;
  return lower.endsWith("s") && words.has(lower.slice(0, -1));
}

/** A lower-case English word, or its plural ("rights", "sciences"). */
export function commonWord(lower: string): boolean {
  if (common === null) load();
  return has(common as Set<string>, lower);
}

/** A proper noun of the dictionary: a given name, a surname, a place or a brand. */
export function properNoun(lower: string): boolean {
  if (proper === null) load();
  return (proper as Set<string>).has(lower);
}
