/**
 * Runs every page of ../shared/eval (articles + metadata) through extract → buildJsonLd →
 * validateJsonLd and counts the pages whose JSON-LD has errors. Also reports how the pages' own
 * JSON-LD fares, for comparison. Usage: `tsx packages/schema/scripts/check-eval.ts [evalDir] [--v30]`.
 * With `--v30`, validates against ../shared/vocab/schemaorg-30 instead of the bundled vocabulary.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { decodeHtml, extract } from "@vellum/extract";
import {
  buildJsonLd,
  extractJsonLdFromHtml,
  type ValidateOptions,
  validateJsonLd,
  vocabularyDataFromSchemaOrgJsonLd,
  vocabularyFromData,
} from "../src/index.js";

const args = process.argv.slice(2);
const root = new URL("../../../", import.meta.url);
const evalDir = new URL(
  `${args.find((a) => !a.startsWith("--")) ?? new URL("../shared/eval", root).pathname}/`,
  "file:///",
);
const options: ValidateOptions = args.includes("--v30")
  ? {
      vocabulary: vocabularyFromData(
        vocabularyDataFromSchemaOrgJsonLd(
          JSON.parse(
            readFileSync(
              new URL("../shared/vocab/schemaorg-30/schemaorg-current-https.jsonld", root),
              "utf8",
            ),
          ),
          "schemaorg-30",
        ),
      ),
    }
  : {};

const pages: Array<{ file: URL; url: string | null }> = [];
const truth = JSON.parse(
  readFileSync(new URL("articles/ground-truth.json", evalDir), "utf8"),
) as Record<string, { url?: string }>;
for (const [id, entry] of Object.entries(truth))
  pages.push({ file: new URL(`articles/html/${id}.html.gz`, evalDir), url: entry.url ?? null });
const expected = JSON.parse(
  readFileSync(new URL("metadata/expected.json", evalDir), "utf8"),
) as Record<string, { url?: string }>;
for (const [key, entry] of Object.entries(expected))
  pages.push({ file: new URL(`metadata/html/${key}.gz`, evalDir), url: entry.url ?? null });

let failed = 0;
let ownWithJsonLd = 0;
let ownFailed = 0;
const codes = new Map<string, number>();
const warnCodes = new Map<string, number>();
const ownCodes = new Map<string, number>();
const count = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
for (const page of pages) {
  const bytes = gunzipSync(readFileSync(page.file));
  const article = extract(bytes, { url: page.url });
  const report = validateJsonLd(buildJsonLd(article), options);
  for (const f of report.findings) count(f.severity === "error" ? codes : warnCodes, f.code);
  if (!report.valid) {
    failed++;
    const first = report.findings.find((f) => f.severity === "error");
    console.log(
      `FAIL ${page.file.pathname.split("/eval/")[1]}: ${first?.path} ${first?.code} ${first?.message}`,
    );
  }
  const blocks = extractJsonLdFromHtml(decodeHtml(bytes).html);
  if (blocks.length > 0) {
    ownWithJsonLd++;
    const own = validateJsonLd(
      blocks.map((b) => (b.error === null ? b.data : "{")),
      options,
    );
    const errors = own.findings.filter((f) => f.severity === "error");
    for (const f of errors) count(ownCodes, f.code);
    if (blocks.some((b) => b.error !== null) || errors.length > 0) ownFailed++;
  }
}
const top = (map: Map<string, number>) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 12)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
console.log(`vocabulary: ${options.vocabulary?.source ?? "bundled"}`);
console.log(`our JSON-LD: ${pages.length - failed}/${pages.length} pages pass with no errors`);
console.log(`  errors by code: ${top(codes) || "none"}`);
console.log(`  warnings by code: ${top(warnCodes) || "none"}`);
console.log(
  `pages' own JSON-LD: ${ownWithJsonLd - ownFailed}/${ownWithJsonLd} pages that have some pass with no errors`,
);
console.log(`  errors by code: ${top(ownCodes) || "none"}`);
