import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { fold } from "../src/structured/normalize.js";

/** The definition fold() is a faster form of: NFKC, lower case, runs of non-letters/digits → " ". */
function foldByRegex(s: string): string {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

describe("fold", () => {
  it("folds titles and names in many scripts", () => {
    expect(fold("  Breaking: Houston hires Major Applewhite!  ")).toBe(
      "breaking houston hires major applewhite",
    );
    expect(fold("Kadıköy–Üsküdar tramvay hattı")).toBe(
      foldByRegex("Kadıköy–Üsküdar tramvay hattı"),
    );
    expect(fold("【？】「消費増税」ＡＢＣ１２３")).toBe("消費増税 abc123");
    expect(fold("Дмитрий Соколов, 5 октября")).toBe("дмитрий соколов 5 октября");
  });

  it("agrees with the regex definition on any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (s) => {
        expect(fold(s)).toBe(foldByRegex(s));
      }),
      { numRuns: 2000, seed: 7 },
    );
  });
});
