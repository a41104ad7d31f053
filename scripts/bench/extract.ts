/**
 * Extraction throughput over the dev article pages in one process: Vellum's `extract()` and,
 * in the same run over the same bytes, @mozilla/readability on linkedom as the baseline.
 * Prints pages/s, peak RSS and the speed ratio. Run alone with `tsx scripts/bench/extract.ts`.
 * With `--process`, the built `vellum extract` and the peer as whole processes instead
 * (extract-process.ts).
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
// The root package does not depend on @vellum/extract (not ours to change), so import it by path.
import { extract } from "../../packages/extract/src/index.js";
import { articlePeople } from "../../packages/people/src/index.js";

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
  /** The people stage alone (`articlePeople` on extracted articles), wall ms per 1,000 words. */
  readonly peopleMsPerThousandWords: number;
  readonly vellumPagesPerSecond: number;
  readonly baselinePagesPerSecond: number;
  readonly ratio: number;
  /** Peak resident set size of the process after Vellum's passes, in MB. */
  readonly vellumPeakRssMb: number;
  readonly baselinePeakRssMb: number;
}

const utf8 = new TextDecoder();
const repoRoot = fileURLToPath(new URL("../..", import.meta.url));

/**
 * Pages stay gzipped in memory and each tool's run gunzips its page (the same cost on both
 * sides): held decompressed they were ~18 MB of resident memory charged to the tool measured.
 */
interface Page {
  readonly stored: Uint8Array;
  readonly gzipped: boolean;
}

const bytesOf = (page: Page): Uint8Array =>
  page.gzipped ? new Uint8Array(gunzipSync(page.stored)) : page.stored;

async function loadPages(dir: string): Promise<Page[]> {
  const names = (await readdir(dir))
    .filter((n) => n.endsWith(".html.gz") || n.endsWith(".html"))
    .sort();
  const pages: Page[] = [];
  for (const name of names) {
    const raw = await readFile(join(dir, name));
    pages.push({ stored: new Uint8Array(raw), gzipped: name.endsWith(".gz") });
  }
  return pages;
}

function peakRssMb(): number {
  // ru_maxrss is in kilobytes on Linux.
  return process.resourceUsage().maxRSS / 1024;
}

interface Timing {
  wall: number;
  cpu: number;
  pages: number;
}

/** One pass over every page; wall and process CPU seconds both, since the machine may be shared. */
function pass(pages: readonly Page[], run: (page: Page) => number, into: Timing): void {
  let sink = 0;
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (const page of pages) sink += run(page);
  const cpu = process.cpuUsage(cpu0);
  into.wall += Number(process.hrtime.bigint() - wall0) / 1e9;
  into.cpu += (cpu.user + cpu.system) / 1e6;
  into.pages += pages.length;
  if (sink < 0) throw new Error("unreachable: keeps the work observable");
}

const rate = (t: Timing) => ({ wall: t.pages / t.wall, cpu: t.pages / t.cpu });

export async function benchExtract(options: BenchExtractOptions = {}): Promise<BenchExtractResult> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dir = options.dir ?? join(repoRoot, "../shared/eval/articles/html");
  const rounds = options.rounds ?? 3;
  const pages = await loadPages(dir);
  write(
    `extract bench: ${pages.length} pages from ${dir}, ${rounds} interleaved rounds after a warm-up`,
  );

  // The people stage is part of what `vellum extract` does to a page, so it is timed with it.
  const vellumRun = (page: Page) => {
    const article = extract(bytesOf(page));
    return article.body.text.length + articlePeople(article).quoted.length;
  };
  const baselineRun = (page: Page) => {
    // Gunzip and decoding are part of the work on both sides: extract() sniffs and decodes too.
    const { document } = parseHTML(utf8.decode(bytesOf(page)));
    const article = new Readability(
      document as unknown as ConstructorParameters<typeof Readability>[0],
    ).parse();
    return article?.textContent?.length ?? 0;
  };
  const ours: Timing = { wall: 0, cpu: 0, pages: 0 };
  const theirs: Timing = { wall: 0, cpu: 0, pages: 0 };
  // Warm-up, then a first timed pass of ours alone so its peak RSS is not the baseline's.
  pass(pages, vellumRun, { wall: 0, cpu: 0, pages: 0 });
  pass(pages, vellumRun, ours);
  const vellumPeak = peakRssMb();
  pass(pages, baselineRun, { wall: 0, cpu: 0, pages: 0 });
  // Interleaved, so that load from other processes falls on both sides alike.
  for (let r = 0; r < rounds; r++) {
    pass(pages, baselineRun, theirs);
    if (r < rounds - 1) pass(pages, vellumRun, ours);
  }
  const baselinePeak = peakRssMb();
  const v = rate(ours);
  const b = rate(theirs);
  write(
    `  vellum extract():        ${v.wall.toFixed(1)} pages/s wall, ${v.cpu.toFixed(1)} pages/s of CPU, peak RSS ${vellumPeak.toFixed(0)} MB`,
  );
  write(
    `  readability + linkedom:  ${b.wall.toFixed(1)} pages/s wall, ${b.cpu.toFixed(1)} pages/s of CPU, peak RSS ${baselinePeak.toFixed(0)} MB (process peak, after both)`,
  );
  const ratio = v.wall / b.wall;
  write(
    `  ratio: ${ratio.toFixed(2)}× the baseline wall-clock (${(v.cpu / b.cpu).toFixed(2)}× by CPU time)`,
  );
  // The people stage alone, over the articles already extracted: its cost per 1,000 words.
  const articles = pages.map((page) => extract(bytesOf(page)));
  const words = articles.reduce((n, a) => n + (a.body.text.match(/\S+/gu)?.length ?? 0), 0);
  for (const article of articles) articlePeople(article);
  const peopleCpu0 = process.cpuUsage();
  const peopleWall0 = process.hrtime.bigint();
  let found = 0;
  for (let r = 0; r < rounds; r++)
    for (const article of articles) found += articlePeople(article).quoted.length;
  const peopleWall = Number(process.hrtime.bigint() - peopleWall0) / 1e6 / rounds;
  const peopleCpuUse = process.cpuUsage(peopleCpu0);
  const peopleCpu = (peopleCpuUse.user + peopleCpuUse.system) / 1e3 / rounds;
  const perThousand = (peopleWall / words) * 1000;
  write(
    `  people stage alone:      ${perThousand.toFixed(3)} ms per 1,000 words wall (${((peopleCpu / words) * 1000).toFixed(3)} ms of CPU), ${(peopleWall / pages.length).toFixed(3)} ms per page, ${found / rounds} quoted people on ${pages.length} pages of ${words} words`,
  );
  return {
    peopleMsPerThousandWords: perThousand,
    pages: pages.length,
    vellumPagesPerSecond: v.wall,
    baselinePagesPerSecond: b.wall,
    ratio,
    vellumPeakRssMb: vellumPeak,
    baselinePeakRssMb: baselinePeak,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  // `--process`: the built command against the peer as whole processes (extract-process.ts).
  const run = process.argv.includes("--process")
    ? import("./extract-process.js").then(async ({ benchExtractProcess }) => {
        process.exitCode = await benchExtractProcess(process.argv.slice(2));
      })
    : benchExtract();
  run.catch((error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
