import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { anyCase, LETTER_ANY_CASE } from "../src/metadata/any-case.js";
import { BYLINE_TEXT, bylineText } from "../src/metadata/authors/near-headline.js";
import { oneByte } from "../src/one-byte.js";
import { codePoints, everyCodePoint } from "./case-folds.js";

const all = everyCodePoint();

/** The code points two single-character expressions disagree on. */
function disagree(a: RegExp, b: RegExp): string[] {
  return codePoints(all.filter((x) => a.test(x) !== b.test(x)));
}

describe("anyCase", () => {
  it("spells out what each ASCII letter matches under the i flag", () => {
    for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
      expect([c, disagree(new RegExp(`^${anyCase(c)}$`, "u"), new RegExp(`^${c}$`, "iu"))]).toEqual(
        [c, []],
      );
  });

  it("keeps syntax and refuses escapes and other letters", () => {
    expect(anyCase("a(?:b|c)?:")).toBe("[aA](?:[bB]|[cC])?:");
    expect(() => anyCase("\\s")).toThrow();
    expect(() => anyCase("für")).toThrow();
  });

  it("LETTER_ANY_CASE is \\p{L} under the i flag, alone and beside other characters", () => {
    for (const extra of ["", "\\d'’._-", "'’.-"])
      expect(
        disagree(
          new RegExp(`^[${LETTER_ANY_CASE}${extra}]$`, "u"),
          new RegExp(`^[\\p{L}${extra}]$`, "iu"),
        ),
      ).toEqual([]);
  });

  it("the byline expression's other characters and classes have no case", () => {
    for (const cls of ["[|•·]", "\\s", "\\d", "[,&:]"])
      expect(disagree(new RegExp(`^${cls}$`, "u"), new RegExp(`^${cls}$`, "iu"))).toEqual([]);
  });
});

/** BYLINE_TEXT as it was written, with the `i` flag. */
const BYLINE_TEXT_IU =
  /(?:^|[|•·]\s*|\s)(?:(?:text|written|posted|story|words|reporting|gespeichert|geschrieben|verfasst)\s+(?:by|von)|by|von|par|por|di|door|av|af|autor(?:in)?:|author:|text:|redaktion:):?\s+(\p{L}[\p{L}\d'’._-]*(?:\s+(?:(?:van|von|de|der|den|da|del|di|la|le|du|ten|ter|y)\s+)*(?!(?:and|und|et)\s)\p{L}[\p{L}'’.-]*){0,3}(?:\s*(?:,|&|and|und|et|y|e)\s*\p{L}[\p{L}'’.-]*(?:\s+(?!(?:and|und|et)\s)\p{L}[\p{L}'’.-]*){1,3})*)/iu;

/** A word in a random case, its k and s sometimes KELVIN SIGN and LONG S. */
const anyCased = (word: string) =>
  fc
    .array(fc.integer({ min: 0, max: 3 }), { minLength: word.length, maxLength: word.length })
    .map((cases) =>
      [...word]
        .map((c, i) => {
          const pick = cases[i] ?? 0;
          if (pick === 3 && c === "k") return "\u212a";
          if (pick === 3 && c === "s") return "\u017f";
          return pick % 2 ? c.toUpperCase() : c;
        })
        .join(""),
    );

describe("BYLINE_TEXT", () => {
  it("matches as the case-insensitive expression it replaces", () => {
    const words =
      "text written posted story words reporting gespeichert geschrieben verfasst by von par por di door av af autor autorin author redaktion van de der den da del la le du ten ter y and und et e jane doe kurt smith sven".split(
        " ",
      );
    const token = fc.oneof(
      fc.constantFrom(...words).chain(anyCased),
      fc.constantFrom(" ", "  ", ":", ",", "&", "|", "•", "·", "'", "’", ".", "_", "-", "\n", "7"),
      fc.constantFrom("\u0345", "ı", "İ", "é", "Ä", "ß", "ẞ", "ς", "Σ", "\u212b", "ﬀ", "ǅ", "μ"),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 16 }), (tokens) => {
        const text = tokens.join("");
        const a = BYLINE_TEXT_IU.exec(text);
        const b = BYLINE_TEXT.exec(text);
        expect(b && [b.index, ...b]).toEqual(a && [a.index, ...a]);
      }),
      { numRuns: 30_000 },
    );
  });

  it("bylineText answers as the expression does: the lead test only skips lines it cannot match", () => {
    const words = [
      "by",
      "By",
      "BY",
      "von",
      "text von",
      "Autor:",
      "written by",
      "par",
      "di",
      "door",
    ];
    const token = fc.oneof(
      fc.constantFrom(...words),
      fc.constantFrom("Jane", "Doe", "O’Brien", "Ľudo", "Жанна", "und", "and", " ", "  ", "|", "•"),
      fc.constantFrom(",", ":", "’", "“", "—", "\u0345", "ſ", "\u212a", "é", "\ud83d\ude00", "7"),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), (tokens) => {
        const text = tokens.join("");
        const a = BYLINE_TEXT.exec(text);
        const b = bylineText(text);
        expect(b && [b.index, ...b]).toEqual(a && [a.index, ...a]);
      }),
      { numRuns: 20_000 },
    );
  });
});

describe("oneByte", () => {
  it("keeps the characters, whatever they are", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), fc.string({ unit: "grapheme-ascii" }), (a, b) => {
        expect(oneByte(a)).toBe(a);
        expect(oneByte(b)).toBe(b);
        const latin1 = [...a]
          .map((c) => String.fromCharCode((c.codePointAt(0) ?? 0) & 0xff))
          .join("");
        expect(oneByte(latin1)).toBe(latin1);
      }),
      { numRuns: 5_000 },
    );
  });
});
