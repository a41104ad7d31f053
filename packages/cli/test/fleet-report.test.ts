import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { SnapshotReport } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RedisServer } from "../../queue/test/redis.js";
import { LoopbackSite, siteAddress } from "../../queue/test/site.js";
import { startVellum } from "./fleet-processes.js";

// A fleet run leaves the report.json an embedded `vellum snapshot` leaves: every URL with its
// outcome and exchanges, merged from the workers' parts, also when the coordinator is stopped.

let redis: RedisServer;
let site: LoopbackSite;
let work: string;
const children: ChildProcess[] = [];

const vellum = (args: readonly string[]) => startVellum(args, children);

async function until(what: string, check: () => boolean, ms = 120_000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const readReport = (dir: string) =>
  JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as SnapshotReport;

beforeAll(async () => {
  redis = await RedisServer.start();
  site = new LoopbackSite({
    hosts: 3,
    robots: (host) =>
      host === siteAddress(0) ? "User-agent: *\nDisallow: /private\n" : "User-agent: *\nAllow: /\n",
  });
  await site.start();
  work = mkdtempSync(join(tmpdir(), "vellum-fleet-report-"));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await site.stop();
  await redis.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("report.json of a fleet run", () => {
  test("the coordinator writes it from the workers' parts when the fleet is done", async () => {
    const queue = `redis://127.0.0.1:${redis.port}/0`;
    const out = join(work, "done");
    const urls: string[] = [];
    for (let h = 0; h < 3; h += 1) for (let p = 0; p < 3; p += 1) urls.push(site.url(h, `/a/${p}`));
    const refused = site.url(0, "/private/x");
    const worker = vellum(["worker", "--queue", queue, "--out", out, "--lease", "3"]);
    const coordinator = vellum([
      ...["snapshot", "--queue", queue, "--out", out, "--allow-private", "--delay", "0"],
      ...urls,
      refused,
    ]);
    expect(await coordinator.exit, coordinator.stderr).toBe(1); // one URL refused by robots.txt
    worker.child.kill("SIGTERM");
    await worker.exit;

    const report = readReport(out);
    expect(report.interrupted).toBe(false);
    expect(report.robots).toBe("obey");
    expect(report.counts).toEqual({ total: 10, ok: 9, failed: 1, notDone: 0 });
    expect(report.urls.map((u) => u.url)).toEqual([...urls, refused]);
    for (const u of report.urls.slice(0, 9)) {
      expect(u).toMatchObject({ outcome: "ok", status: 200, exchanges: 1, finalUrl: u.url });
      expect(u.articleDir).toMatch(/^parts\/[^/]+\/articles\//);
      expect(existsSync(join(out, u.articleDir as string, "article.json"))).toBe(true);
    }
    expect(report.urls[9]).toMatchObject({
      outcome: "failed",
      error: { code: "robots-disallowed" },
    });
    expect(report.run).toMatchObject({
      captured: 9,
      failed: 1,
      failedBy: { "robots-disallowed": 1 },
    });
    // Sealed files only (the worker was still writing its own): each one there.
    for (const f of report.warcFiles) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readdirSync(out).filter((n) => n.endsWith(".tmp"))).toEqual([]);
  }, 180_000);

  test("Ctrl-C of the coordinator writes it too, the URLs not captured yet as not done", async () => {
    const queue = `redis://127.0.0.1:${redis.port}/1`;
    const out = join(work, "stopped");
    const urls = [site.url(1, "/b/1"), site.url(2, "/b/2")];
    // No worker runs: the coordinator queues the URLs and waits, then is stopped.
    const coordinator = vellum([
      ...["snapshot", "--queue", queue, "--out", out, "--allow-private", ...urls],
    ]);
    await until("the URLs queued", () => coordinator.stdout.includes("queued 2 URLs"));
    coordinator.child.kill("SIGINT");
    expect(await coordinator.exit, coordinator.stderr).toBe(130);
    const report = readReport(out);
    expect(report.interrupted).toBe(true);
    expect(report.counts).toEqual({ total: 2, ok: 0, failed: 0, notDone: 2 });
    expect(report.urls.map((u) => [u.url, u.outcome, u.error?.code])).toEqual(
      urls.map((url) => [url, "not-done", "interrupted"]),
    );
  }, 120_000);
});
