/**
 * Extraction throughput over the dev article pages in one process: Vellum's `extract()` and,
 * in the same run over the same bytes, @mozilla/readability on linkedom as the baseline.
 * Prints pages/s, peak RSS and the speed ratio. Run alone with `tsx scripts/bench/extract.ts`.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
// The root package does not depend on @vellum/extract (not ours to change), so import it by path.
import { extract } from "../../packages/extract/src/index.js";

export interface BenchExtractOptions {
  /** Folder of `*.html.gz` pages; default `../shared/eval/articles/html` from the repo root. */
  readonly dir?: string;
  /** Passes over all pages for each tool (after one warm-up pass); default 3. */
  readonly rounds?: number;
  /** Where the report goes; default stdout. */
  readonly write?: (line: string) => void;
}

export interface BenchExtractResult {
  readonly pages: number;
  readonly vellumPagesPerSecond: number;
  readonly baselinePagesPerSecond: number;
  readonly ratio: number;
  /** Peak resident set size of the process after Vellum's passes, in MB. */
  readonly vellumPeakRssMb: number;
  readonly baselinePeakRssMb: number;
}

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

interface Page {
  readonly bytes: Uint8Array;
  readonly html: string;
}

async function loadPages(dir: string): Promise<Page[]> {
  const names = (await readdir(dir))
    .filter((n) => n.endsWith(".html.gz") || n.endsWith(".html"))
    .sort();
  const pages: Page[] = [];
  for (const name of names) {
    const raw = await readFile(join(dir, name));
    const bytes = name.endsWith(".gz") ? gunzipSync(raw) : raw;
    pages.push({ bytes: new Uint8Array(bytes), html: bytes.toString("utf8") });
  }
  return pages;
}

function peakRssMb(): number {
  // ru_maxrss is in kilobytes on Linux.
  return process.resourceUsage().maxRSS / 1024;
}

function time(pages: readonly Page[], rounds: number, run: (page: Page) => number): number {
  let sink = 0;
  for (const page of pages) sink += run(page);
  const start = process.hrtime.bigint();
  for (let r = 0; r < rounds; r++) for (const page of pages) sink += run(page);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (sink < 0) throw new Error("unreachable: keeps the work observable");
  return (pages.length * rounds) / seconds;
}

export async function benchExtract(options: BenchExtractOptions = {}): Promise<BenchExtractResult> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dir = options.dir ?? join(repoRoot, "../shared/eval/articles/html");
  const rounds = options.rounds ?? 3;
  const pages = await loadPages(dir);
  write(`extract bench: ${pages.length} pages from ${dir}, ${rounds} rounds after a warm-up`);

  const vellum = time(pages, rounds, (page) => extract(page.bytes).body.text.length);
  const vellumPeak = peakRssMb();
  write(
    `  vellum extract():          ${vellum.toFixed(1)} pages/s, peak RSS ${vellumPeak.toFixed(0)} MB`,
  );

  const baseline = time(pages, rounds, (page) => {
    const { document } = parseHTML(page.html);
    const article = new Readability(
      document as unknown as ConstructorParameters<typeof Readability>[0],
    ).parse();
    return article?.textContent?.length ?? 0;
  });
  const baselinePeak = peakRssMb();
  write(
    `  readability + linkedom:    ${baseline.toFixed(1)} pages/s, peak RSS ${baselinePeak.toFixed(0)} MB (process peak so far)`,
  );
  const ratio = vellum / baseline;
  write(`  ratio: ${ratio.toFixed(2)}× the baseline`);
  return {
    pages: pages.length,
    vellumPagesPerSecond: vellum,
    baselinePagesPerSecond: baseline,
    ratio,
    vellumPeakRssMb: vellumPeak,
    baselinePeakRssMb: baselinePeak,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  benchExtract().catch((error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
