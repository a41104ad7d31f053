import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  LOWER_FOLDS_APART,
  MONTH_ALT,
  TEXTUAL_ANY_CASE,
  TEXTUAL_LOWER,
} from "../src/metadata/dates.js";
import { codePoints, everyCodePoint, foldsApart } from "./case-folds.js";

// parseDate runs the textual date forms on lower-cased text without the `i` flag unless the text
// has a LOWER_FOLDS_APART character: the two must match exactly alike everywhere else.
describe("the textual date forms without the i flag", () => {
  const all = everyCodePoint();

  it("lower-casing gives only characters that lower-casing keeps", () => {
    const unfixed = new Set<string>();
    for (const y of [...all, "aΣ", "Σa"])
      for (const x of y.toLowerCase()) if (x.toLowerCase() !== x) unfixed.add(x);
    expect(codePoints(unfixed)).toEqual([]);
  });

  it("LOWER_FOLDS_APART is every lower-case character the i flag matches otherwise", () => {
    const lowerFixed = all.filter((x) => x.toLowerCase() === x);
    const literals = [
      ...TEXTUAL_LOWER.dayMonthYear.source,
      ...TEXTUAL_LOWER.monthDayYear.source,
    ].map((c) => c.toLowerCase());
    const apart = foldsApart(literals, ["\\p{L}", "\\d", "\\s"], lowerFixed);
    const guarded = lowerFixed.filter((x) => LOWER_FOLDS_APART.test(x));
    expect(codePoints(guarded)).toEqual(codePoints(apart));
  });

  it("finds the same dates as the case-insensitive forms on lower-cased text", () => {
    const months = MONTH_ALT.split("|");
    // Month names with a letter written as one of its case-fold twins ("ſept", "αυγούςτου").
    const twins: Record<string, string> = { s: "ſ", σ: "ς", μ: "µ", β: "ϐ", ε: "ϵ", κ: "ϰ" };
    const twinned = (m: string) => m.replace(/[sσμβεκ]/u, (c) => twins[c] ?? c);
    const token = fc.oneof(
      fc.constantFrom(...months),
      fc.constantFrom(...months).map((m) => m.toUpperCase()),
      fc.constantFrom(...months).map(twinned),
      fc.integer({ min: 0, max: 40 }).map(String),
      fc.integer({ min: 1985, max: 2105 }).map(String),
      fc.constantFrom(" ", "  ", ".", ",", "'", "º", "°", "\u00a0", "\n", "-", "/"),
      fc.constantFrom("st", "nd", "rd", "th", "er", "de ", "of ", "del ", "on ", "x", "é"),
      fc.constantFrom("ſ", "ς", "µ", "\u0345", "\u1c80", "\u1fbe", "\u1fd3", "K", "İ", "ı"),
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 12 }), (tokens) => {
        const lower = tokens.join("").toLowerCase();
        if (LOWER_FOLDS_APART.test(lower)) return;
        for (const form of ["dayMonthYear", "monthDayYear"] as const) {
          const a = TEXTUAL_ANY_CASE[form].exec(lower);
          const b = TEXTUAL_LOWER[form].exec(lower);
          expect(b && [b.index, ...b]).toEqual(a && [a.index, ...a]);
        }
      }),
      { numRuns: 20_000 },
    );
  });
});
