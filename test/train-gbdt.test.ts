import { describe, expect, it } from "vitest";
import { AUTHOR_FEATURES } from "../packages/extract/src/metadata/authors/candidates.js";
import { probability } from "../packages/extract/src/metadata/authors/rank.js";
import {
  crossValidate,
  type PageCandidates,
  pickThreshold,
  scorePicks,
} from "../scripts/train/authors.js";
import { fitBoosted } from "../scripts/train/gbdt.js";

const asModel = (b: ReturnType<typeof fitBoosted>) => ({
  features: AUTHOR_FEATURES,
  base: b.base,
  trees: b.trees,
  threshold: 0.5,
  coAuthorThreshold: 0.3,
});

describe("fitBoosted", () => {
  it("learns an interaction no single feature shows (x0 and not x1)", () => {
    const rows: number[][] = [];
    const labels: number[] = [];
    for (let i = 0; i < 200; i++) {
      const x = [i % 2, Math.floor(i / 2) % 2, (i * 7) % 5];
      rows.push(x);
      labels.push(x[0] === 1 && x[1] === 0 ? 1 : 0);
    }
    const model = asModel(fitBoosted(rows, labels, { trees: 60, depth: 2 }));
    expect(probability(model, [1, 0, 3])).toBeGreaterThan(0.9);
    expect(probability(model, [1, 1, 3])).toBeLessThan(0.1);
    expect(probability(model, [0, 0, 3])).toBeLessThan(0.1);
  });

  it("gives the same trees for the same data", () => {
    const rows = [[0], [1], [2], [3], [4], [5]];
    const labels = [0, 0, 0, 1, 1, 1];
    expect(fitBoosted(rows, labels, { trees: 5 })).toEqual(fitBoosted(rows, labels, { trees: 5 }));
  });
});

describe("site-grouped cross-validation", () => {
  // Feature 0 marks the right candidate on every page; each page is its own site and fold.
  const pages: PageCandidates[] = Array.from({ length: 40 }, (_, i) => ({
    key: `p${i}`,
    fold: i % 4,
    names: ["right", "wrong"],
    rows: [
      [1, i % 3],
      [0, (i + 1) % 3],
    ],
    labels: [1, 0],
  }));

  it("scores each fold with trees that never saw it and picks the right candidates", () => {
    const picks = crossValidate(pages, { trees: 20, depth: 2, minHessian: 0.5 });
    expect(picks).toHaveLength(40);
    expect(picks.every((p) => p.right)).toBe(true);
    const threshold = pickThreshold(picks, 40);
    expect(scorePicks(picks, threshold, 40)).toMatchObject({ recall: 1, precision: 1 });
  });
});
