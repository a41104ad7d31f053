/**
 * The body metric of scrapinghub/article-extraction-benchmark, exactly as ../shared/eval/README.md
 * defines it: 4-token shingles, per-document precision/recall, means over the documents where each
 * is defined, F1 from the two means, token-list accuracy, and a seeded bootstrap for the spread.
 */

const TOKEN = /[\p{L}\p{N}_]+/gu;
const SHINGLE = 4;

/** Every maximal run of Unicode letters, digits and underscore, case kept. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** The multiset of 4-token windows; 1–3 tokens make one shorter shingle; 0 tokens, none. */
export function shingles(tokens: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  if (tokens.length === 0) return counts;
  const n = Math.min(SHINGLE, tokens.length);
  for (let i = 0; i + n <= tokens.length; i++) {
    // U+0001 cannot occur inside a token, so joined shingles never collide.
    const key = tokens.slice(i, i + n).join("\u0001");
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

export interface DocScore {
  /** tp, fp, fn normalised by their sum (all 0 when the sum is 0). */
  readonly tp: number;
  readonly fp: number;
  readonly fn: number;
  readonly precision: number;
  readonly recall: number;
  /** The whole token lists are equal. */
  readonly exact: boolean;
}

export function scoreDocument(truth: string, prediction: string): DocScore {
  const truthTokens = tokenize(truth);
  const predTokens = tokenize(prediction);
  const cT = shingles(truthTokens);
  const cP = shingles(predTokens);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, t] of cT) {
    const p = cP.get(key) ?? 0;
    tp += Math.min(t, p);
    fn += Math.max(0, t - p);
  }
  for (const [key, p] of cP) fp += Math.max(0, p - (cT.get(key) ?? 0));
  const sum = tp + fp + fn;
  if (sum > 0) {
    tp /= sum;
    fp /= sum;
    fn /= sum;
  }
  const perfect = fp === 0 && fn === 0;
  const precision = perfect ? 1 : tp === 0 && fp === 0 ? 0 : tp / (tp + fp);
  const recall = perfect ? 1 : tp === 0 && fn === 0 ? 0 : tp / (tp + fn);
  const exact =
    truthTokens.length === predTokens.length && truthTokens.every((t, i) => t === predTokens[i]);
  return { tp, fp, fn, precision, recall, exact };
}

export interface Figures {
  readonly f1: number;
  readonly precision: number;
  readonly recall: number;
  readonly accuracy: number;
}

/** Means over documents where each is defined (empty predictions don't count against precision). */
export function aggregate(docs: readonly DocScore[]): Figures {
  let pSum = 0;
  let pN = 0;
  let rSum = 0;
  let rN = 0;
  let exact = 0;
  for (const d of docs) {
    if (d.tp + d.fp > 0) {
      pSum += d.precision;
      pN++;
    }
    if (d.tp + d.fn > 0) {
      rSum += d.recall;
      rN++;
    }
    if (d.exact) exact++;
  }
  const precision = pN > 0 ? pSum / pN : 0;
  const recall = rN > 0 ? rSum / rN : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { f1, precision, recall, accuracy: docs.length > 0 ? exact / docs.length : 0 };
}

/** mulberry32: small, seeded, good enough for resampling indices. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface BootstrapOptions {
  /** Resamples; default 1000 (the README's figure). */
  readonly resamples?: number;
  /** Default 42, so the ± is reproducible. */
  readonly seed?: number;
}

/** Standard deviation of each figure over bootstrap resamples of the documents. */
export function bootstrap(docs: readonly DocScore[], options: BootstrapOptions = {}): Figures {
  const resamples = options.resamples ?? 1000;
  const random = seededRandom(options.seed ?? 42);
  const keys = ["f1", "precision", "recall", "accuracy"] as const;
  const samples: Record<(typeof keys)[number], number[]> = {
    f1: [],
    precision: [],
    recall: [],
    accuracy: [],
  };
  if (docs.length === 0) return { f1: 0, precision: 0, recall: 0, accuracy: 0 };
  for (let r = 0; r < resamples; r++) {
    const pick: DocScore[] = [];
    for (let i = 0; i < docs.length; i++) {
      const doc = docs[Math.floor(random() * docs.length)];
      if (doc) pick.push(doc);
    }
    const figures = aggregate(pick);
    for (const key of keys) samples[key].push(figures[key]);
  }
  return {
    f1: stddev(samples.f1),
    precision: stddev(samples.precision),
    recall: stddev(samples.recall),
    accuracy: stddev(samples.accuracy),
  };
}

function stddev(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
  return Math.sqrt(variance);
}
