/**
 * `pnpm eval [--data DIR] [--out DIR] [--only articles|metadata|mentions] [--limit N] [--worst N]`:
 * scores `extract()` on the saved pages of ../shared/eval as its README defines (body F1 etc. with
 * a seeded bootstrap ±, and per-field metadata accuracy), and the people the articles quote
 * (`scripts/eval/mentions.ts`, ../shared/eval/mentions/README.md).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fieldFigures, formatField } from "./eval/figures.js";
import { evalLeaveSiteOut } from "./eval/leave-site-out.js";
import { evalMentions, formatMentions, mentionMisses } from "./eval/mentions.js";
import { evalArticles, META_FIELDS, type MetadataResult, type MetaField } from "./eval/run.js";

const repoRoot = fileURLToPath(new URL("..", import.meta.url));

/** Fields where a wrong value costs more than none: precision is printed beside accuracy. */
const PRECISION_FIELDS: ReadonlySet<MetaField> = new Set(["author", "datePublished", "title"]);

// `pnpm eval | head` closes stdout early; the scores still go to --out, so keep going quietly.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
});

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      data: { type: "string" },
      out: { type: "string" },
      only: { type: "string" },
      limit: { type: "string" },
      worst: { type: "string" },
    },
    strict: true,
  });
  const data = resolve(values.data ?? join(repoRoot, "../shared/eval"));
  const out = values.out === undefined ? null : resolve(values.out);
  const only = values.only ?? null;
  if (only !== null && only !== "articles" && only !== "metadata" && only !== "mentions") {
    process.stderr.write(`--only must be articles, metadata or mentions, got ${only}\n`);
    return 2;
  }
  const limit = values.limit === undefined ? null : Number.parseInt(values.limit, 10);
  const worst = values.worst === undefined ? 15 : Number.parseInt(values.worst, 10);
  if (out) await mkdir(out, { recursive: true });
  const report: string[] = [];

  if (only === null || only === "articles") {
    const r = await evalArticles(join(data, "articles"), limit);
    const f = r.figures;
    const s = r.spread;
    const line = (name: string, v: number, e: number) =>
      `${name} ${v.toFixed(3)} ± ${e.toFixed(3)}`;
    process.stdout.write(
      `articles (${r.rows.length} pages): ${line("F1", f.f1, s.f1)} · ${line("precision", f.precision, s.precision)} · ${line("recall", f.recall, s.recall)} · ${line("accuracy", f.accuracy, s.accuracy)}\n`,
    );
    for (const failure of r.failures) process.stdout.write(`  threw: ${failure}\n`);
    const sorted = [...r.rows].sort((a, b) => a.f1 - b.f1);
    report.push("# Worst article pages (lowest body F1)", "");
    for (const row of sorted.slice(0, worst)) {
      const entry = `${row.f1.toFixed(3)}  P ${row.score.precision.toFixed(3)}  R ${row.score.recall.toFixed(3)}  ${row.id}`;
      report.push(`- ${entry}`);
      process.stdout.write(`  ${entry}\n`);
    }
    if (out) {
      const predictions = Object.fromEntries(
        r.rows.map((row) => [row.id, { articleBody: row.articleBody }]),
      );
      await writeFile(
        join(out, "articles-predictions.json"),
        `${JSON.stringify(predictions, null, 2)}\n`,
      );
    }
  }

  if (only === null || only === "metadata") {
    const { dev: r, leaveSiteOut } = await evalLeaveSiteOut(join(data, "metadata"), limit);
    const sites = new Set(r.rows.map((row) => row.site)).size;
    const folds = new Set(r.rows.map((row) => row.fold)).size;
    const block = (label: string, result: MetadataResult) => {
      process.stdout.write(`${label}\n`);
      for (const field of META_FIELDS)
        process.stdout.write(
          `  ${formatField(field, fieldFigures(result.rows, field), PRECISION_FIELDS.has(field))}\n`,
        );
    };
    block(
      `metadata (${r.rows.length} pages, ${sites} sites in ${folds} folds by registrable domain), dev (the bundled models):`,
      r,
    );
    block(
      "leave-site-out (each fold extracted with rankers trained on the other folds' sites):",
      leaveSiteOut,
    );
    for (const failure of r.failures) process.stdout.write(`  threw: ${failure}\n`);
    report.push("", "# Metadata misses (expected vs got)", "");
    for (const field of META_FIELDS) {
      const misses = r.misses.filter((m) => m.field === field);
      report.push(`## ${field} (${misses.length} misses)`, "");
      for (const m of misses.slice(0, worst * 4)) {
        report.push(
          `- ${m.key}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.got)}`,
        );
      }
      report.push("");
    }
    if (out) {
      await writeFile(
        join(out, "metadata-predictions.json"),
        `${JSON.stringify(r.predictions, null, 2)}\n`,
      );
      await writeFile(
        join(out, "metadata-predictions-leave-site-out.json"),
        `${JSON.stringify(leaveSiteOut.predictions, null, 2)}\n`,
      );
    }
  }
  if (only === null || only === "mentions") {
    const r = await evalMentions(data, limit);
    process.stdout.write(`${formatMentions("mentions", r.figures)}\n`);
    for (const failure of r.failures) process.stdout.write(`  threw: ${failure}\n`);
    report.push("", "# Mentions misses (speakers missed or wrong, roles and organisations)", "");
    report.push(...mentionMisses(r.pairs));
    if (out) {
      await writeFile(
        join(out, "mentions-predictions.json"),
        `${JSON.stringify(r.predictions, null, 2)}\n`,
      );
    }
  }
  if (out) await writeFile(join(out, "report.md"), `${report.join("\n")}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `eval failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
