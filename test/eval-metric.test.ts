import { describe, expect, it } from "vitest";
import {
  authorMatches,
  calendarDay,
  dateMatches,
  imageMatches,
  textMatches,
} from "../scripts/eval/match.js";
import { aggregate, bootstrap, scoreDocument, shingles, tokenize } from "../scripts/eval/metric.js";

describe("tokenize", () => {
  it("keeps Unicode letters, digits and underscore runs, case kept", () => {
    expect(tokenize("Grüße, Ærø! 東京 snake_case 3.14 — ok")).toEqual([
      "Grüße",
      "Ærø",
      "東京",
      "snake_case",
      "3",
      "14",
      "ok",
    ]);
  });
  it("yields nothing for punctuation only", () => {
    expect(tokenize(" … — !? ")).toEqual([]);
  });
});

describe("shingles", () => {
  it("makes one shorter shingle for 1–3 tokens and none for 0", () => {
    expect(shingles([]).size).toBe(0);
    expect([...shingles(["a"]).values()]).toEqual([1]);
    expect(shingles(["a", "b", "c"]).size).toBe(1);
  });
  it("counts repeated 4-token windows as a multiset", () => {
    const s = shingles(["a", "b", "c", "d", "a", "b", "c", "d"]);
    expect(s.size).toBe(4);
    expect(s.get(["a", "b", "c", "d"].join("\u0001"))).toBe(2);
  });
});

describe("scoreDocument", () => {
  it("is perfect and exact on equal token lists despite different punctuation", () => {
    const d = scoreDocument(
      "One two three four five.",
      "one two three four five".replace("one", "One"),
    );
    expect(d).toMatchObject({ precision: 1, recall: 1, exact: true });
  });
  it("scores a prediction with extra text", () => {
    // truth: 2 shingles; prediction: those 2 + 2 more.
    const d = scoreDocument("a b c d e", "a b c d e f g");
    expect(d.tp).toBeCloseTo(0.5);
    expect(d.fp).toBeCloseTo(0.5);
    expect(d.fn).toBe(0);
    expect(d.precision).toBeCloseTo(0.5);
    expect(d.recall).toBe(1);
    expect(d.exact).toBe(false);
  });
  it("compares short texts as one shingle", () => {
    expect(scoreDocument("hello world", "hello world").precision).toBe(1);
    expect(scoreDocument("hello world", "hello there").precision).toBe(0);
  });
  it("gives 0/0 for an empty prediction", () => {
    const d = scoreDocument("a b c d", "");
    expect(d).toMatchObject({ tp: 0, fp: 0, precision: 0, recall: 0 });
  });
});

describe("aggregate", () => {
  it("excludes empty predictions from precision but not from recall", () => {
    const good = scoreDocument("a b c d e", "a b c d e");
    const empty = scoreDocument("a b c d e", "");
    const f = aggregate([good, empty]);
    expect(f.precision).toBe(1);
    expect(f.recall).toBe(0.5);
    expect(f.f1).toBeCloseTo((2 * 0.5) / 1.5);
    expect(f.accuracy).toBe(0.5);
  });
  it("is zero on no documents", () => {
    expect(aggregate([])).toEqual({ f1: 0, precision: 0, recall: 0, accuracy: 0 });
  });
});

describe("bootstrap", () => {
  it("is reproducible with a seed and zero when every document is alike", () => {
    const docs = [scoreDocument("a b c d e", "a b c d e f"), scoreDocument("x y", "")];
    expect(bootstrap(docs, { seed: 7 })).toEqual(bootstrap(docs, { seed: 7 }));
    const same = [scoreDocument("a b", "a b"), scoreDocument("c d", "c d")];
    expect(bootstrap(same).f1).toBe(0);
    expect(bootstrap(docs).recall).toBeGreaterThan(0);
  });
});

describe("metadata matching", () => {
  it("normalises text with NFKC, whitespace and case", () => {
    expect(textMatches("Ｔｈｅ  Title", "the title")).toBe(true);
    expect(textMatches("Title", null)).toBe(false);
  });
  it("splits authors and drops By/Von", () => {
    expect(authorMatches(["Jane Doe"], ["By Jane Doe and John Roe"])).toBe(true);
    expect(authorMatches(["Max Muster"], ["Von Max Muster und Erika"])).toBe(true);
    expect(authorMatches(["Jane Doe"], ["John Roe; Ann"])).toBe(false);
    expect(authorMatches(["Jane Doe"], [])).toBe(false);
  });
  it("compares calendar days, UTC for instants", () => {
    expect(calendarDay("2019-03-03T23:30:00-05:00")).toBe("2019-03-04");
    expect(dateMatches("2016-12-12", "2016-12-12T08:00:00+01:00")).toBe(true);
    expect(dateMatches("2016-12-09T09:13:00.000Z", "2016-12-09")).toBe(true);
    expect(dateMatches("2016-12-09T09:13:00.000Z", "2016-12-10")).toBe(false);
  });
  it("ignores query and fragment on images", () => {
    expect(imageMatches("https://x.org/a.jpg?w=1", "https://x.org/a.jpg#f")).toBe(true);
    expect(imageMatches("https://x.org/a.jpg", "https://x.org/b.jpg")).toBe(false);
  });
});
