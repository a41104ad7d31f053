/**
 * `pnpm bench audit`: the audit of a saved collection of the 693 dev pages of
 * `../shared/eval/metadata`, read from its WARCs, with worker threads (the default) and, in the
 * same run, in one thread as the peer; pages/s, CPU, peak RSS, and RSS as the audit goes, to
 * show that memory stays flat. The collection is captured once from a loopback server that
 * serves the pages from ../shared (never copied into the repository) into a temporary directory
 * outside it, and reused by later runs.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { collectionSource, runAudit } from "../../packages/audit/src/index.js";
import { snapshot } from "../../packages/crawl/src/index.js";

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const dataArg = process.argv.indexOf("--data");
/** `--data DIR` when the shared folder is not beside the repository (a worktree elsewhere). */
const data =
  dataArg > 0 ? (process.argv[dataArg + 1] as string) : join(repoRoot, "../shared/eval/metadata");
const work = join(tmpdir(), "vellum-bench-audit");
const collection = join(work, "collection");

async function capture(): Promise<number> {
  const expected = JSON.parse(readFileSync(join(data, "expected.json"), "utf8")) as Record<
    string,
    unknown
  >;
  const keys = Object.keys(expected).sort();
  const marker = join(collection, `complete-${keys.length}`);
  if (existsSync(marker)) return keys.length;
  await rm(collection, { recursive: true, force: true });
  const server = createServer(async (req, res) => {
    const key = decodeURIComponent((req.url ?? "/").slice(1));
    if (key === "robots.txt") return res.writeHead(200).end("User-agent: *\nAllow: /\n");
    try {
      const html = gunzipSync(await readFile(join(data, "html", `${key}.gz`)));
      res.writeHead(200, { "Content-Type": "text/html" }).end(html);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await snapshot({
      urls: keys.map((k) => `${origin}/${k.split("/").map(encodeURIComponent).join("/")}`),
      outDir: collection,
      fetch: { allowPrivate: true, delayMs: 0, concurrency: 8, perHostConcurrency: 8 },
    });
  } finally {
    server.close();
  }
  await mkdir(marker, { recursive: true });
  return keys.length;
}

interface Run {
  pages: number;
  wall: number;
  cpu: number;
  rss: number[];
}

async function audit(workers: number, rounds: number): Promise<Run> {
  const rss: number[] = [];
  let pages = 0;
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  // The collection read `rounds` times over: memory must not grow with the pages audited.
  const source = (async function* () {
    for (let r = 0; r < rounds; r++) yield* collectionSource(collection);
  })();
  await runAudit({
    source,
    sourceLabel: "bench",
    outDir: join(work, `report-${workers}`),
    workers,
    onPage: () => {
      pages += 1;
      if (pages % 231 === 0) rss.push(process.memoryUsage().rss / 1048576);
    },
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const c = process.cpuUsage(cpu0);
  return { pages, wall, cpu: (c.user + c.system) / 1e6, rss };
}

const n = await capture();
const load = () => loadavg()[0]?.toFixed(1) ?? "?";
process.stdout.write(
  `audit bench: a collection of ${n} pages (${collection}), ${availableParallelism()} cores, load average ${load()}\n`,
);
// Warm-up: the page cache and this thread's modules. Each runAudit starts workers of its own,
// which load the modules (0.8 s of CPU each, from source) and run their first few hundred pages
// slower until compiled (about 3 s more): that is counted, as a real audit pays it.
await audit(2, 1);
const ours = await audit(2, 3);
const peak = process.resourceUsage().maxRSS / 1024;
const peer = await audit(0, 1);
const rate = (r: Run) => r.pages / r.wall;
// Pages per CPU-second does not depend on how much of the machine others leave us; pages/s does.
const perCpu = (r: Run) => r.pages / r.cpu;
const line = (r: Run) =>
  `${rate(r).toFixed(1)} pages/s (${r.pages} pages in ${r.wall.toFixed(1)} s, ${(r.cpu / r.wall).toFixed(2)} cores busy), ${perCpu(r).toFixed(1)} pages per CPU-second`;
process.stdout.write(
  `  vellum audit, 2 worker threads: ${line(ours)}, peak RSS ${peak.toFixed(0)} MB\n` +
    `  RSS every 231 pages: ${ours.rss.map((m) => m.toFixed(0)).join(" ")} MB\n` +
    `  one thread (peer):              ${line(peer)}\n` +
    `  ratio: ${(rate(ours) / rate(peer)).toFixed(2)}× one thread by wall time, ${(perCpu(ours) / perCpu(peer)).toFixed(2)}× by CPU time; load average at the end ${load()}\n`,
);
