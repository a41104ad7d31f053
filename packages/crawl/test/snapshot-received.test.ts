import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  bundleSnapshot,
  type CdxjEntry,
  openZip,
  parseCdxjLine,
  verifyPath,
} from "@vellum/archive";
import { type Clock, countingIds, fixedClock } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SnapshotEvent } from "../src/snapshot/events.js";
import { snapshot } from "../src/snapshot/run.js";
import {
  answer,
  firstThen,
  PUBLIC_NEWS_TEST,
  type ReadRecord,
  readAndVerifyWarcs,
  redirectTo,
  startServer,
  type TestServer,
} from "./snapshot-helpers.js";

// `vellum snapshot` promises every HTTP exchange: the answers it retried and the redirect hops
// of a chain that then failed are exchanges the site served, so they are in the WARC too.

const page = (title: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1>` +
  `<p>${"The council met on Tuesday to discuss the budget for the coming year. ".repeat(8)}</p>` +
  "</article></body></html>";

let server: TestServer;
let out: string;
const fast = {
  allowPrivate: true,
  delayMs: 0,
  retries: 2,
  retryBaseMs: 5,
  retryMaxMs: 50,
  random: () => 0.5,
};

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "vellum-snapshot-received-"));
  const busyOnce = () =>
    firstThen(
      1,
      answer(503, { "Retry-After": "0", "Content-Type": "text/plain" }, "busy, try again"),
      answer(200, { "Content-Type": "text/html; charset=utf-8" }, page("Budget story")),
    );
  server = await startServer({
    "/robots.txt": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("User-agent: *\nAllow: /\n");
    },
    "/busy": busyOnce(),
    "/busy-stepped": busyOnce(),
    "/busy-long": answer(503, { "Retry-After": "30" }, "come back later"),
    "/loop": redirectTo(302, "/loop2"),
    "/loop2": redirectTo(302, "/loop"),
  });
});
afterAll(async () => {
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

const path = (r: ReadRecord) => new URL(r.headers.get("warc-target-uri") ?? "").pathname;
const status = (r: ReadRecord) =>
  Number(/^HTTP\/\S+ (\d{3})/.exec(r.block.toString("latin1"))?.[1]);

async function captureBusy(name: string, urlPath: string, clock: Clock) {
  const dir = join(out, name);
  const report = await snapshot({
    urls: [`${server.origin}${urlPath}`],
    outDir: dir,
    fetch: fast,
    clock,
    ids: countingIds(),
  });
  const wacz = join(out, `${name}.wacz`);
  await bundleSnapshot({
    snapshotDir: dir,
    format: "wacz",
    out: wacz,
    clock,
    ids: countingIds(1000),
    software: "test",
  });
  const zip = await openZip(wacz);
  const text = async (name: string) => {
    const entry = zip.entries.find((e) => e.path === name);
    const chunks: Uint8Array[] = [];
    for await (const chunk of entry?.open() ?? []) chunks.push(chunk);
    return Buffer.concat(chunks).toString("utf8");
  };
  const pages = (await text("pages/pages.jsonl"))
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => JSON.parse(l) as { url: string; ts: string });
  const index = (await text("indexes/index.cdxj"))
    .trim()
    .split("\n")
    .map((l) => parseCdxjLine(l) as CdxjEntry);
  zip.close();
  const verified = await verifyPath(wacz);
  return {
    verified,
    dir,
    report,
    pages,
    index,
    records: await readAndVerifyWarcs(dir, report.warcFiles),
  };
}

describe("an answer retried before the page arrived (503, then 200)", () => {
  let run: Awaited<ReturnType<typeof captureBusy>>;
  beforeAll(async () => {
    run = await captureBusy("busy", "/busy", fixedClock("2026-11-25T10:00:00Z"));
  });

  it("writes both responses and both requests, in order, the 200 last", () => {
    const mine = run.records.filter(
      (r) => (r.type === "response" || r.type === "request") && path(r) === "/busy",
    );
    expect(mine.map((r) => (r.type === "response" ? status(r) : "request"))).toEqual([
      503,
      "request",
      200,
      "request",
    ]);
    expect(mine[0]?.payload?.toString()).toBe("busy, try again");
    expect(mine[2]?.payload?.toString()).toBe(page("Budget story"));
  });

  it("ties the article's metadata records to the 200, and reports two exchanges", () => {
    const ok = run.records.find(
      (r) => r.type === "response" && status(r) === 200 && path(r) === "/busy",
    );
    const metadata = run.records.filter((r) => r.type === "metadata");
    // article.json, article.jsonld and article.md
    expect(metadata).toHaveLength(3);
    for (const m of metadata) {
      expect(m.headers.get("warc-concurrent-to")).toBe(ok?.headers.get("warc-record-id"));
      expect(m.headers.get("warc-refers-to")).toBe(ok?.headers.get("warc-record-id"));
    }
    expect(run.report.urls[0]).toMatchObject({ outcome: "ok", status: 200, exchanges: 2 });
  });

  it("indexes both in the CDXJ, and lists the page once, where replay finds the 200", () => {
    const busy = run.index.filter((e) => e.url === `${server.origin}/busy`);
    expect(busy.map((e) => e.status).sort()).toEqual([200, 503]);
    expect(run.verified).toMatchObject({ ok: true, findings: [] });
    expect(run.pages).toEqual([
      expect.objectContaining({ url: `${server.origin}/busy`, ts: "2026-11-25T10:00:00Z" }),
    ]);
    // Same second: a closest-timestamp replayer (pywb) serves the first line at that time.
    const atPageTime = busy.filter((e) => e.timestamp === "20261125100000");
    expect(atPageTime[0]?.status).toBe(200);
  });
});

describe("an answer retried a second or more before the page arrived", () => {
  let run: Awaited<ReturnType<typeof captureBusy>>;
  beforeAll(async () => {
    // A clock that moves one second per reading, so the 503 and the 200 differ in CDXJ time.
    run = await captureBusy("stepped", "/busy-stepped", fixedClock("2026-11-25T10:00:00Z", 1000));
  });

  it("writes the 503 and the 200 at their own times", () => {
    const responses = run.records.filter(
      (r) => r.type === "response" && path(r) === "/busy-stepped",
    );
    expect(responses.map(status)).toEqual([503, 200]);
    const [first, second] = responses.map((r) => r.headers.get("warc-date") ?? "");
    expect((first ?? "") < (second ?? "")).toBe(true);
  });

  // KNOWN GAP, outside this package: bundleSnapshot's pagesFor (packages/archive/src/bundle.ts)
  // dates a page by the URL's earliest CDXJ line, whatever its status, so pages.jsonl points at
  // the retried 503 and ReplayWeb.page (first capture at or after the page's ts) replays it.
  // When pagesFor takes the page's 2xx capture instead, this starts passing: drop `.fails`.
  it("dates the page's pages.jsonl entry by the 200, not the retried 503", () => {
    const ok = run.index.find((e) => e.url.endsWith("/busy-stepped") && e.status === 200);
    expect(run.pages).toHaveLength(1);
    expect(run.pages[0]?.ts.replace(/[^0-9]/g, "")).toBe(ok?.timestamp);
  });
});

describe("a redirect chain that fails", () => {
  it("archives the hops of a loop, and fails the URL with one clear reason", async () => {
    const dir = join(out, "loop");
    const report = await snapshot({
      urls: [`${server.origin}/loop`],
      outDir: dir,
      fetch: { ...fast, retries: 0 },
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
    });
    expect(report.urls[0]).toMatchObject({
      outcome: "failed",
      status: null,
      redirects: 2,
      exchanges: 2,
      error: { code: "fetch-failed" },
    });
    expect(report.urls[0]?.error?.reason).toMatch(/^Redirect loop: /);
    const records = await readAndVerifyWarcs(dir, report.warcFiles);
    const hops = records.filter((r) => r.type === "response" && path(r) !== "/robots.txt");
    expect(hops.map((r) => [path(r), status(r)])).toEqual([
      ["/loop", 302],
      ["/loop2", 302],
    ]);
    expect(records.filter((r) => r.type === "request" && path(r) !== "/robots.txt")).toHaveLength(
      2,
    );
  });

  it("archives the 3xx that pointed at a private address, and asks nothing of it", async () => {
    const port = new URL(server.origin).port;
    const redirect = await startServer({
      "/go": (_q, res) => {
        res.writeHead(302, { Location: `http://intranet.test:${port}/busy` });
        res.end();
      },
    });
    try {
      const dir = join(out, "guard");
      const before = server.hits.length;
      const report = await snapshot({
        urls: [`http://news.test:${new URL(redirect.origin).port}/go`],
        outDir: dir,
        fetch: {
          ...fast,
          ...PUBLIC_NEWS_TEST,
        },
        clock: fixedClock("2026-11-25T10:00:00Z"),
        ids: countingIds(),
      });
      expect(report.urls[0]).toMatchObject({
        outcome: "failed",
        exchanges: 1,
        error: { code: "private-address" },
      });
      const records = await readAndVerifyWarcs(dir, report.warcFiles);
      const exchanges = records.filter((r) => r.type === "response" || r.type === "request");
      expect(exchanges.map((r) => [r.type, r.headers.get("warc-target-uri")])).toEqual([
        ["response", `http://news.test:${new URL(redirect.origin).port}/go`],
        ["request", `http://news.test:${new URL(redirect.origin).port}/go`],
      ]);
      expect(status(exchanges[0] as ReadRecord)).toBe(302);
      expect(server.hits.length).toBe(before);
    } finally {
      await redirect.close();
    }
  });
});

describe("robots.txt and requisites whose chains fail", () => {
  it("archives their hops too", async () => {
    const site = await startServer({
      "/robots.txt": redirectTo(301, "/robots.txt"),
    });
    const pageWithLoopingStylesheet = `<link rel="stylesheet" href="${server.origin}/loop">`;
    const styled = await startServer({
      "/robots.txt": (_q, res) => {
        res.writeHead(404);
        res.end();
      },
      "/styled": (_q, res) => {
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end(page("Styled").replace("</head>", `${pageWithLoopingStylesheet}</head>`));
      },
    });
    try {
      const dir = join(out, "robots-requisites");
      const report = await snapshot({
        urls: [`${site.origin}/story`, `${styled.origin}/styled`],
        outDir: dir,
        fetch: fast,
        requisites: true,
        clock: fixedClock("2026-11-25T10:00:00Z"),
        ids: countingIds(),
      });
      // A robots.txt that loops is unreachable: the site is not crawled (RFC 9309 §2.3.1.4), and
      // the report says so rather than claiming a rule forbids the page.
      expect(report.urls[0]?.error).toMatchObject({
        code: "robots-unreachable",
        reason: expect.stringContaining("robots.txt could not be read: Redirect loop"),
      });
      expect(report.urls[1]).toMatchObject({
        outcome: "ok",
        requisites: { captured: 0, failed: 1 },
      });
      const records = await readAndVerifyWarcs(dir, report.warcFiles);
      const responses = records
        .filter((r) => r.type === "response")
        .map((r) => r.headers.get("warc-target-uri"));
      expect(responses).toEqual(
        expect.arrayContaining([
          `${site.origin}/robots.txt`,
          `${server.origin}/loop`,
          `${server.origin}/loop2`,
        ]),
      );
    } finally {
      await site.close();
      await styled.close();
    }
  });
});

describe("stopped (Ctrl-C) while waiting to retry", () => {
  it("archives the answer received and reports the URL not done", async () => {
    const dir = join(out, "stopped");
    const controller = new AbortController();
    const events: SnapshotEvent[] = [];
    const report = await snapshot({
      urls: [`${server.origin}/busy-long`],
      outDir: dir,
      fetch: { ...fast, retryMaxMs: 60_000 },
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
      signal: controller.signal,
      onEvent: (e) => {
        events.push(e);
        if (e.event === "retry") setTimeout(() => controller.abort(), 20);
      },
    });
    expect(report.interrupted).toBe(true);
    expect(report.urls[0]).toMatchObject({
      outcome: "not-done",
      exchanges: 1,
      error: { code: "interrupted" },
    });
    const records = await readAndVerifyWarcs(dir, report.warcFiles);
    const responses = records.filter((r) => r.type === "response" && path(r) === "/busy-long");
    expect(responses.map(status)).toEqual([503]);
  });
});
