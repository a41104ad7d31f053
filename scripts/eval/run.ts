// The root package does not depend on @vellum/extract (not ours to change), so import it by path.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { extract } from "@vellum/extract";
import { authorMatches, dateMatches, imageMatches, textMatches } from "./match.js";
import { aggregate, bootstrap, type DocScore, type Figures, scoreDocument } from "./metric.js";

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

export interface MetadataResult {
  readonly predictions: Record<string, MetaPrediction>;
  readonly accuracy: Record<MetaField, { hits: number; total: number }>;
  readonly misses: readonly MetaMiss[];
  readonly failures: readonly string[];
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

export async function evalMetadata(dir: string, limit: number | null): Promise<MetadataResult> {
  const expected = JSON.parse(await readFile(join(dir, "expected.json"), "utf8")) as Record<
    string,
    Expectation
  >;
  const keys = Object.keys(expected).sort();
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
    let got = EMPTY;
    try {
      const article = extract(await page(join(dir, "html", `${key}.gz`)), { url: want.url });
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
  return { predictions, accuracy, misses, failures };
}
