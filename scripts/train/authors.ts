/**
 * The author ranker's data and training: every candidate of every dev page with an expected
 * author, labelled by the eval's own name matching; boosted trees fitted on them; site-grouped
 * cross-validation for the figures and for the threshold (the best F0.5 on held-out folds).
 */

import { AUTHOR_FEATURES } from "../../packages/extract/src/metadata/authors/candidates.js";
import {
  probability,
  type RankModel,
  type ScoredCandidate,
} from "../../packages/extract/src/metadata/authors/rank.js";
import { authorMatches } from "../eval/match.js";
import { type BoostParams, fitBoosted } from "./gbdt.js";

/** The learner's settings, chosen by site-grouped cross-validation (see `pnpm train --search`). */
export const AUTHOR_PARAMS: BoostParams = {
  trees: 120,
  depth: 3,
  learningRate: 0.1,
  lambda: 1,
  minHessian: 1,
  bins: 32,
};

/** A page's candidates and whether each names an expected author. */
export interface PageCandidates {
  readonly key: string;
  readonly fold: number;
  readonly names: readonly string[];
  readonly rows: readonly (readonly number[])[];
  readonly labels: readonly number[];
}

export function pageCandidates(
  key: string,
  fold: number,
  expected: readonly string[],
  candidates: readonly ScoredCandidate[],
): PageCandidates {
  return {
    key,
    fold,
    names: candidates.map((c) => c.name),
    rows: candidates.map((c) => c.features),
    labels: candidates.map((c) => (authorMatches(expected, [c.name]) ? 1 : 0)),
  };
}

function fitPages(pages: readonly PageCandidates[], params: BoostParams) {
  const rows = pages.flatMap((p) => p.rows);
  const labels = pages.flatMap((p) => p.labels);
  return fitBoosted(rows, labels, params);
}

/** A page's best candidate under a model: its probability, and whether it is right. */
export interface TopPick {
  readonly key: string;
  readonly fold: number;
  readonly probability: number;
  readonly right: boolean;
}

function predict(base: number, trees: RankModel["trees"], x: readonly number[]): number {
  return probability(
    { features: AUTHOR_FEATURES, base, trees, threshold: 0, coAuthorThreshold: 0 },
    x,
  );
}

/** Each page's top pick from a model trained without the page's fold (whole sites left out). */
export function crossValidate(
  pages: readonly PageCandidates[],
  params: BoostParams = AUTHOR_PARAMS,
): TopPick[] {
  const folds = [...new Set(pages.map((p) => p.fold))].sort((a, b) => a - b);
  const out: TopPick[] = [];
  for (const k of folds) {
    const model = fitPages(
      pages.filter((p) => p.fold !== k),
      params,
    );
    for (const p of pages.filter((q) => q.fold === k)) out.push(top(p, model.base, model.trees));
  }
  return out;
}

function top(p: PageCandidates, base: number, trees: RankModel["trees"]): TopPick {
  let best = -1;
  let right = false;
  p.rows.forEach((x, i) => {
    const prob = predict(base, trees, x);
    if (prob > best) {
      best = prob;
      right = p.labels[i] === 1;
    }
  });
  return { key: p.key, fold: p.fold, probability: Math.max(0, best), right };
}

/**
 * The threshold that maximises F0.5 of the top picks (precision weighted twice recall): the
 * point past which another guess costs more in wrong names than it gains in found ones. Pages
 * whose expectation no candidate can meet (a URL, an annotator's typo) count as misses either way.
 */
export function pickThreshold(picks: readonly TopPick[], total: number): number {
  const sorted = [...picks].sort((a, b) => b.probability - a.probability);
  let hits = 0;
  let given = 0;
  let best = -1;
  let threshold = 1;
  for (const p of sorted) {
    given++;
    if (p.right) hits++;
    const precision = hits / given;
    const recall = hits / Math.max(1, total);
    const f =
      precision + recall > 0 ? (1.25 * precision * recall) / (0.25 * precision + recall) : 0;
    if (f > best) {
      best = f;
      threshold = p.probability;
    }
  }
  return threshold;
}

/** Accuracy (recall) and precision of top picks at a threshold, over `total` expected pages. */
export function scorePicks(picks: readonly TopPick[], threshold: number, total: number) {
  const taken = picks.filter((p) => p.probability >= threshold);
  const hits = taken.filter((p) => p.right).length;
  return {
    recall: total ? hits / total : 0,
    precision: taken.length ? hits / taken.length : 1,
    hits,
    given: taken.length,
  };
}

/** A model fitted on all pages, its threshold from the cross-validated picks. */
export function trainAuthorModel(
  pages: readonly PageCandidates[],
  params: BoostParams = AUTHOR_PARAMS,
  threshold?: number,
  note = "",
): RankModel {
  const t = threshold ?? pickThreshold(crossValidate(pages, params), pages.length);
  const { base, trees } = fitPages(pages, params);
  return {
    features: AUTHOR_FEATURES,
    base,
    trees,
    threshold: t,
    coAuthorThreshold: Math.min(t, 0.3),
    note,
  };
}

/** Trees rounded to 6 significant digits: the file stays small and diffs stay readable. */
export function compactModel(model: RankModel): RankModel {
  const r = (v: number) => Number(v.toPrecision(6));
  return {
    ...model,
    base: r(model.base),
    threshold: r(model.threshold),
    coAuthorThreshold: r(model.coAuthorThreshold),
    trees: model.trees.map((t) => ({
      feature: t.feature,
      threshold: t.threshold.map(r),
      left: t.left,
      right: t.right,
      value: t.value.map(r),
    })),
  };
}
