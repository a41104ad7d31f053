import { describe, expect, it } from "vitest";
import { findQuotes } from "../src/quotes.js";

const quoted = (paragraphs: string[]) =>
  findQuotes(paragraphs, { maxParagraphLength: 100_000 }).map((spans) =>
    spans.filter((s) => s.depth === 0).map((s) => paragraphs[s.paragraph]?.slice(s.start, s.end)),
  );

describe("quotation spans", () => {
  it("reads every quotation-mark style news pages use", () => {
    expect(
      quoted([
        '"Straight," he said.',
        "“Curly,” she said.",
        "„Deutsch“, sagte er.",
        "« Français », a-t-il dit.",
        "»Umgekehrt«, sagte sie.",
        "‘Single,’ he said.",
        "「日本語」と言った。",
      ]),
    ).toEqual([
      ["Straight,"],
      ["Curly,"],
      ["Deutsch"],
      [" Français "],
      ["Umgekehrt"],
      ["Single,"],
      ["日本語"],
    ]);
  });

  it("keeps apostrophes inside words and after plurals out of quotations", () => {
    expect(quoted(["Don’t read the teachers’ union’s note as a quote, O'Brien said."])).toEqual([
      [],
    ]);
  });

  it("nests a quotation inside another one at depth 1", () => {
    const spans = findQuotes(["“I heard him ask, ‘So he’s going?’” Holmes testified."], {
      maxParagraphLength: 1000,
    })[0];
    expect(spans?.map((s) => s.depth)).toEqual([0, 1]);
  });

  it("carries a quotation over paragraphs when each opens with a mark and only the last closes", () => {
    const spans = findQuotes(["“First part of it.", "“Second part.", "“Last part,” she said."], {
      maxParagraphLength: 1000,
    });
    expect(spans.map((p) => p.map((s) => [s.continued, s.continues]))).toEqual([
      [[false, true]],
      [[true, true]],
      [[true, false]],
    ]);
  });

  it("treats a closing mark written as an opening one at the paragraph's end as closing", () => {
    expect(quoted(["“The war continues. The confrontation will become clearer. “"])).toEqual([
      ["The war continues. The confrontation will become clearer. "],
    ]);
  });
});
