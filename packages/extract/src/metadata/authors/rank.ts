/**
 * The learned choice among author candidates: gradient-boosted trees give each candidate the
 * probability that it is the article's author; the best one is taken with its co-authors when
 * that probability clears the model's threshold, else the page gets no author (a wrong `Person`
 * is worse than none). The trees are data (`author-model.json`), written by `pnpm train`.
 */
import type { Author } from "@vellum/model";
import { fold } from "../../structured/normalize.js";
import type { Found } from "../page.js";
import bundled from "./author-model.json" with { type: "json" };
import {
  AUTHOR_FEATURES,
  AUTHOR_RULES,
  type AuthorCandidate,
  type RuleOutput,
} from "./candidates.js";

/** One regression tree, as parallel arrays of nodes; node 0 is the root, `feature` -1 a leaf. */
export interface RankTree {
  readonly feature: readonly number[];
  /** Go left when the feature's value is `<=` this. */
  readonly threshold: readonly number[];
  readonly left: readonly number[];
  readonly right: readonly number[];
  /** A leaf's contribution to the log-odds. */
  readonly value: readonly number[];
}

/** A ranking model: boosted trees over named features, and the thresholds that decide. */
export interface RankModel {
  /** The feature names the trees were trained on, in input order. */
  readonly features: readonly string[];
  /** The starting log-odds. */
  readonly base: number;
  readonly trees: readonly RankTree[];
  /** The best candidate is taken only at this probability or more. */
  readonly threshold: number;
  /** A co-author listed with the best candidate is kept at this probability or more. */
  readonly coAuthorThreshold: number;
  /** How the model was trained (pages, folds, cross-validated figures), for people. */
  readonly note?: string;
}

export const AUTHOR_MODEL: RankModel = bundled as RankModel;

/** The probability the model gives a feature vector. */
export function probability(model: RankModel, features: readonly number[]): number {
  let z = model.base;
  for (const tree of model.trees) {
    let n = 0;
    for (let guard = 0; guard < 64; guard++) {
      const f = tree.feature[n] ?? -1;
      if (f < 0) break;
      n =
        (features[f] ?? 0) <= (tree.threshold[n] ?? 0) ? (tree.left[n] ?? 0) : (tree.right[n] ?? 0);
    }
    z += tree.value[n] ?? 0;
  }
  return 1 / (1 + Math.exp(-z));
}

/** True when the model reads the features this code writes, in the same order. */
export function fitsFeatures(model: RankModel): boolean {
  return (
    model.features.length === AUTHOR_FEATURES.length &&
    model.features.every((f, i) => f === AUTHOR_FEATURES[i])
  );
}

/** A candidate with the model's probability. */
export interface ScoredCandidate extends AuthorCandidate {
  readonly probability: number;
}

/**
 * The authors to return: the most probable candidate when it clears the threshold, with the
 * co-authors of the most trusted rule that named it (each clearing the co-author threshold).
 */
export function chooseAuthors(
  candidates: readonly ScoredCandidate[],
  outputs: readonly RuleOutput[],
  model: RankModel,
): Found<Author[]> | null {
  let best: ScoredCandidate | null = null;
  for (const c of candidates) if (!best || c.probability > best.probability) best = c;
  if (!best || best.probability < model.threshold) return null;
  const key = fold(best.name);
  const probOf = new Map(candidates.map((c) => [fold(c.name), c.probability]));
  const ordered = [...outputs].sort(
    (a, b) => AUTHOR_RULES.indexOf(a.rule) - AUTHOR_RULES.indexOf(b.rule),
  );
  const group = ordered.find((o) => o.found.value.some((a) => fold(a.name) === key));
  if (!group) return { value: [best.author], source: "author-box" };
  const value = group.found.value.filter((a) => {
    const k = fold(a.name);
    return k === key || (probOf.get(k) ?? 0) >= model.coAuthorThreshold;
  });
  return { value, source: group.found.source };
}
