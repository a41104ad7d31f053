/**
 * Gradient-boosted regression trees for a yes/no label (logistic loss, Newton steps, histogram
 * splits), small enough to read: the learner behind the extractor's rankers. Fitting lives here,
 * with the developer scripts; the extractor only walks the trees (`@vellum/extract`'s RankTree).
 */
import type { RankTree } from "../../packages/extract/src/metadata/authors/rank.js";

export interface BoostParams {
  /** Trees; default 150. */
  readonly trees?: number;
  /** Depth of each tree; default 3. */
  readonly depth?: number;
  /** Shrinkage of each tree's leaves; default 0.1. */
  readonly learningRate?: number;
  /** L2 penalty on leaf values; default 1. */
  readonly lambda?: number;
  /** Smallest summed hessian in a leaf; default 1. */
  readonly minHessian?: number;
  /** Candidate split points per feature; default 32. */
  readonly bins?: number;
}

export interface Boosted {
  readonly base: number;
  readonly trees: RankTree[];
}

interface Binned {
  /** Per feature, the split points (a value goes left at split b when value <= edges[b]). */
  readonly edges: number[][];
  /** Per feature, each row's bin: the number of edges below the value. */
  readonly bins: Uint8Array[];
}

function binFeatures(
  rows: readonly (readonly number[])[],
  features: number,
  maxBins: number,
): Binned {
  const edges: number[][] = [];
  const bins: Uint8Array[] = [];
  for (let f = 0; f < features; f++) {
    const values = rows.map((r) => r[f] ?? 0);
    const sorted = [...new Set(values)].sort((a, b) => a - b);
    let e: number[] = [];
    if (sorted.length <= maxBins) {
      for (let i = 0; i + 1 < sorted.length; i++)
        e.push(((sorted[i] as number) + (sorted[i + 1] as number)) / 2);
    } else {
      const all = [...values].sort((a, b) => a - b);
      for (let q = 1; q < maxBins; q++) {
        const v = all[Math.floor((q * all.length) / maxBins)] as number;
        const next = sorted.find((x) => x > v);
        if (next !== undefined) e.push((v + next) / 2);
      }
      e = [...new Set(e)].sort((a, b) => a - b);
    }
    edges.push(e);
    const b = new Uint8Array(rows.length);
    values.forEach((v, i) => {
      let k = 0;
      while (k < e.length && v > (e[k] as number)) k++;
      b[i] = k;
    });
    bins.push(b);
  }
  return { edges, bins };
}

/** Fits boosted trees to rows of features and 0/1 labels. Deterministic. */
export function fitBoosted(
  rows: readonly (readonly number[])[],
  labels: readonly number[],
  params: BoostParams = {},
): Boosted {
  const nTrees = params.trees ?? 150;
  const depth = params.depth ?? 3;
  const lr = params.learningRate ?? 0.1;
  const lambda = params.lambda ?? 1;
  const minH = params.minHessian ?? 1;
  const nFeat = rows[0]?.length ?? 0;
  const n = rows.length;
  const { edges, bins } = binFeatures(rows, nFeat, params.bins ?? 32);
  const pos = labels.reduce((a, b) => a + b, 0);
  const prior = Math.min(0.99, Math.max(0.01, pos / Math.max(1, n)));
  const base = Math.log(prior / (1 - prior));
  const z = new Float64Array(n).fill(base);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const trees: RankTree[] = [];
  for (let t = 0; t < nTrees; t++) {
    for (let i = 0; i < n; i++) {
      const p = 1 / (1 + Math.exp(-(z[i] as number)));
      g[i] = p - (labels[i] as number);
      h[i] = Math.max(1e-6, p * (1 - p));
    }
    const tree = {
      feature: [] as number[],
      threshold: [] as number[],
      left: [] as number[],
      right: [] as number[],
      value: [] as number[],
    };
    const grow = (idx: number[], level: number): number => {
      const id = tree.feature.length;
      tree.feature.push(-1);
      tree.threshold.push(0);
      tree.left.push(-1);
      tree.right.push(-1);
      tree.value.push(0);
      let G = 0;
      let H = 0;
      for (const i of idx) {
        G += g[i] as number;
        H += h[i] as number;
      }
      tree.value[id] = (-G / (H + lambda)) * lr;
      if (level >= depth || H < 2 * minH) return id;
      const parentScore = (G * G) / (H + lambda);
      let bestGain = 1e-9;
      let bestF = -1;
      let bestB = -1;
      for (let f = 0; f < nFeat; f++) {
        const e = edges[f] as number[];
        if (!e.length) continue;
        const fb = bins[f] as Uint8Array;
        const hg = new Float64Array(e.length + 1);
        const hh = new Float64Array(e.length + 1);
        for (const i of idx) {
          const b = fb[i] as number;
          hg[b] = (hg[b] as number) + (g[i] as number);
          hh[b] = (hh[b] as number) + (h[i] as number);
        }
        let gl = 0;
        let hl = 0;
        for (let b = 0; b < e.length; b++) {
          gl += hg[b] as number;
          hl += hh[b] as number;
          const gr = G - gl;
          const hr = H - hl;
          if (hl < minH || hr < minH) continue;
          const gain = (gl * gl) / (hl + lambda) + (gr * gr) / (hr + lambda) - parentScore;
          if (gain > bestGain) {
            bestGain = gain;
            bestF = f;
            bestB = b;
          }
        }
      }
      if (bestF < 0) return id;
      const fb = bins[bestF] as Uint8Array;
      const li = idx.filter((i) => (fb[i] as number) <= bestB);
      const ri = idx.filter((i) => (fb[i] as number) > bestB);
      tree.feature[id] = bestF;
      tree.threshold[id] = (edges[bestF] as number[])[bestB] as number;
      tree.value[id] = 0;
      tree.left[id] = grow(li, level + 1);
      tree.right[id] = grow(ri, level + 1);
      return id;
    };
    grow([...Array(n).keys()], 0);
    trees.push(tree);
    for (let i = 0; i < n; i++)
      z[i] = (z[i] as number) + leafValue(tree, rows[i] as readonly number[]);
  }
  return { base, trees };
}

function leafValue(tree: RankTree, x: readonly number[]): number {
  let node = 0;
  while ((tree.feature[node] ?? -1) >= 0) {
    const f = tree.feature[node] as number;
    node =
      (x[f] ?? 0) <= (tree.threshold[node] as number)
        ? (tree.left[node] as number)
        : (tree.right[node] as number);
  }
  return tree.value[node] ?? 0;
}
