import type { ChildProcess } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, sep } from "node:path";
import { parseDerivedUri } from "@vellum/archive";
import { collectionParts } from "@vellum/crawl";
import type { SnapshotReport } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { commandLine, descendants, whenGone } from "../../../scripts/lib/processes.js";
import { records } from "../../browser/test/record.js";
import { RedisServer } from "../../queue/test/redis.js";
import { LoopbackSite } from "../../queue/test/site.js";
import { committedPerUrl, startVellum } from "./fleet-processes.js";

// `vellum snapshot --queue … --browser` with two `vellum worker` processes, each running one
// Chromium: every page rendered once for the fleet, every request its page makes (a stylesheet,
// what the stylesheet loads, a script, the JSON the script fetches) recorded, and each through
// the fleet's gate, so no host sees two requests closer than --delay across both workers.

const HOSTS = 3;
const PAGES_PER_HOST = 2;
/** Longer than the quiet time that counts as loaded (500 ms): a request waiting its turn must hold the page. */
const DELAY_S = 0.6;

let redis: RedisServer;
let site: LoopbackSite;
let work: string;
const children: ChildProcess[] = [];

const vellum = (args: readonly string[]) => startVellum(args, children);

const words = "A paragraph of the story, long enough to be taken for an article's text. ";
const inserted = (path: string) => `Inserted by the page's script for ${path}.`;

beforeAll(async () => {
  redis = await RedisServer.start();
  site = new LoopbackSite({
    hosts: HOSTS,
    body: (_host, path) => {
      if (path.startsWith("/news/"))
        return {
          type: "text/html; charset=utf-8",
          body: `<!doctype html><html><head><title>${path}</title>
<link rel="stylesheet" href="/site.css"></head>
<body><article><h1>Story ${path}</h1><p>${words.repeat(4)}</p><div id="more"></div></article>
<script src="/app.js"></script></body></html>`,
        };
      if (path === "/site.css")
        return { type: "text/css", body: "body { background: url(bg.png) }\n" };
      if (path === "/app.js")
        return {
          type: "text/javascript",
          body: "fetch('/data' + location.pathname + '.json').then((r) => r.json()).then((d) => { document.getElementById('more').innerHTML = '<p>' + d.text + '</p>'; });\n",
        };
      if (path.startsWith("/data/"))
        return {
          type: "application/json",
          body: JSON.stringify({ text: inserted(path.slice(5, -5)) + words.repeat(3) }),
        };
      if (path === "/bg.png") return { type: "image/png", body: "\x89PNG\r\n\x1a\n" };
      return null;
    },
  });
  await site.start();
  work = mkdtempSync(join(tmpdir(), "vellum-fleet-browser-"));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  await site.stop();
  await redis.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("a fleet capturing in Chromium", () => {
  test("two workers: each page rendered once, what it loads recorded, the articles read from the rendered pages, every host kept to the delay across both", async () => {
    const queue = `redis://127.0.0.1:${redis.port}/0`;
    const out = join(work, "snap");
    const pages: string[] = [];
    for (let h = 0; h < HOSTS; h += 1)
      for (let p = 0; p < PAGES_PER_HOST; p += 1) pages.push(site.url(h, `/news/${p}`));
    const args = ["--queue", queue, "--out", out, "--json", "--lease", "5"];
    const coordinator = vellum([
      ...["snapshot", "--queue", queue, "--out", out, "--browser", "--allow-private"],
      ...["--delay", String(DELAY_S), "--retries", "0", "--screenshot", "viewport", "--pdf"],
      ...pages,
    ]);
    // A worker whose machine has no Chromium stops at once, before it writes or takes anything.
    const without = vellum(["worker", ...args, "--chromium", join(work, "no-chromium")]);
    expect(await without.exit, without.stderr).toBe(13);
    expect(without.stderr).toContain("Chromium is not installed");
    const workers = [vellum(["worker", ...args]), vellum(["worker", ...args])];
    expect(await coordinator.exit, coordinator.stderr).toBe(0);
    // Each worker runs one Chromium for all its pages (its renderers are processes of that one),
    // and closes it when it stops.
    const chromium: number[] = [];
    for (const w of workers) {
      const below = await descendants(w.child.pid as number);
      const named = await Promise.all(
        below.map(async (pid) => [pid, await commandLine(pid)] as const),
      );
      const ours = named.filter(([, cmd]) => /chrom/i.test(cmd));
      expect(ours.filter(([, cmd]) => !cmd.includes("--type=")).length, w.stderr).toBe(1);
      chromium.push(...ours.map(([pid]) => pid));
      expect(w.stdout.split("\n").filter((line) => line.includes('"event":"browser"')).length).toBe(
        1,
      );
    }
    for (const w of workers) w.child.kill("SIGTERM");
    expect(await Promise.all(workers.map((w) => w.exit))).toEqual([0, 0]);
    expect(await whenGone(chromium, 15_000)).toEqual([]);

    // Every page committed once across the parts, and requested once from its host.
    const counts = committedPerUrl(out);
    expect([...counts.keys()].sort()).toEqual([...pages].sort());
    expect(
      [...counts.values()].every((n) => n === 1),
      JSON.stringify([...counts]),
    ).toBe(true);
    // Both workers rendered pages: the delay below held across them.
    const parts = collectionParts(out).filter((part) => part.includes(`${sep}parts${sep}`));
    expect(parts.length).toBe(2);
    for (const part of parts) expect(committedPerUrl(part).size, part).toBeGreaterThan(0);
    for (const page of pages) {
      const { hostname, pathname } = new URL(page);
      expect(
        site.arrivals.filter((a) => a.host === hostname && a.path === pathname).length,
        page,
      ).toBe(1);
    }
    // Every host kept to the delay, across both workers (robots.txt, pages and what they load).
    for (const [host, gap] of site.smallestGaps())
      expect(gap, host).toBeGreaterThanOrEqual(DELAY_S * 1000 - 5);

    // Each page's records: its response, what it loaded (its own JSON too), what it showed.
    const warcs = collectionParts(out).flatMap((part) =>
      readdirSync(part)
        .filter((name) => name.endsWith(".warc.gz"))
        .map((name) => join(part, name)),
    );
    const all = await records("/", warcs);
    const targets = (type: string) =>
      new Set(
        all.filter((r) => r.type === type).map((r) => r.headers.get("warc-target-uri") ?? ""),
      );
    const captured = new Set([...targets("response"), ...targets("revisit")]);
    for (const page of pages) {
      const { origin, pathname } = new URL(page);
      for (const url of [
        page,
        `${origin}/site.css`,
        `${origin}/bg.png`,
        `${origin}/app.js`,
        `${origin}/data${pathname}.json`,
      ])
        expect(captured.has(url), url).toBe(true);
    }
    const shown = [...targets("resource")].map((u) => parseDerivedUri(u));
    // --pdf reached the workers with the run's settings.
    for (const page of pages)
      for (const kind of ["screenshot", "thumbnail", "dom", "pdf"])
        expect(
          shown.some((d) => d?.kind === kind && d.pageUrl === page),
          `${kind} of ${page}`,
        ).toBe(true);

    // report.json: each page ok, its article read from the DOM its script filled in.
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8")) as SnapshotReport;
    expect(report.urls.map((u) => u.url).sort()).toEqual([...pages].sort());
    for (const u of report.urls) {
      expect(u.outcome, u.url).toBe("ok");
      const article = JSON.parse(
        readFileSync(join(out, u.articleDir ?? "", "article.json"), "utf8"),
      ) as { extractedFrom: string; body: { text: string } };
      expect(article.extractedFrom).toBe("rendered-dom");
      expect(article.body.text).toContain(inserted(new URL(u.url).pathname));
    }
  }, 240_000);
});
