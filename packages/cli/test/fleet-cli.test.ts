import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { collectionParts, openPart } from "@vellum/crawl";
import { FleetQueue, parseQueueUrl } from "@vellum/queue";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RedisServer } from "../../queue/test/redis.js";
import { LoopbackSite, siteAddress } from "../../queue/test/site.js";
import { committedPerUrl, startVellum, type VellumProcess } from "./fleet-processes.js";

// `vellum snapshot --queue` and `vellum worker` as real processes, with a real redis-server,
// against a loopback site on many addresses: a worker killed with SIGKILL, one stopped with
// SIGTERM, one with --max-jobs. Every URL must end captured exactly once across the parts.

const HOSTS = 10;
const DELAY_S = 0.25;
const LEASE_S = "3";

let redis: RedisServer;
let site: LoopbackSite;
let work: string;
const children: ChildProcess[] = [];

const vellum = (args: readonly string[]) => startVellum(args, children);

function worker(queue: string, out: string, ...more: string[]): VellumProcess {
  return vellum(["worker", "--queue", queue, "--out", out, "--lease", LEASE_S, "--json", ...more]);
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 180_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const pagesRequested = () => site.arrivals.filter((a) => a.path !== "/robots.txt").length;

beforeAll(async () => {
  redis = await RedisServer.start();
  site = new LoopbackSite({
    hosts: HOSTS,
    latencyMs: 60,
    robots: (host) =>
      host === siteAddress(0) ? "User-agent: *\nDisallow: /private\n" : "User-agent: *\nAllow: /\n",
    // A page of host 1 moved to host 2: the hop to host 2 must wait for host 2's slot.
    redirect: (host, path) =>
      host === siteAddress(1) && path.startsWith("/moved/")
        ? `${site.url(2, path.replace("/moved/", "/landing/"))}`
        : null,
  });
  await site.start();
  work = mkdtempSync(join(tmpdir(), "vellum-fleet-cli-"));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await site.stop();
  await redis.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("a fleet of vellum worker processes", () => {
  test("kill -9 of a worker and of Redis mid-run: every URL captured exactly once across the parts, cross-host redirects polite, the bundle verifies", async () => {
    const queue = `redis://127.0.0.1:${redis.port}/0`;
    const out = join(work, "snap");
    const urls: string[] = [];
    for (let h = 0; h < HOSTS; h += 1)
      for (let p = 0; p < 12; p += 1) urls.push(site.url(h, `/news/${p}`));
    for (let p = 0; p < 4; p += 1) urls.push(site.url(1, `/moved/${p}`));
    const refused = [site.url(0, "/private/a")];
    const list = join(work, "urls.txt");
    writeFileSync(list, `${[...urls, ...refused].join("\n")}\n`);

    const workers = [worker(queue, out), worker(queue, out), worker(queue, out)];
    const coordinator = vellum([
      ...["snapshot", "--queue", queue, "--out", out, "--input", list],
      ...["--allow-private", "--delay", String(DELAY_S), "--retries", "0", "--bundle", "wacz"],
    ]);
    await until("the first pages", () => pagesRequested() >= 25);
    const victim = workers[0] as VellumProcess;
    const killedAt = performance.timeOrigin + performance.now();
    victim.child.kill("SIGKILL");
    await victim.exit;
    workers.push(worker(queue, out));
    // Redis itself killed and restarted mid-run (AOF on): workers and coordinator wait and go on.
    await until("more pages", () => pagesRequested() >= 50);
    await redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 700));
    await redis.start();

    const done = await Promise.race([
      coordinator.exit,
      new Promise<never>((_, reject) =>
        setTimeout(
          () =>
            reject(
              new Error(
                `the coordinator did not finish:\n${coordinator.stderr.slice(-1500)}\n${workers.map((w) => w.stdout.slice(-800) + w.stderr.slice(-800)).join("\n---\n")}`,
              ),
            ),
          150_000,
        ),
      ),
    ]);
    expect(done, coordinator.stderr).toBe(1); // one URL refused by robots.txt
    expect(coordinator.stdout).toMatch(/wrote wacz .*snap\.wacz/);
    for (const w of workers.slice(1)) w.child.kill("SIGTERM");
    const stopped = await Promise.all(workers.slice(1).map((w) => w.exit));
    expect(stopped).toEqual([0, 0, 0]);

    // Exactly once across the parts: every URL committed once, the refused one as failed.
    const counts = committedPerUrl(out);
    expect([...counts.keys()].sort()).toEqual([...urls, ...refused].sort());
    expect(
      [...counts.values()].every((n) => n === 1),
      JSON.stringify([...counts]),
    ).toBe(true);
    expect(collectionParts(out).length).toBeGreaterThanOrEqual(5); // coordinator + 4 workers

    // Polite across all workers, the redirect hops to host 2 included, as the site measured it.
    for (const [host, gap] of site.smallestGaps()) {
      expect(gap, host).toBeGreaterThanOrEqual(DELAY_S * 1000 - 5);
    }
    // Each moved page's landing reached; twice only when the first try was the killed worker's
    // (it died before committing, so the page was captured again, redirect and all).
    const landings = site.arrivals.filter((a) => a.path.startsWith("/landing/"));
    expect(new Set(landings.map((a) => a.path)).size).toBe(4);
    for (const path of new Set(landings.map((a) => a.path))) {
      const times = landings.filter((a) => a.path === path).map((a) => a.at);
      if (times.length > 1) expect(Math.min(...times), path).toBeLessThan(killedAt);
    }

    // status and bundle read the parts as one collection.
    const status = vellum(["status", out, "--json"]);
    await status.exit;
    const s = JSON.parse(status.stdout);
    expect(s.pages).toMatchObject({ total: urls.length + 1, done: urls.length, failed: 1 });
    expect(s.failedBy).toEqual({ "robots-disallowed": 1 });
    const verify = vellum(["verify", join(work, "snap.wacz")]);
    expect(await verify.exit, verify.stdout + verify.stderr).toBe(0);

    // status --queue: the killed worker is lost (not running), with when it was last seen; the
    // ones stopped with SIGTERM are stopped; none of the dead one's URLs is left behind.
    const victimId = victim.stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { event?: string; worker?: string })
      .find((e) => e.event === "start")?.worker;
    const fleetStatus = async () => {
      const p = vellum(["status", "--queue", queue, "--json"]);
      await p.exit;
      return JSON.parse(p.stdout) as {
        workers: {
          id: string;
          state: string;
          live: boolean;
          lastSeen: string;
          lostJobs: unknown;
        }[];
        queue: { stalled: number };
      };
    };
    // Its heartbeat key expires on Redis's clock, LIVE_MS after its last beat.
    await until(
      "the killed worker taken for lost",
      async () => (await fleetStatus()).workers.find((w) => w.id === victimId)?.state === "lost",
    );
    const q = await fleetStatus();
    expect(q.workers.find((w) => w.id === victimId)).toMatchObject({
      state: "lost",
      live: false,
      lostJobs: { stalled: 0, requeued: 0 },
    });
    expect(q.workers.filter((w) => w.id !== victimId).map((w) => w.state)).toEqual([
      "stopped",
      "stopped",
      "stopped",
    ]);
    expect(q.queue.stalled).toBe(0);
    const text = vellum(["status", "--queue", queue]);
    await text.exit;
    expect(text.stdout).toContain(`${victimId} lost, last seen `);
    expect(text.stdout).toMatch(/workers: 0 live of 4 \(1 lost/);
  }, 300_000);

  test("--max-jobs stops a worker after that many URLs, --max-memory above its limit; SIGTERM finishes the URLs in flight and leaves the rest queued", async () => {
    const queue = `redis://127.0.0.1:${redis.port}/1`;
    const out = join(work, "second");
    const urls: string[] = [];
    for (let h = 3; h < 6; h += 1)
      for (let p = 0; p < 12; p += 1) urls.push(site.url(h, `/second/${p}`));
    const coordinator = vellum([
      ...["snapshot", "--queue", queue, "--out", out, "--no-wait", "--allow-private"],
      ...["--delay", "0.3", ...urls],
    ]);
    expect(await coordinator.exit, coordinator.stderr).toBe(0);

    const limited = worker(queue, out, "--max-jobs", "5", "--concurrency", "3");
    expect(await limited.exit, limited.stderr).toBe(0);
    expect(limited.stdout).toMatch(/"why":"max-jobs"/);
    expect([...committedPerUrl(out).values()].reduce((a, b) => a + b, 0)).toBe(5);

    // Above its memory limit (1 MB: at once), a worker stops the same clean way.
    const heavy = worker(queue, out, "--max-memory", "1");
    expect(await heavy.exit, heavy.stderr).toBe(0);
    expect(heavy.stdout).toMatch(/"why":"max-memory"/);

    const stopped = worker(queue, out, "--concurrency", "3");
    await until("its first capture", () => stopped.stdout.includes('"outcome":"done"'));
    stopped.child.kill("SIGTERM");
    expect(await stopped.exit, stopped.stderr).toBe(0);
    // Nothing was left half-done in its part, and URLs are left on the queue.
    for (const part of collectionParts(out)) {
      const collection = openPart(part);
      try {
        expect(collection.countUrls().fetching, part).toBe(0);
      } finally {
        collection.close();
      }
    }
    const fleet = await FleetQueue.open(parseQueueUrl(queue));
    const left = (await fleet.status()).queue;
    await fleet.close();
    expect(left.waiting + left.delayed).toBeGreaterThan(0);
    expect(committedPerUrl(out).size).toBeLessThan(urls.length);

    const last = worker(queue, out, "--concurrency", "3");
    await until("every URL", () => committedPerUrl(out).size >= urls.length);
    last.child.kill("SIGTERM");
    await last.exit;
    const counts = committedPerUrl(out);
    expect([...counts.keys()].sort()).toEqual([...urls].sort());
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  }, 300_000);
});
