/**
 * Crawl bench: the built `vellum snapshot` (what people run: `pnpm build`'s bundle, rebuilt first
 * when a source is newer) over a loopback site of 10,000 article pages on 100 host names
 * (127.0.1.1–100) found through a sitemap index, beside GNU Wget writing a WARC of the same pages
 * in the same run. Measures pages/s, CPU per page and peak RSS at 1,000 and 10,000 pages (memory
 * must stay flat), resume after a SIGKILL at 50% (not one page committed before the kill may be
 * fetched again), and a recapture of the unchanged site (share of responses stored as revisits).
 * Run with `pnpm bench crawl` (or `node --import tsx scripts/bench/crawl.ts [--pages 10000]`).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Collection } from "@vellum/crawl";
import { BUILT_VELLUM, ensureBuilt } from "../lib/built-cli.js";
import { printTable } from "../lib/table.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SITE = fileURLToPath(new URL("./crawl-site.ts", import.meta.url));
const TIME = "/usr/bin/time";
const args = process.argv.slice(2);
const PAGES = Number(args[args.indexOf("--pages") + 1] ?? "") || 10_000;
const HOSTS = 100;

interface RunResult {
  pages: number;
  seconds: number;
  pagesPerSecond: number;
  rssMb: number;
  /** User + system CPU of the whole process (every thread), per page captured. */
  cpuMsPerPage: number;
  failed: number;
  records: { response: number; revisit: number };
}

async function startSite(pages: number): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", SITE, "--pages", String(pages), "--hosts", String(HOSTS)],
    { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout
      ?.setEncoding("utf8")
      .once("data", (line: string) => resolve(JSON.parse(line).port));
    child.once("exit", (code) => reject(new Error(`the site exited (${code})`)));
  });
  return { port, child };
}

/**
 * Runs the built `vellum snapshot --sitemap INDEX` as users run it (`--delay 0 --concurrency 16
 * --json`), under /usr/bin/time for its CPU time and peak RSS; with `killAt`, SIGKILLs it (not
 * under time, which would outlive it) once it has reported that many pages. Pages per second
 * count from the first page's event to the last, so the process's start does not weigh.
 */
function capture(
  out: string,
  index: string,
  options: { recapture?: boolean; killAt?: number } = {},
) {
  return new Promise<RunResult | null>((resolve, reject) => {
    const timeFile = `${out}.time`;
    const vellum = [
      process.execPath,
      BUILT_VELLUM,
      ...["snapshot", "--sitemap", index, "--out", out, "--allow-private", "--json"],
      ...["--delay", "0", "--concurrency", "16", "--per-host", "1", "--retries", "0"],
      ...(options.recapture ? ["--recapture"] : []),
    ];
    const argv =
      options.killAt === undefined ? [TIME, "-f", "%U %S %M", "-o", timeFile, ...vellum] : vellum;
    const child = spawn(argv[0] as string, argv.slice(1), {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let pages = 0;
    let firstAt: number | null = null;
    let lastAt = 0;
    let done: { run?: { id: number; failed: number } } | null = null;
    let buffered = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        const event = JSON.parse(line) as { event: string; report?: typeof done };
        if (event.event === "page") {
          pages += 1;
          lastAt = performance.now();
          firstAt ??= lastAt;
          if (options.killAt !== undefined && pages >= options.killAt) child.kill("SIGKILL");
        } else if (event.event === "done") done = event.report ?? null;
      }
    });
    child.once("error", reject);
    child.once("close", () => {
      if (done === null || options.killAt !== undefined) return resolve(null);
      const [user, system, rssKb] = readFileSync(timeFile, "utf8")
        .trim()
        .split(/\s+/)
        .slice(-3)
        .map(Number);
      const collection = Collection.open(out, { create: false });
      const records = { response: 0, revisit: 0 };
      for (const r of collection.records()) if (r.runId === done.run?.id) records[r.type] += 1;
      collection.close();
      const capturing = (lastAt - (firstAt ?? lastAt)) / 1000 || 1;
      resolve({
        pages,
        seconds: capturing,
        pagesPerSecond: pages <= 1 ? 0 : (pages - 1) / capturing,
        rssMb: (rssKb ?? 0) / 1024,
        cpuMsPerPage: (((user ?? 0) + (system ?? 0)) * 1000) / Math.max(1, pages),
        failed: done.run?.failed ?? 0,
        records,
      });
    });
  });
}

async function hits(port: number): Promise<Record<string, number>> {
  return (await (await fetch(`http://127.0.1.1:${port}/__hits`)).json()) as Record<string, number>;
}

function wget(list: string, dir: string): { seconds: number; rssMb: number } {
  const started = performance.now();
  const run = spawnSync(
    "/usr/bin/time",
    [
      ...["-f", "%M", "wget", "--quiet", "--tries=1", "-e", "robots=off", "-O", "/dev/null"],
      ...["--warc-file", join(dir, "wget"), "--input-file", list],
    ],
    { encoding: "utf8" },
  );
  const seconds = (performance.now() - started) / 1000;
  const rssKb = Number(run.stderr.trim().split("\n").at(-1));
  return { seconds, rssMb: rssKb / 1024 };
}

ensureBuilt("bench crawl");
const work = await mkdtemp(join(tmpdir(), "vellum-bench-crawl-"));
const small = await startSite(Math.round(PAGES / 10));
const large = await startSite(PAGES);
const indexOf = (port: number) => `http://127.0.1.1:${port}/sitemap-index.xml`;
try {
  // The peer: Wget over the same 1,000 pages as a list (it reads no sitemaps), one at a time.
  const list = join(work, "small.txt");
  const smallPages = Math.round(PAGES / 10);
  await writeFile(
    list,
    Array.from(
      { length: smallPages },
      (_, id) => `http://127.0.1.${(id % HOSTS) + 1}:${small.port}/news/${id}.html`,
    ).join("\n"),
  );
  const peer = wget(list, work);
  const first = (await capture(join(work, "small"), indexOf(small.port))) as RunResult;
  const full = (await capture(join(work, "full"), indexOf(large.port))) as RunResult;

  // Resume: kill at 50%, note what was committed, resume, count committed pages fetched again.
  const resumeDir = join(work, "resume");
  await capture(resumeDir, indexOf(large.port), { killAt: PAGES / 2 });
  const collection = Collection.open(resumeDir, { create: false });
  const committed = [...collection.urls({ state: "done" })].map((u) => new URL(u.url));
  collection.close();
  const before = await hits(large.port);
  const resumed = (await capture(resumeDir, indexOf(large.port))) as RunResult;
  const after = await hits(large.port);
  const refetched = committed.filter((u) => {
    const key = `${u.hostname}${u.pathname}`;
    return (after[key] ?? 0) > (before[key] ?? 0);
  }).length;

  const again = (await capture(join(work, "full"), indexOf(large.port), {
    recapture: true,
  })) as RunResult;
  const revisitShare =
    again.records.revisit / Math.max(1, again.records.revisit + again.records.response);

  printTable(
    ["run", "pages", "seconds", "pages/s", "CPU ms/page", "peak RSS MB", "failed"],
    [
      [
        "wget (list, 1 connection)",
        String(smallPages),
        peer.seconds.toFixed(1),
        (smallPages / peer.seconds).toFixed(0),
        "-",
        peer.rssMb.toFixed(0),
        "-",
      ],
      [
        "vellum 1,000",
        String(first.pages),
        first.seconds.toFixed(1),
        first.pagesPerSecond.toFixed(0),
        first.cpuMsPerPage.toFixed(1),
        first.rssMb.toFixed(0),
        String(first.failed),
      ],
      [
        "vellum 10,000",
        String(full.pages),
        full.seconds.toFixed(1),
        full.pagesPerSecond.toFixed(0),
        full.cpuMsPerPage.toFixed(1),
        full.rssMb.toFixed(0),
        String(full.failed),
      ],
      [
        "vellum resume after kill at 50%",
        String(resumed.pages),
        resumed.seconds.toFixed(1),
        resumed.pagesPerSecond.toFixed(0),
        resumed.cpuMsPerPage.toFixed(1),
        resumed.rssMb.toFixed(0),
        String(resumed.failed),
      ],
      [
        "vellum recapture (unchanged)",
        String(again.pages),
        again.seconds.toFixed(1),
        again.pagesPerSecond.toFixed(0),
        again.cpuMsPerPage.toFixed(1),
        again.rssMb.toFixed(0),
        String(again.failed),
      ],
    ],
  );
  console.log(
    [
      `vellum / wget pages/s at 1,000 pages: ${(first.pagesPerSecond / (smallPages / peer.seconds)).toFixed(2)}x`,
      `peak RSS 10,000 / 1,000 pages: ${(full.rssMb / first.rssMb).toFixed(2)}x (${first.rssMb.toFixed(0)} → ${full.rssMb.toFixed(0)} MB)`,
      `resume: ${committed.length} pages committed before the kill, ${refetched} fetched again`,
      `recapture: ${(revisitShare * 100).toFixed(2)}% of responses stored as revisits (${again.records.revisit} revisits, ${again.records.response} responses)`,
    ].join("\n"),
  );
} finally {
  small.child.kill("SIGTERM");
  large.child.kill("SIGTERM");
  await rm(work, { recursive: true, force: true });
}
