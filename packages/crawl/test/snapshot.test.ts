import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countingIds, fixedClock, type SnapshotReport } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SnapshotEvent } from "../src/snapshot/events.js";
import { snapshot } from "../src/snapshot/run.js";
import {
  PUBLIC_NEWS_TEST,
  readAndVerifyWarcs,
  startServer,
  type TestServer,
} from "./snapshot-helpers.js";
import { fast, gzipped, page, snapshotSite } from "./snapshot-site.js";

let server: TestServer;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "vellum-snapshot-"));
  server = await startServer(snapshotSite());
});
afterAll(async () => {
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

function byUrl(report: SnapshotReport, path: string) {
  const found = report.urls.find((u) => u.url === `${server.origin}${path}`);
  if (found === undefined) throw new Error(`no report for ${path}`);
  return found;
}

describe("snapshot()", () => {
  let report: SnapshotReport;
  let dir: string;
  const events: SnapshotEvent[] = [];

  beforeAll(async () => {
    dir = join(out, "mixed");
    const paths = [
      "/story",
      "/gzip",
      "/chunked",
      "/old",
      "/loop",
      "/broken",
      "/missing",
      "/data.json",
      "/members/secret",
      "/stall",
      "/reset",
      "/huge",
      "/cyrillic",
    ];
    report = await snapshot({
      urls: paths.map((p) => `${server.origin}${p}`),
      outDir: dir,
      fetch: { ...fast, maxBytes: 10_000 },
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
      operator: "Test Archive",
      onEvent: (e) => events.push(e),
    });
  });

  it("reports each URL with its outcome and reason, and never lets one failure stop the rest", () => {
    expect(report.counts).toEqual({ total: 13, ok: 7, failed: 6, notDone: 0 });
    expect(byUrl(report, "/story")).toMatchObject({
      outcome: "ok",
      status: 200,
      articleDir: `articles/127-0-0-1-${new URL(server.origin).port}-story`,
    });
    expect(byUrl(report, "/old")).toMatchObject({
      outcome: "ok",
      redirects: 2,
      finalUrl: `${server.origin}/story`,
    });
    expect(byUrl(report, "/loop").error).toMatchObject({ code: "fetch-failed" });
    expect(byUrl(report, "/loop").error?.reason).toMatch(/Redirect loop/);
    expect(byUrl(report, "/broken")).toMatchObject({
      outcome: "failed",
      status: 500,
      error: { code: "http-status" },
    });
    expect(byUrl(report, "/missing")).toMatchObject({
      outcome: "failed",
      status: 404,
      error: { code: "http-status" },
    });
    expect(byUrl(report, "/data.json")).toMatchObject({ outcome: "ok", articleDir: null });
    expect(byUrl(report, "/data.json").notes[0]).toMatch(/not HTML/);
    expect(byUrl(report, "/members/secret").error?.code).toBe("robots-disallowed");
    expect(byUrl(report, "/stall").error?.code).toBe("fetch-timeout");
    expect(byUrl(report, "/reset").error?.code).toBe("fetch-failed");
    expect(byUrl(report, "/huge")).toMatchObject({
      outcome: "ok",
      truncated: "length",
      bytes: 10_000,
    });
    expect(byUrl(report, "/huge").notes[0]).toMatch(/truncated/);
  });

  it("writes report.json, the article files, and emits events", () => {
    const onDisk = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(report)));
    const articleDir = join(dir, byUrl(report, "/gzip").articleDir as string);
    expect(JSON.parse(readFileSync(join(articleDir, "article.json"), "utf8")).headline).toBe(
      "Gzipped story",
    );
    expect(JSON.parse(readFileSync(join(articleDir, "article.jsonld"), "utf8"))).toHaveProperty(
      "@graph",
    );
    expect(readFileSync(join(articleDir, "article.md"), "utf8")).toContain("The council met");
    expect(events[0]).toMatchObject({ event: "start", total: 13 });
    expect(events.filter((e) => e.event === "page")).toHaveLength(13);
    expect(events.at(-1)).toMatchObject({ event: "done" });
  });

  it("decodes a legacy-encoded page through its charset", () => {
    const articleDir = join(dir, byUrl(report, "/cyrillic").articleDir as string);
    const article = JSON.parse(readFileSync(join(articleDir, "article.json"), "utf8"));
    expect(article.headline).toBe("Новости дня: погода в Москве");
  });

  it("writes WARC 1.1 whose records all verify", async () => {
    const records = await readAndVerifyWarcs(dir, report.warcFiles);
    const info = records[0];
    expect(info?.type).toBe("warcinfo");
    const fields = info?.block.toString() ?? "";
    expect(fields).toContain("robots: obey");
    expect(fields).toContain("operator: Test Archive");
    expect(fields).toContain("format: WARC File Format 1.1");
    const responses = records.filter((r) => r.type === "response");
    const uris = responses.map((r) => new URL(r.headers.get("warc-target-uri") ?? "").pathname);
    expect(uris).toEqual(
      expect.arrayContaining(["/robots.txt", "/old", "/older", "/story", "/broken", "/huge"]),
    );
    // The payload keeps the content coding: the gzip bytes as served.
    const gzipRecord = responses.find((r) => r.headers.get("warc-target-uri")?.endsWith("/gzip"));
    expect(gzipRecord?.payload).toEqual(gzipped);
    // Chunked transfer coding is removed from the payload.
    const chunked = responses.find((r) => r.headers.get("warc-target-uri")?.endsWith("/chunked"));
    expect(chunked?.payload?.toString()).toBe(page("Chunked story"));
    const huge = responses.find((r) => r.headers.get("warc-target-uri")?.endsWith("/huge"));
    expect(huge?.headers.get("warc-truncated")).toBe("length");
    expect(responses.every((r) => r.headers.get("warc-ip-address") === "127.0.0.1")).toBe(true);
    // A stalled or reset body is not archived as if it were whole.
    expect(uris).not.toContain("/stall");
    expect(uris).not.toContain("/reset");
    const metadata = records.filter((r) => r.type === "metadata");
    // article.json, article.jsonld and article.md for each of the 6 pages.
    expect(metadata).toHaveLength(3 * 6);
    // /old ends at /story, captured on its own too: that final answer is a revisit of it.
    const finals = records.filter((r) => r.type === "response" || r.type === "revisit");
    expect(
      records.filter((r) => r.type === "revisit").map((r) => r.headers.get("warc-target-uri")),
    ).toEqual([`${server.origin}/story`]);
    const ids = new Set(finals.map((r) => r.headers.get("warc-record-id")));
    expect(metadata.every((m) => ids.has(m.headers.get("warc-concurrent-to") ?? ""))).toBe(true);
    expect(metadata.map((m) => m.headers.get("content-type"))).toContain("application/ld+json");
  });
});

describe("snapshot() with --requisites", () => {
  it("captures images, stylesheets (and what they import), icons, scripts and fonts", async () => {
    const dir = join(out, "requisites");
    const report = await snapshot({
      urls: [`${server.origin}/styled`],
      outDir: dir,
      fetch: fast,
      requisites: true,
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
    });
    expect(report.urls[0]).toMatchObject({ outcome: "ok", requisites: { captured: 8, failed: 1 } });
    const records = await readAndVerifyWarcs(dir, report.warcFiles);
    const paths = records
      .filter((r) => r.type === "response")
      .map((r) => new URL(r.headers.get("warc-target-uri") ?? "").pathname);
    for (const p of [
      "/site.css",
      "/extra.css",
      "/bg.png",
      "/f.woff2",
      "/favicon.ico",
      "/app.js",
      "/lead.jpg",
      "/lead-2x.jpg",
      "/missing.png",
    ]) {
      expect(paths).toContain(p);
    }
  });
});

describe("snapshot() reads requisites through the page's charset", () => {
  it("finds a Cyrillic image name in a page whose charset is only in <meta>", async () => {
    const dir = join(out, "meta-charset");
    const report = await snapshot({
      urls: [`${server.origin}/meta-charset`],
      outDir: dir,
      fetch: fast,
      requisites: true,
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
    });
    expect(report.urls[0]).toMatchObject({ outcome: "ok", requisites: { captured: 1, failed: 0 } });
    const records = await readAndVerifyWarcs(dir, report.warcFiles);
    expect(
      records.filter((r) => r.type === "response").map((r) => r.headers.get("warc-target-uri")),
    ).toContain(`${server.origin}/%D1%84%D0%BE%D1%82%D0%BE.jpg`);
  });
});

describe("snapshot() and the private-address guard", () => {
  it("refuses a redirect from a public-looking host to a private address", async () => {
    const port = new URL(server.origin).port;
    const redirect = await startServer({
      "/go": (_q, res) => {
        res.writeHead(302, { Location: `http://intranet.test:${port}/story` });
        res.end();
      },
    });
    try {
      const dir = join(out, "guard");
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
      expect(report.urls[0]?.error?.code).toBe("private-address");
      expect(report.urls[0]?.error?.reason).toContain("intranet.test → 127.0.0.1");
      await readAndVerifyWarcs(dir, report.warcFiles);
    } finally {
      await redirect.close();
    }
  });
});

describe("snapshot() stopped midway (Ctrl-C)", () => {
  it("keeps what was written valid and reports what was not done", async () => {
    const dir = join(out, "stopped");
    const controller = new AbortController();
    const report = await snapshot({
      urls: [`${server.origin}/story`, `${server.origin}/stall`, `${server.origin}/gzip`],
      outDir: dir,
      fetch: { ...fast, bodyIdleTimeoutMs: 60_000, concurrency: 1 },
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
      signal: controller.signal,
      onEvent: (e) => {
        if (e.event === "page" && e.report.url.endsWith("/story"))
          setTimeout(() => controller.abort(), 50);
      },
    });
    expect(report.interrupted).toBe(true);
    expect(report.counts).toMatchObject({ ok: 1, notDone: 2 });
    expect(report.urls.map((u) => u.outcome)).toEqual(["ok", "not-done", "not-done"]);
    expect(report.urls[1]?.error?.code).toBe("interrupted");
    const records = await readAndVerifyWarcs(dir, report.warcFiles);
    expect(
      records.filter((r) => r.type === "response").map((r) => r.headers.get("warc-target-uri")),
    ).toContain(`${server.origin}/story`);
  });
});

describe("snapshot() output files", () => {
  it("rolls WARC files at the size limit, each starting with warcinfo", async () => {
    const dir = join(out, "roll");
    const report = await snapshot({
      urls: ["/story", "/gzip", "/chunked"].map((p) => `${server.origin}${p}`),
      outDir: dir,
      fetch: fast,
      maxWarcBytes: 1,
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
    });
    expect(report.warcFiles.length).toBeGreaterThan(2);
    const records = await readAndVerifyWarcs(dir, report.warcFiles);
    expect(records.filter((r) => r.type === "warcinfo")).toHaveLength(report.warcFiles.length);
  });
});
