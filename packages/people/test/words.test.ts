import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { commonWord, properNoun } from "../src/words.js";

const dic = readFileSync(
  join(dirname(createRequire(import.meta.url).resolve("dictionary-en")), "index.dic"),
  "utf8",
);

/**
 * The dictionary as two sets, read the plain way (every line, every prefix flag expanded): what
 * `commonWord` and `properNoun` answered before they read the file a group of lines at a time.
 */
function oracle(): { common: Set<string>; proper: Set<string> } {
  const prefixes: Record<string, string> = {
    A: "re",
    I: "in",
    U: "un",
    C: "de",
    E: "dis",
    F: "con",
    K: "pro",
  };
  const common = new Set<string>();
  const proper = new Set<string>();
  for (const line of dic.split("\n").slice(1)) {
    const [stem = "", flags = ""] = line.split("/");
    const word = stem.trim();
    if (word === "") continue;
    const first = word[0] as string;
    if (first !== first.toLowerCase()) proper.add(word.toLowerCase());
    else {
      common.add(word);
      for (const flag of flags) {
        const prefix = prefixes[flag];
        if (prefix !== undefined) common.add(prefix + word);
      }
    }
  }
  return { common, proper };
}

function plainHas(words: Set<string>, lower: string): boolean {
  if (words.has(lower)) return true;
  if (lower.endsWith("ies") && words.has(`${lower.slice(0, -3)}y`)) return true;
  if (lower.endsWith("es") && words.has(lower.slice(0, -2))) return true;
  return lower.endsWith("s") && words.has(lower.slice(0, -1));
}

describe("the English dictionary", () => {
  it("has what its binary search needs: lines sorted by code unit, printable ASCII, no blanks", () => {
    const lines = (dic.endsWith("\n") ? dic.slice(0, -1) : dic).split("\n").slice(1);
    const unsorted = lines.filter((line, i) => i > 0 && (lines[i - 1] as string) > line);
    expect(unsorted.slice(0, 5)).toEqual([]);
    expect(lines.filter((line) => /[^!-~]/.test(line)).slice(0, 5)).toEqual([]);
  });

  it("answers every word of the dictionary, its plurals and its prefixed forms as the whole file read at once does", () => {
    const { common, proper } = oracle();
    const asked = new Set<string>();
    for (const word of [...common, ...proper]) {
      const lower = word.toLowerCase();
      asked.add(lower);
      asked.add(`${lower}s`);
      asked.add(`${lower}es`);
      if (lower.endsWith("y")) asked.add(`${lower.slice(0, -1)}ies`);
      for (const prefix of ["re", "in", "un", "de", "dis", "con", "pro"]) asked.add(prefix + lower);
    }
    for (const odd of ["", "a", "x", "é", "élan", "s", "es", "ies", "'s", "re", "un-", "o'neill"]) {
      asked.add(odd);
    }
    const differ: string[] = [];
    for (const lower of asked) {
      if (commonWord(lower) !== plainHas(common, lower)) differ.push(`common ${lower}`);
      if (properNoun(lower) !== proper.has(lower)) differ.push(`proper ${lower}`);
    }
    expect(differ.slice(0, 20)).toEqual([]);
    expect(asked.size).toBeGreaterThan(300_000);
  });
});
