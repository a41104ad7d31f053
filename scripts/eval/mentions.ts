/**
 * The quoted-people metric of ../shared/eval/mentions/README.md: speakers matched per article by
 * name or variant (case and accents folded) or by a last name no other quoted person of the
 * article shares; precision, recall and F1 over (article, person) pairs; then, among matched
 * speakers whose gold value is not null, the share of roles and organisations equal after
 * folding ("exact") and the share with token F1 ≥ 0.5 ("lenient").
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { extract } from "@vellum/extract";
import { articlePeople } from "@vellum/people";

export interface GoldPerson {
  readonly name: string;
  readonly variants: readonly string[];
  readonly role: string | null;
  readonly organization: string | null;
}

export interface GoldArticle {
  readonly id: string;
  readonly quoted: readonly GoldPerson[];
}

/** What the scorer reads for one predicted person (`worksFor` a name or an object with one). */
export interface PredictedPerson {
  readonly name: string;
  readonly jobTitle?: string | null;
  readonly worksFor?: string | { readonly name: string } | null;
}

export type MentionPredictions = Record<string, PredictedPerson[]>;

/** Case and accents folded, spaces collapsed. */
export function foldText(value: string): string {
  return value.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/gu, " ").trim();
}

const TOKEN = /[\p{L}\p{N}_]+/gu;
const SUFFIX = /^(?:jr|sr|ii|iii|iv)$/u;

/** The last word of a name, without a generational suffix ("Carlineo" of "… Carlineo Jr."). */
export function lastName(name: string): string {
  const words = foldText(name).match(TOKEN) ?? [];
  while (words.length > 1 && SUFFIX.test(words[words.length - 1] as string)) words.pop();
  return words[words.length - 1] ?? "";
}

/** Token F1 of two values after folding. */
export function tokenF1(a: string, b: string): number {
  const ta = foldText(a).match(TOKEN) ?? [];
  const tb = foldText(b).match(TOKEN) ?? [];
  if (ta.length === 0 || tb.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const t of tb) counts.set(t, (counts.get(t) ?? 0) + 1);
  let common = 0;
  for (const t of ta) {
    const n = counts.get(t) ?? 0;
    if (n > 0) {
      common++;
      counts.set(t, n - 1);
    }
  }
  if (common === 0) return 0;
  const p = common / ta.length;
  const r = common / tb.length;
  return (2 * p * r) / (p + r);
}

const orgName = (value: PredictedPerson["worksFor"]): string | null =>
  value == null ? null : typeof value === "string" ? value : value.name;

/** One gold person matched to one predicted person, or a miss on either side. */
export interface MentionPair {
  readonly id: string;
  readonly gold: GoldPerson | null;
  readonly predicted: PredictedPerson | null;
}

/** One-to-one matching: exact names and variants first, then unique last names. */
export function matchArticle(
  id: string,
  gold: readonly GoldPerson[],
  predicted: readonly PredictedPerson[],
): MentionPair[] {
  const pairs: MentionPair[] = [];
  const goldLeft = new Set(gold.map((_, i) => i));
  const predLeft = new Set(predicted.map((_, i) => i));
  const lastCounts = new Map<string, number>();
  for (const g of gold)
    lastCounts.set(lastName(g.name), (lastCounts.get(lastName(g.name)) ?? 0) + 1);
  const byName = (g: GoldPerson, p: PredictedPerson) => {
    const name = foldText(p.name);
    return foldText(g.name) === name || g.variants.some((v) => foldText(v) === name);
  };
  const byLast = (g: GoldPerson, p: PredictedPerson) =>
    lastCounts.get(lastName(g.name)) === 1 && lastName(p.name) === lastName(g.name);
  for (const rule of [byName, byLast]) {
    for (const gi of [...goldLeft]) {
      const g = gold[gi] as GoldPerson;
      for (const pi of predLeft) {
        if (rule(g, predicted[pi] as PredictedPerson)) {
          pairs.push({ id, gold: g, predicted: predicted[pi] as PredictedPerson });
          goldLeft.delete(gi);
          predLeft.delete(pi);
          break;
        }
      }
    }
  }
  for (const gi of goldLeft) pairs.push({ id, gold: gold[gi] as GoldPerson, predicted: null });
  for (const pi of predLeft)
    pairs.push({ id, gold: null, predicted: predicted[pi] as PredictedPerson });
  return pairs;
}

export interface Share {
  readonly exact: number;
  readonly lenient: number;
  readonly total: number;
}

export interface MentionFigures {
  readonly articles: number;
  readonly gold: number;
  readonly predicted: number;
  readonly matched: number;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly role: Share;
  readonly organization: Share;
}

function share(pairs: readonly MentionPair[], field: "role" | "organization"): Share {
  let exact = 0;
  let lenient = 0;
  let total = 0;
  for (const { gold, predicted } of pairs) {
    if (gold === null || predicted === null) continue;
    const want = gold[field];
    if (want === null) continue;
    total++;
    const got = field === "role" ? (predicted.jobTitle ?? null) : orgName(predicted.worksFor);
    if (got === null) continue;
    if (foldText(got) === foldText(want)) exact++;
    if (tokenF1(got, want) >= 0.5) lenient++;
  }
  return { exact, lenient, total };
}

/** The figures over the given gold articles (all of them by default). */
export function scoreMentions(
  gold: readonly GoldArticle[],
  predictions: MentionPredictions,
): { figures: MentionFigures; pairs: MentionPair[] } {
  const pairs: MentionPair[] = [];
  for (const article of gold)
    pairs.push(...matchArticle(article.id, article.quoted, predictions[article.id] ?? []));
  const matched = pairs.filter((p) => p.gold !== null && p.predicted !== null).length;
  const goldCount = pairs.filter((p) => p.gold !== null).length;
  const predictedCount = pairs.filter((p) => p.predicted !== null).length;
  const precision = predictedCount === 0 ? 0 : matched / predictedCount;
  const recall = goldCount === 0 ? 0 : matched / goldCount;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return {
    figures: {
      articles: gold.length,
      gold: goldCount,
      predicted: predictedCount,
      matched,
      precision,
      recall,
      f1,
      role: share(pairs, "role"),
      organization: share(pairs, "organization"),
    },
    pairs,
  };
}

export async function readGold(path: string): Promise<GoldArticle[]> {
  const text = await readFile(path, "utf8");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as GoldArticle);
}

/**
 * Predictions for every page of `articlesDir` (`ground-truth.json` gives the ids and URLs), from
 * the page as Vellum extracts it.
 */
export async function predictMentions(
  articlesDir: string,
  limit: number | null,
): Promise<{ predictions: MentionPredictions; failures: string[] }> {
  const truth = JSON.parse(
    await readFile(join(articlesDir, "ground-truth.json"), "utf8"),
  ) as Record<string, { url?: string }>;
  const ids = Object.keys(truth).sort();
  const predictions: MentionPredictions = {};
  const failures: string[] = [];
  for (const id of limit === null ? ids : ids.slice(0, limit)) {
    try {
      const bytes = gunzipSync(await readFile(join(articlesDir, "html", `${id}.html.gz`)));
      const article = extract(bytes, { url: truth[id]?.url ?? null });
      predictions[id] = articlePeople(article).quoted.map((p) => ({
        name: p.name,
        ...(p.jobTitle === null ? {} : { jobTitle: p.jobTitle }),
        ...(p.worksFor === null ? {} : { worksFor: p.worksFor }),
      }));
    } catch (error) {
      predictions[id] = [];
      failures.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { predictions, failures };
}

const pct = (n: number, d: number) => (d === 0 ? "-" : `${((100 * n) / d).toFixed(1)}%`);

/** One line of figures, as `pnpm eval` prints them. */
export function formatMentions(label: string, f: MentionFigures): string {
  return (
    `${label} (${f.articles} articles, ${f.gold} quoted people): speakers F1 ${f.f1.toFixed(3)} · ` +
    `precision ${f.precision.toFixed(3)} · recall ${f.recall.toFixed(3)} (${f.matched} matched, ${f.predicted} predicted) · ` +
    `role exact ${pct(f.role.exact, f.role.total)} lenient ${pct(f.role.lenient, f.role.total)} (${f.role.total}) · ` +
    `organisation exact ${pct(f.organization.exact, f.organization.total)} lenient ${pct(f.organization.lenient, f.organization.total)} (${f.organization.total})`
  );
}

/** The misses, for the report: speakers missed, people predicted wrongly, wrong roles. */
export function mentionMisses(pairs: readonly MentionPair[]): string[] {
  const lines: string[] = [];
  for (const { id, gold, predicted } of pairs) {
    const short = id.slice(0, 10);
    if (gold !== null && predicted === null) lines.push(`- ${short} missed: ${gold.name}`);
    else if (gold === null && predicted !== null) lines.push(`- ${short} wrong: ${predicted.name}`);
    else if (gold !== null && predicted !== null) {
      const role = predicted.jobTitle ?? null;
      const org = orgName(predicted.worksFor);
      if (gold.role !== null && (role === null || tokenF1(role, gold.role) < 0.5))
        lines.push(
          `- ${short} role of ${gold.name}: expected ${JSON.stringify(gold.role)}, got ${JSON.stringify(role)}`,
        );
      if (gold.organization !== null && (org === null || tokenF1(org, gold.organization) < 0.5))
        lines.push(
          `- ${short} organisation of ${gold.name}: expected ${JSON.stringify(gold.organization)}, got ${JSON.stringify(org)}`,
        );
    }
  }
  return lines;
}

export interface MentionsResult {
  readonly figures: MentionFigures;
  readonly pairs: readonly MentionPair[];
  readonly predictions: MentionPredictions;
  readonly failures: readonly string[];
}

/** Predicts every page of `DATA/articles` and scores the annotated ones of `DATA/mentions`. */
export async function evalMentions(data: string, limit: number | null): Promise<MentionsResult> {
  const gold = await readGold(join(data, "mentions", "gold.jsonl"));
  const { predictions, failures } = await predictMentions(join(data, "articles"), limit);
  const scored = limit === null ? gold : gold.filter((g) => g.id in predictions);
  const { figures, pairs } = scoreMentions(scored, predictions);
  return { figures, pairs, predictions, failures };
}
