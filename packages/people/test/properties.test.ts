import type { ArticlePeople } from "@vellum/model";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findPeople } from "../src/index.js";

const MARKS = ['"', "“", "”", "„", "‟", "«", "»", "‘", "’", "'", "‚", "‹", "›", "「", "」"];
const WORDS = [
  "said",
  "says",
  "told",
  "according",
  "to",
  "he",
  "she",
  "the",
  "a",
  "spokesman",
  "of",
  "at",
  "President",
  "Mr.",
  "Anna",
  "Schmidt",
  "Agil",
  "Alesger",
  "NASA",
  "sagte",
  "dijo",
  "a déclaré",
  ",",
  ".",
  ":",
  "—",
  "(",
  ")",
  "Владимир",
  "Путин",
  "سلمان",
  "習近平",
  "🙂",
];

const PARTICLES = new Set([
  "de",
  "da",
  "del",
  "della",
  "di",
  "du",
  "van",
  "von",
  "der",
  "den",
  "la",
  "le",
  "bin",
  "ibn",
  "al",
  "el",
  "dos",
  "das",
  "y",
  "zu",
]);

/** Every name is written in the text, is a few words each starting with a capital, and holds no sentence punctuation. */
function checkNames(paragraphs: readonly string[], result: ArticlePeople): void {
  const text = paragraphs.join("\n");
  for (const person of [...result.quoted, ...result.mentioned]) {
    expect(text).toContain(person.name);
    const words = person.name.split(/\s+/u);
    expect(words.length).toBeGreaterThan(0);
    expect(words.length).toBeLessThanOrEqual(8);
    expect(person.name).not.toMatch(/[,;:!?"“”„«»]/u);
    for (const word of words)
      expect(
        /^\p{Lu}/u.test(word) ||
          PARTICLES.has(word.toLowerCase()) ||
          /^\p{Ll}+[-’']\p{Lu}/u.test(word),
      ).toBe(true);
  }
  for (const person of result.quoted) {
    for (const q of person.quotes) {
      const paragraph = paragraphs[q.paragraph] ?? "";
      expect(q.offsets[0]).toBeGreaterThanOrEqual(0);
      expect(q.offsets[1]).toBeLessThanOrEqual(paragraph.length);
      expect(q.offsets[0]).toBeLessThanOrEqual(q.offsets[1]);
    }
  }
}

describe("findPeople never throws", () => {
  it("on empty input", () => {
    expect(findPeople([])).toEqual({ quoted: [], unnamed: [], mentioned: [] });
    expect(findPeople(["", "   ", "\n"])).toEqual({ quoted: [], unnamed: [], mentioned: [] });
  });

  it("on any text", () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: "binary", maxLength: 300 }), { maxLength: 6 }),
        (paragraphs) => {
          checkNames(paragraphs, findPeople(paragraphs));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("on unbalanced quotation marks, speech verbs and names in mixed scripts", () => {
    const token = fc.constantFrom(...MARKS, ...WORDS);
    const paragraph = fc.array(token, { maxLength: 60 }).map((ts) => ts.join(" "));
    const glued = fc.array(token, { maxLength: 60 }).map((ts) => ts.join(""));
    fc.assert(
      fc.property(fc.array(fc.oneof(paragraph, glued), { maxLength: 8 }), (paragraphs) => {
        checkNames(paragraphs, findPeople(paragraphs));
      }),
      { numRuns: 500 },
    );
  });

  it("on a megabyte of quotation marks", () => {
    const marks = MARKS.join("");
    const big = marks.repeat(Math.ceil(1_048_576 / marks.length)).slice(0, 1_048_576);
    const result = findPeople([big, `“${big}`, `Anna Schmidt said ${big}`], {
      maxParagraphLength: 2_000_000,
    });
    checkNames([big, `“${big}`, `Anna Schmidt said ${big}`], result);
  });

  it("never makes a person of a sentence fragment", () => {
    const r = findPeople([
      "The Company Said It Would Appeal, a spokesman said.",
      "In Other News, officials said the talks had failed.",
      "But Then Again said the report.",
      "“Yes,” The Fundamental Research said.",
    ]);
    expect(r.quoted.map((p) => p.name)).toEqual([]);
  });
});
