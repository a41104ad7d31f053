/**
 * Extraction throughput over the dev article pages in a warm loop: Vellum's `extract()` (with the
 * people stage, as `vellum extract` runs it) against @mozilla/readability on linkedom over the
 * same bytes. Prints pages/s, peak RSS and the speed ratio. Run alone with `tsx
 * scripts/bench/extract.ts`. With `--process`, the built `vellum extract` and the peer as whole
 * processes instead (extract-process.ts).
 *
 * Each tool runs in processes of its own, alternating, several rounds: a round is one child
 * process that loads the pages, warms up over them, then times passes over them. Both tools in
 * one heap charged each with the other's garbage (linkedom leaves several hundred MB for the next
 * full collection) and gave one peak RSS for both; and one warm-up pass left V8 still compiling
 * Vellum's code (its second pass ran at ~85% of its eighth).
 */
import { spawnSync } from "node:child_process";
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
  /** Child processes per tool, alternating with the other tool's; default 3. */
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

type Tool = "vellum" | "baseline";

/** Passes over the pages a round warms up with, then times. */
const WARM_UP_PASSES = 2;
const TIMED_PASSES = 2;

const RUNS: Record<Tool, (page: Page) => number> = {
  // The people stage is part of what `vellum extract` does to a page, so it is timed with it.
  vellum: (page) => {
    const article = extract(bytesOf(page));
    return article.body.text.length + articlePeople(article).quoted.length;
  },
  baseline: (page) => {
    // Gunzip and decoding are part of the work on both sides: extract() sniffs and decodes too.
    const { document } = parseHTML(utf8.decode(bytesOf(page)));
    const article = new Readability(
      document as unknown as ConstructorParameters<typeof Readability>[0],
    ).parse();
    return article?.textContent?.length ?? 0;
  },
};

/** What one round's child process reports on its stdout, as one JSON line. */
interface RoundReport {
  readonly timing: Timing;
  readonly peakRssMb: number;
  /** Vellum's rounds: the people stage alone over the articles extracted (`peopleStage`). */
  readonly people?: PeopleStage;
}

interface PeopleStage {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly words: number;
  readonly quoted: number;
}

/** The people stage alone, over articles already extracted: one pass after a warm-up one. */
function peopleStage(pages: readonly Page[]): PeopleStage {
  const articles = pages.map((page) => extract(bytesOf(page)));
  const words = articles.reduce((n, a) => n + (a.body.text.match(/\S+/gu)?.length ?? 0), 0);
  for (const article of articles) articlePeople(article);
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  let quoted = 0;
  for (const article of articles) quoted += articlePeople(article).quoted.length;
  const wallMs = Number(process.hrtime.bigint() - wall0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1e3, words, quoted };
}

/** A round, in the child process: warm up, time, report (`--round vellum|baseline`). */
async function round(tool: Tool, dir: string): Promise<void> {
  const pages = await loadPages(dir);
  const run = RUNS[tool];
  for (let w = 0; w < WARM_UP_PASSES; w++) pass(pages, run, { wall: 0, cpu: 0, pages: 0 });
  const timing: Timing = { wall: 0, cpu: 0, pages: 0 };
  for (let t = 0; t < TIMED_PASSES; t++) pass(pages, run, timing);
  const report: RoundReport = {
    timing,
    peakRssMb: peakRssMb(),
    ...(tool === "vellum" ? { people: peopleStage(pages) } : {}),
  };
  process.stdout.write(`${JSON.stringify(report)}\n`);
}

function runRound(tool: Tool, dir: string): RoundReport {
  const self = fileURLToPath(import.meta.url);
  const child = spawnSync(
    process.execPath,
    ["--import", "tsx", self, "--round", tool, "--dir", dir],
    { encoding: "utf8", maxBuffer: 16 * 1024 * 1024 },
  );
  if (child.status !== 0) {
    throw new Error(`the ${tool} round failed (${child.status}): ${child.stderr.slice(-600)}`);
  }
  return JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "") as RoundReport;
}

export async function benchExtract(options: BenchExtractOptions = {}): Promise<BenchExtractResult> {
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dir = options.dir ?? join(repoRoot, "../shared/eval/articles/html");
  const rounds = options.rounds ?? 3;
  if (!Number.isInteger(rounds) || rounds < 1) {
    throw new Error(`--rounds takes a whole number of rounds, 1 or more (not ${rounds})`);
  }
  const pages = (await loadPages(dir)).length;
  write(
    `extract bench: ${pages} pages from ${dir}; ${rounds} rounds per tool, alternating, each a process of its own: ${WARM_UP_PASSES} warm-up passes, then ${TIMED_PASSES} timed`,
  );
  const sum = (reports: readonly RoundReport[]): Timing => ({
    wall: reports.reduce((n, r) => n + r.timing.wall, 0),
    cpu: reports.reduce((n, r) => n + r.timing.cpu, 0),
    pages: reports.reduce((n, r) => n + r.timing.pages, 0),
  });
  const ours: RoundReport[] = [];
  const theirs: RoundReport[] = [];
  for (let r = 0; r < rounds; r++) {
    // Each round the other tool first, so that neither always follows the same thing.
    const order: Tool[] = r % 2 === 0 ? ["vellum", "baseline"] : ["baseline", "vellum"];
    for (const tool of order) (tool === "vellum" ? ours : theirs).push(runRound(tool, dir));
  }
  const v = rate(sum(ours));
  const b = rate(sum(theirs));
  const vellumPeak = Math.max(...ours.map((r) => r.peakRssMb));
  const baselinePeak = Math.max(...theirs.map((r) => r.peakRssMb));
  write(
    `  vellum extract():        ${v.wall.toFixed(1)} pages/s wall, ${v.cpu.toFixed(1)} pages/s of CPU, peak RSS ${vellumPeak.toFixed(0)} MB`,
  );
  write(
    `  readability + linkedom:  ${b.wall.toFixed(1)} pages/s wall, ${b.cpu.toFixed(1)} pages/s of CPU, peak RSS ${baselinePeak.toFixed(0)} MB`,
  );
  const ratio = v.wall / b.wall;
  write(
    `  ratio: ${ratio.toFixed(2)}× the baseline wall-clock (${(v.cpu / b.cpu).toFixed(2)}× by CPU time)`,
  );
  const people = ours.flatMap((r) => (r.people === undefined ? [] : [r.people]));
  const words = people.reduce((n, p) => n + p.words, 0);
  const peopleWall = people.reduce((n, p) => n + p.wallMs, 0);
  const peopleCpu = people.reduce((n, p) => n + p.cpuMs, 0);
  const perThousand = (peopleWall / words) * 1000;
  write(
    `  people stage alone:      ${perThousand.toFixed(3)} ms per 1,000 words wall (${((peopleCpu / words) * 1000).toFixed(3)} ms of CPU), ${(peopleWall / (pages * people.length)).toFixed(3)} ms per page, ${people[0]?.quoted ?? 0} quoted people on ${pages} pages of ${people[0]?.words ?? 0} words`,
  );
  return {
    peopleMsPerThousandWords: perThousand,
    pages,
    vellumPagesPerSecond: v.wall,
    baselinePagesPerSecond: b.wall,
    ratio,
    vellumPeakRssMb: vellumPeak,
    baselinePeakRssMb: baselinePeak,
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const value = (name: string) => {
    const at = argv.indexOf(name);
    return at === -1 ? undefined : argv[at + 1];
  };
  const tool = value("--round");
  // `--process`: the built command against the peer as whole processes (extract-process.ts).
  const run =
    tool === "vellum" || tool === "baseline"
      ? round(tool, value("--dir") ?? join(repoRoot, "../shared/eval/articles/html"))
      : argv.includes("--process")
        ? import("./extract-process.js").then(async ({ benchExtractProcess }) => {
            process.exitCode = await benchExtractProcess(argv);
          })
        : benchExtract({
            ...(value("--rounds") === undefined ? {} : { rounds: Number(value("--rounds")) }),
          });
  run.catch((error: unknown) => {
    process.stderr.write(
      `bench failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
