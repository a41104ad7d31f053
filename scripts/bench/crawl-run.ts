/**
 * One capture run of the crawl bench, in its own process so its peak RSS is its own:
 * `crawl-run.ts --out DIR --index URL [--recapture]`. Discovers the pages through the sitemap
 * index (the sources' reader, fed by the engine's fetcher), captures them with `--delay 0
 * --concurrency 16`, prints `{"pages":n}` every 250 pages (so the driver can kill it midway) and
 * a last line with the run's figures.
 */
import { readFileSync } from "node:fs";
import { Collection, discoverUrls, snapshot } from "@vellum/crawl";

const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const out = value("out") as string;
const index = value("index") as string;
const recapture = args.includes("--recapture");

/**
 * CPU seconds of the main thread alone (Linux: /proc/self/task/<pid>/stat, utime + stime in
 * clock ticks, 100 per second), beside the whole process's. On a loaded machine wall time says
 * little; CPU time per page says what the run costs, and the main thread's share says how much
 * one event loop limits it.
 */
function mainThreadCpuSeconds(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

const cpuAtStart = process.cpuUsage();
const mainAtStart = mainThreadCpuSeconds();
const started = performance.now();
/** Throughput is timed from the first page, so process start (tsx compiling) does not count. */
let firstPageAt: number | null = null;
let pages = 0;
const report = await snapshot({
  outDir: out,
  discover: (fetcher) => discoverUrls([{ kind: "sitemap", location: index }], { fetcher }),
  recapture,
  fetch: {
    allowPrivate: true,
    delayMs: 0,
    concurrency: 16,
    perHostConcurrency: 1,
    retries: 0,
  },
  onEvent: (e) => {
    if (e.event === "page") firstPageAt ??= performance.now();
    if (e.event === "page" && ++pages % 250 === 0)
      process.stdout.write(`${JSON.stringify({ pages })}\n`);
  },
});
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuAtStart);
const mainAtEnd = mainThreadCpuSeconds();
const capturing = (performance.now() - (firstPageAt ?? started)) / 1000;
const collection = Collection.open(out, { create: false });
const records = { response: 0, revisit: 0 };
for (const r of collection.records()) if (r.runId === report.run?.id) records[r.type] += 1;
collection.close();
process.stdout.write(
  `${JSON.stringify({
    done: true,
    pages,
    seconds,
    pagesPerSecond: pages <= 1 ? 0 : (pages - 1) / capturing,
    rssMb: process.resourceUsage().maxRSS / 1024,
    cpuMsPerPage: (cpu.user + cpu.system) / 1000 / Math.max(1, pages),
    mainCpuMsPerPage:
      mainAtStart === null || mainAtEnd === null
        ? null
        : ((mainAtEnd - mainAtStart) * 1000) / Math.max(1, pages),
    failed: report.run?.failed ?? 0,
    records,
  })}\n`,
);
