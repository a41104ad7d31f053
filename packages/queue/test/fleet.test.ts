import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FleetKeys, FleetQueue, parseQueueUrl } from "../src/index.js";
import { RedisServer } from "./redis.js";
import { LoopbackSite, siteAddress } from "./site.js";

const WORKER = new URL("./fleet-worker.ts", import.meta.url).pathname;
const HOSTS = 12;
const PER_HOST = 10;
const DELAY_MS = 250;
const CRAWL_DELAY_HOST = siteAddress(3);
const LOCK_MS = 2_000;

let redis: RedisServer;
let site: LoopbackSite;
let out: string;
const children: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", WORKER, redis.url, out, String(DELAY_MS), "4", String(LOCK_MS)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  return child;
}

function committed(): string[] {
  return readdirSync(out)
    .filter((name) => name.endsWith(".log") && name !== "refused.log")
    .flatMap((name) => readFileSync(join(out, name), "utf8").split("\n"))
    .filter((line) => line !== "");
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 120_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", resolve));

beforeAll(async () => {
  redis = await RedisServer.start();
  site = new LoopbackSite({
    hosts: HOSTS,
    robots: (host) =>
      host === siteAddress(0)
        ? "User-agent: *\nDisallow: /private\n"
        : host === CRAWL_DELAY_HOST
          ? "User-agent: *\nCrawl-delay: 0.6\n"
          : "User-agent: *\nAllow: /\n",
    // One host answers 429 to the first request of each page: slowed, and the page still counted.
    status: (host, path, n) =>
      host === siteAddress(5) && path.endsWith("/1") && n === 1 ? 429 : 200,
  });
  await site.start();
  out = mkdtempSync(join(tmpdir(), "vellum-fleet-"));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await site.stop();
  await redis.stop();
  rmSync(out, { recursive: true, force: true });
});

describe("a fleet of worker processes on a real redis-server", () => {
  test("kill -9 of a worker and of Redis mid-run: every URL committed exactly once, no host asked twice within the delay", async () => {
    const coordinator = await FleetQueue.open(parseQueueUrl(redis.url));
    const urls: string[] = [];
    for (let h = 0; h < HOSTS; h += 1)
      for (let p = 0; p < PER_HOST; p += 1) urls.push(site.url(h, `/news/${p}`));
    const refusedUrls = [site.url(0, "/private/a"), site.url(0, "/private/b")];
    expect(await coordinator.add([...urls, ...refusedUrls].map((url) => ({ url })))).toBe(
      urls.length + 2,
    );
    // The same URLs again (a second sitemap, a restarted coordinator), one with a fragment: nothing new.
    expect(await coordinator.add([{ url: urls[0] as string }, { url: `${urls[1]}#top` }])).toBe(0);

    const workers = [startWorker(), startWorker(), startWorker()];
    await until("the first commits", () => committed().length >= 15);
    const victim = workers[0] as ChildProcess;
    victim.kill("SIGKILL");
    await exited(victim);
    workers.push(startWorker());
    // Under load the replacement can take seconds to start; the run must not finish without it.
    await until("the replacement's first beat", async () => {
      return (await coordinator.status()).workers.length === 4;
    });

    await until("more commits", () => committed().length >= 50);
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 700));
    await redis.start();

    await coordinator.drained(200);
    await until("every URL", () => committed().length >= urls.length);
    const status = await coordinator.status();
    for (const child of workers.slice(1)) child.kill("SIGTERM");
    await Promise.all(workers.map(exited));
    await coordinator.close();

    // Exactly once: every URL committed, none twice, none of the refused ones.
    const lines = committed();
    expect(lines.length).toBe(urls.length);
    expect([...new Set(lines)].sort()).toEqual([...urls].sort());
    const refused = readFileSync(join(out, "refused.log"), "utf8").split("\n").filter(Boolean);
    expect(refused.sort()).toEqual([...refusedUrls].sort());

    // Polite across all workers, as the site measured it.
    for (const [host, gap] of site.smallestGaps()) {
      expect(gap, host).toBeGreaterThanOrEqual(host === CRAWL_DELAY_HOST ? 600 : DELAY_MS);
    }
    // robots.txt once per host for the whole fleet.
    const robots = site.arrivals.filter((a) => a.path === "/robots.txt").map((a) => a.host);
    expect(robots.sort()).toEqual(Array.from({ length: HOSTS }, (_, i) => siteAddress(i)).sort());
    // The 429 slowed that host (and it alone): the gate recorded it.
    const throttled = status.hosts.filter((h) => h.throttled > 0).map((h) => h.host);
    expect(throttled).toEqual([`${siteAddress(5)}:${site.port}`]);
    expect(status.queue.waiting + status.queue.active + status.queue.delayed).toBe(0);
    expect(status.workers.length).toBe(4);
    expect(existsSync(join(out, "refused.log"))).toBe(true);
    expect(new FleetKeys("vellum").prefix).toBe("vellum:vellum");
  }, 300_000);
});
