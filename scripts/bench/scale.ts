/**
 * Scale bench: a fleet (`vellum snapshot --queue` + `vellum worker` processes, a real
 * redis-server) over a loopback site of `--pages N` (10,000) pages on `--hosts H` (1,000)
 * addresses 127.0.x.y. For 1, 2 and 4 workers (`--workers 1,2,4`, each `--concurrency C`, 16):
 *   - `--delay 0 --per-host 1000`: the gate is asked for every request but never holds one back;
 *   - `--delay 0` (one request at a time per host, the gate's default): the gate's cost;
 *   - `--delay 0.5`: the smallest gap between two requests to one host as the site measured it,
 *     and the share of the politeness ceiling reached (hosts / delay requests per second).
 * Throughput is the site's: requests from the first to the last arrival. Redis memory per
 * queued URL: `used_memory` after the coordinator queued every URL, less before, per URL.
 * Run with `pnpm bench scale [--pages 10000] [--hosts 1000] [--workers 1,2,4] [--concurrency 16]`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FleetQueue, parseQueueUrl } from "../../packages/queue/src/index.js";
import { RedisServer } from "../../packages/queue/test/redis.js";
import { printTable } from "../lib/table.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SITE = fileURLToPath(new URL("./scale-site.ts", import.meta.url));
const BIN = fileURLToPath(new URL("../../packages/cli/src/bin.ts", import.meta.url));
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const PAGES = Number(option("pages", "10000"));
const HOSTS = Math.min(Number(option("hosts", "1000")), PAGES);
const WORKERS = option("workers", "1,2,4").split(",").map(Number);
const CONCURRENCY = option("concurrency", "16");
const address = (i: number) => `127.0.${2 + Math.floor(i / 250)}.${(i % 250) + 1}`;

interface Stats {
  requests: number;
  first: number;
  last: number;
  smallestGaps: Record<string, number>;
}

function vellum(argv: readonly string[]): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", BIN, ...argv], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
const exited = (child: ChildProcess) =>
  child.exitCode !== null
    ? Promise.resolve(child.exitCode)
    : new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

async function startSite(): Promise<{ port: number; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", SITE, "--hosts", String(HOSTS)], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout
      ?.setEncoding("utf8")
      .once("data", (line: string) => resolve(JSON.parse(line).port));
    child.once("exit", (code) => reject(new Error(`the site exited (${code})`)));
  });
  return { port, child };
}

async function run(
  redis: RedisServer,
  db: number,
  list: string,
  workers: number,
  delay: string,
  perHost: string,
): Promise<{ pagesPerSecond: number; minGapMs: number; bytesPerUrl: number; seconds: number }> {
  const site = await startSite();
  const out = await mkdtemp(join(tmpdir(), "vellum-scale-"));
  const queue = `redis://127.0.0.1:${redis.port}/${db}`;
  const fleet = await FleetQueue.open(parseQueueUrl(queue));
  try {
    const before = (await fleet.status()).redisMemoryBytes;
    const urls = Array.from(
      { length: PAGES },
      (_, i) => `http://${address(i % HOSTS)}:${site.port}/news/${i}`,
    );
    await writeFile(list, `${urls.join("\n")}\n`);
    const coordinator = vellum([
      ...["snapshot", "--queue", queue, "--out", out, "--no-wait", "--allow-private"],
      ...["--delay", delay, "--per-host", perHost, "--retries", "0", "--input", list],
    ]);
    if ((await exited(coordinator)) !== 0) throw new Error("the coordinator failed");
    const queued = (await fleet.status()).redisMemoryBytes;
    const children = Array.from({ length: workers }, () =>
      vellum(["worker", "--queue", queue, "--out", out, "--concurrency", CONCURRENCY]),
    );
    for (;;) {
      const s = await fleet.status();
      if (s.queue.done + s.queue.failed + s.queue.refused >= PAGES) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    for (const child of children) child.kill("SIGTERM");
    await Promise.all(children.map(exited));
    const stats = (await (
      await fetch(`http://${address(0)}:${site.port}/__stats`)
    ).json()) as Stats;
    const seconds = (stats.last - stats.first) / 1000;
    return {
      pagesPerSecond: stats.requests / seconds,
      minGapMs: Math.min(...Object.values(stats.smallestGaps)),
      bytesPerUrl: (queued - before) / PAGES,
      seconds,
    };
  } finally {
    await fleet.redis.flushdb();
    await fleet.close();
    site.child.kill("SIGTERM");
    await exited(site.child);
    await rm(out, { recursive: true, force: true });
  }
}

const redis = await RedisServer.start();
const dir = await mkdtemp(join(tmpdir(), "vellum-scale-list-"));
const list = join(dir, "urls.txt");
const rows: string[][] = [];
let memory = 0;
try {
  console.log(`scale bench: ${PAGES} pages over ${HOSTS} hosts, workers × ${CONCURRENCY}`);
  let db = 0;
  for (const workers of WORKERS) {
    const free = await run(redis, db++ % 16, list, workers, "0", "1000");
    const gated = await run(redis, db++ % 16, list, workers, "0", "1");
    const polite = await run(redis, db++ % 16, list, workers, "0.5", "1");
    memory = gated.bytesPerUrl;
    // Each host allows one request per 0.5 s: the fleet can reach at most hosts / 0.5 per second.
    const ceiling = HOSTS / 0.5;
    rows.push([
      String(workers),
      free.pagesPerSecond.toFixed(0),
      gated.pagesPerSecond.toFixed(0),
      `${((gated.pagesPerSecond / free.pagesPerSecond) * 100).toFixed(0)}%`,
      polite.pagesPerSecond.toFixed(0),
      polite.minGapMs.toFixed(0),
      `${((polite.pagesPerSecond / ceiling) * 100).toFixed(0)}% of ${ceiling.toFixed(0)}`,
    ]);
  }
} finally {
  await redis.stop();
  await rm(dir, { recursive: true, force: true });
}
printTable(
  [
    "workers",
    "pages/s, gate never holding",
    "pages/s, --delay 0",
    "ratio",
    "pages/s, --delay 0.5",
    "smallest gap ms",
    "politeness ceiling",
  ],
  rows,
);
console.log(`Redis memory per queued URL: ${memory.toFixed(0)} bytes`);
