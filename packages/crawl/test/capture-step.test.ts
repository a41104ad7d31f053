import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyPath } from "@vellum/archive";
import { createExtractPool, extract } from "@vellum/extract";
import { createFetcher } from "@vellum/fetch";
import { countingIds, fixedClock } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CaptureStep, Collection, type Extractor, snapshot, WarcLog } from "../src/index.js";
import { readAndVerifyWarcs, startServer, type TestServer } from "./snapshot-helpers.js";
import { fast, page } from "./snapshot-site.js";

let server: TestServer;
let out: string;
/** The same bytes under many URLs: a syndicated story, a page behind several paths. */
const same = page("One story, many addresses");
const copies = Array.from({ length: 12 }, (_, i) => `/copy-${i}`);

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "vellum-step-"));
  const routes: Parameters<typeof startServer>[0] = {
    "/robots.txt": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("User-agent: *\nAllow: /\n");
    },
    "/own": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(page("A story of its own"));
    },
    "/gone": (_q, res) => {
      res.writeHead(404, { "Content-Type": "text/html" });
      res.end("<html><body>not here</body></html>");
    },
  };
  for (const p of copies) {
    routes[p] = (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(same);
    };
  }
  server = await startServer(routes);
});
afterAll(async () => {
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

const warcNames = (dir: string) => readdirSync(dir).filter((n) => /\.warc\.gz$/.test(n));

describe("CaptureStep (one URL → fetch, records, commit), as a queue worker runs it", () => {
  it("captures one claimed URL at a time and commits each before it answers", async () => {
    const dir = join(out, "worker");
    const clock = fixedClock("2026-12-01T09:00:00Z");
    const collection = Collection.open(dir, { lock: true, clock });
    try {
      collection.beginRun({ software: "test-worker", robots: "obey" });
      collection.addUrls(
        ["/own", "/gone", "/copy-0", "/copy-1"].map((p) => ({
          url: `${server.origin}${p}`,
          kind: "page" as const,
        })),
      );
      const warcs = new WarcLog({
        dir,
        prefix: "worker-a",
        clock,
        ids: countingIds(),
        info: { software: "test-worker", robots: "obey" },
        transaction: (work) => collection.transaction(work),
      });
      await warcs.prepare();
      const fetcher = createFetcher({ ...fast, clock });
      const step = new CaptureStep({ collection, fetcher, warcs });

      const results = [];
      for (const entry of collection.claim(10, 10)) {
        const result = await step.capture(entry);
        // Committed by the time it answers: what a worker acknowledges is in the database.
        expect(collection.url(entry.id)?.state).toBe(result.outcome);
        expect(collection.capture(result.captureId as number)?.urlId).toBe(entry.id);
        results.push({ url: entry.url.slice(server.origin.length), ...result });
      }
      expect(results).toEqual([
        expect.objectContaining({ url: "/own", outcome: "done", revisits: 0, change: "none" }),
        expect.objectContaining({
          url: "/gone",
          outcome: "failed",
          error: expect.objectContaining({ code: "http-status" }),
        }),
        expect.objectContaining({ url: "/copy-0", outcome: "done", revisits: 0 }),
        expect.objectContaining({ url: "/copy-1", outcome: "done", revisits: 1 }),
      ]);
      await warcs.close();
      collection.finishRun("finished");
      expect(collection.status()).toMatchObject({ records: { revisits: 1 } });
    } finally {
      collection.close();
    }
    const names = warcNames(dir);
    expect(names.every((n) => n.startsWith("worker-a-"))).toBe(true);
    for (const name of names) expect((await verifyPath(join(dir, name))).ok).toBe(true);
    await readAndVerifyWarcs(dir, names);
  });
});

describe("CaptureStep's extractor", () => {
  it("reads articles with the extractor it is given, a function or a pool", async () => {
    const pool = createExtractPool({ workers: 1 });
    const extractors: Record<string, Extractor> = {
      "/own": async (input, options) => ({ ...extract(input, options), headline: "By function" }),
      "/copy-0": {
        extract: async (input, options) => ({
          ...(await pool.extract(input, options)),
          headline: "By pool",
        }),
        close: () => pool.close(),
      },
    };
    const dir = join(out, "extractor");
    const clock = fixedClock("2026-12-01T09:00:00Z");
    const collection = Collection.open(dir, { lock: true, clock });
    try {
      collection.beginRun({ software: "test-worker", robots: "obey" });
      const warcs = new WarcLog({
        dir,
        prefix: "extractor",
        clock,
        ids: countingIds(),
        info: { software: "test-worker", robots: "obey" },
        transaction: (work) => collection.transaction(work),
      });
      await warcs.prepare();
      const fetcher = createFetcher({ ...fast, clock });
      for (const [path, extractor] of Object.entries(extractors)) {
        collection.addUrls([{ url: `${server.origin}${path}`, kind: "page" as const }]);
        const step = new CaptureStep({ collection, fetcher, warcs, extractor });
        const [entry] = collection.claim(1, 1);
        expect(entry?.url).toBe(`${server.origin}${path}`);
        expect((await step.capture(entry as NonNullable<typeof entry>)).outcome).toBe("done");
        expect(collection.latestArticle(entry?.id as number)?.headline).toBe(
          path === "/own" ? "By function" : "By pool",
        );
      }
      await warcs.close();
    } finally {
      await pool.close();
      collection.close();
    }
  });
});

describe("revisits within one run", () => {
  it("stores a payload seen at many URLs at once once, then as revisits of that record", async () => {
    const dir = join(out, "same-run");
    // Sixteen at once: the copies are fetched together and committed in the same batches.
    const report = await snapshot({
      urls: copies.map((p) => `${server.origin}${p}`),
      outDir: dir,
      fetch: { ...fast, concurrency: 16, perHostConcurrency: 16 },
      clock: fixedClock("2026-12-01T10:00:00Z"),
      ids: countingIds(),
    });
    expect(report.counts).toMatchObject({ ok: copies.length, failed: 0 });
    expect(report.run?.revisits).toBe(copies.length - 1);

    const records = await readAndVerifyWarcs(dir, warcNames(dir));
    const pages = records.filter((r) => r.headers.get("warc-target-uri")?.includes("/copy-"));
    const responses = pages.filter((r) => r.type === "response");
    const revisits = pages.filter((r) => r.type === "revisit");
    expect(responses).toHaveLength(1);
    expect(revisits).toHaveLength(copies.length - 1);
    const original = responses[0];
    for (const r of revisits) {
      expect(r.headers.get("warc-profile")).toBe(
        "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
      );
      expect(r.headers.get("warc-refers-to")).toBe(original?.headers.get("warc-record-id"));
      expect(r.headers.get("warc-refers-to-target-uri")).toBe(
        original?.headers.get("warc-target-uri"),
      );
      expect(r.headers.get("warc-refers-to-date")).toBe(original?.headers.get("warc-date"));
      expect(r.headers.get("warc-payload-digest")).toBe(
        original?.headers.get("warc-payload-digest"),
      );
    }

    // The database agrees: one response row, every revisit row pointing at it.
    const collection = Collection.open(dir, { create: false });
    try {
      const rows = [...collection.records()].filter((r) => r.targetUri.includes("/copy-"));
      const stored = rows.filter((r) => r.type === "response");
      expect(stored).toHaveLength(1);
      const revisitRows = rows.filter((r) => r.type === "revisit");
      expect(revisitRows).toHaveLength(copies.length - 1);
      for (const r of revisitRows) expect(r.refersTo).toBe(stored[0]?.id);
    } finally {
      collection.close();
    }
  });
});
