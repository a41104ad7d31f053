import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { type ExtractOptions, extract } from "@vellum/extract";
import { authorMatches, dateMatches, imageMatches, textMatches } from "./match.js";
import { aggregate, bootstrap, type DocScore, type Figures, scoreDocument } from "./metric.js";
import { assignFolds, siteOf } from "./sites.js";

export interface ArticleRow {
  readonly id: string;
  readonly score: DocScore;
  readonly f1: number;
  readonly articleBody: string;
}

export interface ArticlesResult {
  readonly rows: readonly ArticleRow[];
  readonly figures: Figures;
  readonly spread: Figures;
  readonly failures: readonly string[];
}

interface Truth {
  readonly articleBody: string;
  readonly url?: string;
}

async function page(path: string): Promise<Uint8Array> {
  const bytes = await readFile(path);
  return path.endsWith(".gz") ? gunzipSync(bytes) : bytes;
}

export async function evalArticles(dir: string, limit: number | null): Promise<ArticlesResult> {
  const truth = JSON.parse(await readFile(join(dir, "ground-truth.json"), "utf8")) as Record<
    string,
    Truth
  >;
  const ids = Object.keys(truth).sort();
  const rows: ArticleRow[] = [];
  const failures: string[] = [];
  for (const id of limit === null ? ids : ids.slice(0, limit)) {
    const expected = truth[id];
    if (!expected) continue;
    let articleBody = "";
    try {
      const bytes = await page(join(dir, "html", `${id}.html.gz`));
      articleBody = extract(bytes, { url: expected.url ?? null }).body.text;
    } catch (error) {
      failures.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const score = scoreDocument(expected.articleBody, articleBody);
    const pr = score.precision + score.recall;
    rows.push({
      id,
      score,
      articleBody,
      f1: pr > 0 ? (2 * score.precision * score.recall) / pr : 0,
    });
  }
  const docs = rows.map((r) => r.score);
  return { rows, figures: aggregate(docs), spread: bootstrap(docs), failures };
}

export type MetaField =
  | "title"
  | "author"
  | "datePublished"
  | "image"
  | "description"
  | "publisher";
export const META_FIELDS: readonly MetaField[] = [
  "title",
  "author",
  "datePublished",
  "image",
  "description",
  "publisher",
];

interface Expectation {
  readonly url: string;
  readonly title?: string;
  readonly author?: string[];
  readonly datePublished?: string;
  readonly image?: string;
  readonly description?: string;
  readonly descriptionKind?: string;
  readonly publisher?: string;
}

export interface MetaPrediction {
  readonly title: string | null;
  readonly author: string[];
  readonly datePublished: string | null;
  readonly image: string | null;
  readonly description: string | null;
  readonly dek: string | null;
  readonly publisher: string | null;
}

export interface MetaMiss {
  readonly key: string;
  readonly field: MetaField;
  readonly expected: unknown;
  readonly got: unknown;
}

/** How one page scored on one field: matched, gave a wrong value, or gave none. */
export type Outcome = "hit" | "wrong" | "none";

/** One scored page: its site, the fold of that site, and the outcome of each expected field. */
export interface MetaRow {
  readonly key: string;
  readonly site: string;
  readonly fold: number;
  readonly outcomes: Partial<Record<MetaField, Outcome>>;
}

export interface MetadataResult {
  readonly predictions: Record<string, MetaPrediction>;
  readonly accuracy: Record<MetaField, { hits: number; total: number }>;
  readonly rows: readonly MetaRow[];
  readonly misses: readonly MetaMiss[];
  readonly failures: readonly string[];
}

export interface EvalMetadataOptions {
  /** Score only the first N pages (in key order). Default all. */
  readonly limit?: number | null;
  /** Extra `extract()` options for a page, given its key and fold. Default none. */
  readonly optionsFor?: (key: string, fold: number) => ExtractOptions;
}

const EMPTY: MetaPrediction = {
  title: null,
  author: [],
  datePublished: null,
  image: null,
  description: null,
  dek: null,
  publisher: null,
};

/** Every page's site (registrable domain) and fold, from expected.json's URLs. */
export async function metadataFolds(
  dir: string,
): Promise<Map<string, { site: string; fold: number }>> {
  const expected = JSON.parse(await readFile(join(dir, "expected.json"), "utf8")) as Record<
    string,
    Expectation
  >;
  const sites = new Map(Object.entries(expected).map(([k, v]) => [k, siteOf(v.url)]));
  const folds = assignFolds(sites);
  return new Map([...sites].map(([k, site]) => [k, { site, fold: folds.get(k) ?? 0 }]));
}

export async function evalMetadata(
  dir: string,
  options: EvalMetadataOptions = {},
): Promise<MetadataResult> {
  const limit = options.limit ?? null;
  const expected = JSON.parse(await readFile(join(dir, "expected.json"), "utf8")) as Record<
    string,
    Expectation
  >;
  const keys = Object.keys(expected).sort();
  const placed = await metadataFolds(dir);
  const rows: MetaRow[] = [];
  const predictions: Record<string, MetaPrediction> = {};
  const accuracy = Object.fromEntries(META_FIELDS.map((f) => [f, { hits: 0, total: 0 }])) as Record<
    MetaField,
    { hits: number; total: number }
  >;
  const misses: MetaMiss[] = [];
  const failures: string[] = [];
  for (const key of limit === null ? keys : keys.slice(0, limit)) {
    const want = expected[key];
    if (!want) continue;
    const { site, fold } = placed.get(key) ?? { site: "", fold: 0 };
    const outcomes: Partial<Record<MetaField, Outcome>> = {};
    rows.push({ key, site, fold, outcomes });
    let got = EMPTY;
    try {
      const article = extract(await page(join(dir, "html", `${key}.gz`)), {
        ...options.optionsFor?.(key, fold),
        url: want.url,
      });
      got = {
        title: article.headline,
        author: article.authors.map((a) => a.name),
        datePublished: article.datePublished,
        image: article.image?.url ?? null,
        description: article.description,
        dek: article.alternativeHeadline,
        publisher: article.publisher?.name ?? null,
      };
    } catch (error) {
      failures.push(`${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
    predictions[key] = got;
    const check = (field: MetaField, wanted: unknown, value: unknown, hit: boolean) => {
      const slot = accuracy[field];
      slot.total++;
      const given = Array.isArray(value) ? value.length > 0 : value != null;
      outcomes[field] = hit ? "hit" : given ? "wrong" : "none";
      if (hit) slot.hits++;
      else misses.push({ key, field, expected: wanted, got: value });
    };
    if (want.title !== undefined)
      check("title", want.title, got.title, textMatches(want.title, got.title));
    if (want.author !== undefined)
      check("author", want.author, got.author, authorMatches(want.author, got.author));
    if (want.datePublished !== undefined)
      check(
        "datePublished",
        want.datePublished,
        got.datePublished,
        dateMatches(want.datePublished, got.datePublished),
      );
    if (want.image !== undefined)
      check("image", want.image, got.image, imageMatches(want.image, got.image));
    if (want.description !== undefined) {
      const value = want.descriptionKind?.endsWith("dek") ? got.dek : got.description;
      check("description", want.description, value, textMatches(want.description, value));
    }
    if (want.publisher !== undefined)
      check("publisher", want.publisher, got.publisher, textMatches(want.publisher, got.publisher));
  }
  return { predictions, accuracy, rows, misses, failures };
}
