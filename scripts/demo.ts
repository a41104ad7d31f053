/**
 * `pnpm demo`: the main job on the bundled samples, offline. Serves samples/ on a loopback port,
 * fetches every page through HTTP, extracts the article and its JSON-LD, and writes them under
 * out/demo/<slug>/. Prints a table of what it produced.
 */
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { extract } from "@vellum/extract";
import { fetchPage } from "@vellum/fetch";
import { buildJsonLd, validateJsonLd } from "@vellum/schema";
import { articleJson } from "../packages/cli/src/article-json.js";
import { startSampleServer } from "./lib/sample-server.js";
import { printTable } from "./lib/table.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(ROOT, "out", "demo");

async function run(): Promise<number> {
  await rm(OUT, { recursive: true, force: true });
  await mkdir(OUT, { recursive: true });
  const server = await startSampleServer();
  const rows: string[][] = [];
  let failures = 0;
  try {
    for (const sample of server.samples) {
      const url = server.urlOf(sample);
      const capture = await fetchPage(url, { allowPrivate: true });
      const article = extract(capture.content, { url: capture.finalUrl, headers: capture.headers });
      const jsonld = buildJsonLd(article);
      const report = validateJsonLd(jsonld);
      const errors = report.findings.filter((f) => f.severity === "error").length;
      if (errors > 0) failures += 1;
      const dir = join(OUT, sample.slug);
      await mkdir(dir, { recursive: true });
      await writeFile(
        join(dir, "article.json"),
        `${JSON.stringify(articleJson(article), null, 2)}\n`,
      );
      await writeFile(join(dir, "article.jsonld"), `${JSON.stringify(jsonld, null, 2)}\n`);
      await writeFile(join(dir, "article.md"), `${article.body.markdown}\n`);
      rows.push([
        sample.slug,
        truncate(article.headline ?? "—", 44),
        truncate(article.authors.map((a) => a.name).join(", ") || "—", 28),
        article.datePublished ?? "—",
        String(article.wordCount),
        errors === 0 ? "valid" : `${errors} errors`,
      ]);
    }
  } finally {
    await server.close();
  }
  printTable(["sample", "headline", "authors", "published", "words", "JSON-LD"], rows);
  console.log(
    `\nWrote article.json, article.jsonld and article.md per sample to ${relative(process.cwd(), OUT) || OUT}/`,
  );
  return failures === 0 ? 0 : 1;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

process.exitCode = await run();
