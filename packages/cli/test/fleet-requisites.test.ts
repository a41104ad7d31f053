import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { gunzipSync } from "node:zlib";
import { collectionParts } from "@vellum/crawl";
import type { SnapshotReport } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { RedisServer } from "../../queue/test/redis.js";
import { LoopbackSite, siteAddress } from "../../queue/test/site.js";
import { committedPerUrl, startVellum } from "./fleet-processes.js";

// `vellum snapshot --queue … --requisites`: the worker that captures a page queues the images,
// stylesheets and fonts it uses as jobs of their own, and what a stylesheet uses in turn. A URL
// many pages use is captured once for the fleet; every request waits for its host's slot.

const PAGE_HOSTS = 3;
const PAGES_PER_HOST = 4;
/** The host serving what every page uses (a CDN). */
const ASSETS = PAGE_HOSTS;
const DELAY_S = 0.1;

let redis: RedisServer;
let site: LoopbackSite;
let work: string;
const children: ChildProcess[] = [];

const vellum = (args: readonly string[]) => startVellum(args, children);

const page = (host: string, path: string) =>
  `<!doctype html><html><head><title>${path}</title>
<link rel="stylesheet" href="${site.url(ASSETS, "/site.css")}"></head>
<body><article><h1>Story ${path}</h1>
<img src="${site.url(ASSETS, "/logo.png")}" alt="">
<img src="${path}.jpg" alt="">
${host === siteAddress(0) && path === "/news/0" ? '<img src="/missing.png" alt="">' : ""}
<p>${"A paragraph of the story, long enough to be taken for an article's text. ".repeat(4)}</p>
</article></body></html>`;

beforeAll(async () => {
  redis = await RedisServer.start();
  site = new LoopbackSite({
    hosts: PAGE_HOSTS + 1,
    status: (_host, path) => (path === "/missing.png" ? 404 : 200),
    body: (host, path) =>
      path.startsWith("/news/") && !path.endsWith(".jpg")
        ? { type: "text/html; charset=utf-8", body: page(host, path) }
        : path === "/site.css"
          ? {
              type: "text/css",
              body: '@import url("base.css");\nbody { background: url(bg.png) }\n',
            }
          : path.endsWith(".css")
            ? { type: "text/css", body: "p { margin: 0 }\n" }
            : { type: "image/png", body: "\x89PNG\r\n\x1a\n" },
  });
  await site.start();
  work = mkdtempSync(join(tmpdir(), "vellum-fleet-requisites-"));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await site.stop();
  await redis.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("a fleet capturing requisites", () => {
  test("every page's images and stylesheets (and what those use) captured once across the workers, politely, counted in the report; the articles read on either thread", async () => {
    const queue = `redis://127.0.0.1:${redis.port}/0`;
    const out = join(work, "snap");
    const pages: string[] = [];
    for (let h = 0; h < PAGE_HOSTS; h += 1)
      for (let p = 0; p < PAGES_PER_HOST; p += 1) pages.push(site.url(h, `/news/${p}`));
    const args = ["--queue", queue, "--out", out, "--json", "--lease", "5"];
    // One worker extracts on its own thread, the other on a worker thread.
    const workers = [
      vellum(["worker", ...args, "--extract-workers", "0"]),
      vellum(["worker", ...args, "--extract-workers", "1"]),
    ];
    const coordinator = vellum([
      ...["snapshot", "--queue", queue, "--out", out, "--requisites", "--allow-private"],
      ...["--delay", String(DELAY_S), "--retries", "0", "--operator", "Fleet Test Archive"],
      ...pages,
    ]);
    expect(await coordinator.exit, coordinator.stderr).toBe(0);
    for (const w of workers) w.child.kill("SIGTERM");
    expect(await Promise.all(workers.map((w) => w.exit))).toEqual([0, 0]);

    const assets = ["/logo.png", "/site.css", "/base.css", "/bg.png"].map((p) =>
      site.url(ASSETS, p),
    );
    const own = pages.map((p) => `${p}.jpg`);
    const missing = site.url(0, "/missing.png");
    const counts = committedPerUrl(out);
    expect([...counts.keys()].sort()).toEqual([...pages, ...own, ...assets, missing].sort());
    expect(
      [...counts.values()].every((n) => n === 1),
      JSON.stringify([...counts]),
    ).toBe(true);
    // Each URL fetched once, the shared ones too, and every host kept to the delay.
    const fetched = site.arrivals.filter((a) => a.path !== "/robots.txt");
    expect(fetched.length).toBe(counts.size);
    for (const [host, gap] of site.smallestGaps())
      expect(gap, host).toBeGreaterThanOrEqual(DELAY_S * 1000 - 5);

    // The coordinator's --operator is in every worker's warcinfo.
    const workerWarcs = collectionParts(out)
      .filter((part) => part.includes(`${sep}parts${sep}`))
      .flatMap((part) =>
        readdirSync(part)
          .filter((name) => name.endsWith(".warc.gz"))
          .map((name) => join(part, name)),
      );
    expect(workerWarcs.length).toBeGreaterThanOrEqual(2);
    for (const warc of workerWarcs)
      expect(gunzipSync(readFileSync(warc)).toString("latin1"), warc).toContain(
        "operator: Fleet Test Archive\r\n",
      );

    // status reads the parts as one: requisites done, the 404 failed.
    const status = vellum(["status", out, "--json"]);
    await status.exit;
    const s = JSON.parse(status.stdout);
    expect(s.pages).toMatchObject({ total: pages.length, done: pages.length });
    expect(s.urls).toMatchObject({
      total: counts.size,
      done: counts.size - 1,
      failed: 1,
      queued: 0,
      fetching: 0,
    });

    // report.json: each page's requisites as its worker queued them, captured in any part.
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as SnapshotReport;
    expect(report.urls.map((u) => u.url).sort()).toEqual([...pages].sort());
    for (const u of report.urls) {
      expect(u.outcome, u.url).toBe("ok");
      const article = JSON.parse(
        readFileSync(join(out, u.articleDir ?? "", "article.json"), "utf8"),
      ) as { headline: string };
      expect(article.headline).toBe(`Story ${new URL(u.url).pathname}`);
      // Its own image at least; the shared ones under the first page of each worker to use them.
      expect(u.requisites.captured, u.url).toBeGreaterThanOrEqual(1);
      expect(u.requisites.failed, u.url).toBe(u.url === site.url(0, "/news/0") ? 1 : 0);
    }
  }, 180_000);
});
