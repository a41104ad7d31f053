import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock, VellumError } from "@vellum/model";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Collection } from "../src/collection/collection.js";
import { SCHEMA_VERSION } from "../src/collection/schema.js";
import type { RecordInput } from "../src/collection/types.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vellum-collection-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const clock = () => fixedClock("2026-11-25T10:00:00Z", 1000);
const page = (url: string) => ({ url, kind: "page" as const });

function codeOf(run: () => unknown): string | null {
  try {
    run();
    return null;
  } catch (error) {
    return error instanceof VellumError ? error.code : String(error);
  }
}

function record(url: string, digest: string, offset: number): RecordInput {
  return {
    role: "page",
    type: "response",
    targetUri: url,
    date: "2026-11-25T10:00:00Z",
    status: 200,
    mime: "text/html",
    payloadDigest: digest,
    payloadBytes: 100,
    truncated: null,
    warc: { file: "a.warc.gz", offset, length: 50, recordId: `<urn:uuid:${offset}>` },
    refersTo: null,
  };
}

describe("Collection", () => {
  it("keeps each URL once, with a stable slug, whatever found it", () => {
    const c = Collection.open(dir, { lock: true, clock: clock() });
    c.beginRun({ software: "test", robots: "obey" });
    expect(c.addUrls([page("https://a.test/1"), page("https://a.test/2")])).toBe(2);
    expect(
      c.addUrls([
        page("https://a.test/2"),
        {
          ...page("https://a.test/3"),
          source: { kind: "sitemap", location: "https://a.test/s.xml" },
        },
      ]),
    ).toBe(1);
    const third = c.url("https://a.test/3");
    expect(third).toMatchObject({
      state: "queued",
      kind: "page",
      host: "a.test",
      slug: "a-test-3",
      source: { kind: "sitemap", location: "https://a.test/s.xml" },
    });
    expect(c.countUrls()).toMatchObject({ queued: 3, total: 3 });
    c.close();
  });

  it("claims across hosts, a few per host, so one host's list cannot hold every worker", () => {
    const c = Collection.open(dir, { lock: true, clock: clock() });
    c.beginRun({ software: "test", robots: "obey" });
    c.addUrls([
      ...Array.from({ length: 10 }, (_, i) => page(`https://a.test/${i}`)),
      ...Array.from({ length: 10 }, (_, i) => page(`https://b.test/${i}`)),
    ]);
    const claimed = c.claim(6, 2);
    expect(claimed.map((u) => u.host).sort()).toEqual(["a.test", "a.test", "b.test", "b.test"]);
    expect(c.countUrls()).toMatchObject({ fetching: 4, queued: 16 });
    // Requisites (priority 1) go first, so a page's images are captured close to it.
    c.addUrls([{ url: "https://c.test/img.png", kind: "requisite", priority: 1 }]);
    expect(c.claim(1, 1)[0]?.url).toBe("https://c.test/img.png");
    c.close();
  });

  it("puts a dead run's claimed URLs back in the queue and marks the run crashed", () => {
    const first = Collection.open(dir, { lock: true, clock: clock() });
    first.beginRun({ software: "test", robots: "obey" });
    first.addUrls([page("https://a.test/1"), page("https://a.test/2")]);
    first.claim(2, 2);
    first.close(); // as if the process died: the run never finished
    const second = Collection.open(dir, { lock: true, clock: clock() });
    second.beginRun({ software: "test", robots: "obey" });
    expect(second.countUrls()).toMatchObject({ queued: 2, fetching: 0 });
    expect(second.runs().map((r) => r.status)).toEqual(["crashed", "running"]);
    second.close();
  });

  it("status shows a run whose process died as crashed, before any new run, and a live one as running", () => {
    const first = Collection.open(dir, { lock: true, clock: clock() });
    first.beginRun({ software: "test", robots: "obey" });
    const reader = Collection.open(dir, { create: false });
    expect(reader.status().runs.map((r) => r.status)).toEqual(["running"]);
    first.close(); // as if the process died: the run never finished, its lock is free
    const status = reader.status();
    expect(status.locked).toBe(false);
    expect(status.runs.map((r) => r.status)).toEqual(["crashed"]);
    reader.close();
  });

  it("commits a capture with its records, article and WARC length in one transaction", () => {
    const c = Collection.open(dir, { lock: true, clock: clock() });
    c.beginRun({ software: "test", robots: "obey" });
    c.addUrls([page("https://a.test/1")]);
    const [entry] = c.claim(1, 1);
    const result = c.commit({
      capture: {
        urlId: entry?.id as number,
        outcome: "ok",
        status: 200,
        finalUrl: "https://a.test/1",
        redirects: 0,
        exchanges: 1,
        bytes: 100,
        truncated: null,
        startedAt: "2026-11-25T10:00:00Z",
        fetchMs: 12,
        queuedMs: 3,
        error: null,
        notes: [],
        articleDir: "articles/a-test-1",
      },
      records: [record("https://a.test/1", "sha256:aa", 0)],
      finalRecord: 0,
      article: {
        headline: "A",
        dek: null,
        authors: ["Ann Lee"],
        datePublished: "2026-11-24",
        dateModified: null,
        language: "en",
        wordCount: 2,
        publisher: null,
        bodyText: "One two.",
        textDigest: "sha256:t1",
      },
      state: "done",
      warcFiles: [{ name: "a.warc.gz", committedBytes: 50 }],
    });
    expect(c.capture(result.captureId)).toMatchObject({
      url: "https://a.test/1",
      outcome: "ok",
      record: { payloadDigest: "sha256:aa", warc: { file: "a.warc.gz", offset: 0 } },
    });
    expect(c.latestArticle(entry?.id as number)).toMatchObject({
      headline: "A",
      authors: ["Ann Lee"],
    });
    expect(c.findOriginal("sha256:aa", "https://other.test/")?.targetUri).toBe("https://a.test/1");
    expect(c.findOriginal("sha256:bb", "https://a.test/1")).toBeNull();
    expect(c.warcFiles()).toEqual([
      { name: "a.warc.gz", runId: 1, committedBytes: 50, closed: false },
    ]);
    c.finishRun("finished");
    expect(c.status()).toMatchObject({
      pages: { done: 1, total: 1 },
      captures: 1,
      articles: 1,
      records: { responses: 1, revisits: 0 },
      warcBytes: 50,
    });
    c.close();
  });

  it("hands a reader what was committed after the last id it saw, in commit order", () => {
    const writer = Collection.open(dir, { lock: true, clock: clock() });
    writer.beginRun({ software: "test", robots: "obey" });
    writer.addUrls([page("https://a.test/1"), page("https://a.test/2"), page("https://a.test/3")]);
    const commit = (url: string, offset: number) => {
      const entry = writer.url(url) as { id: number };
      return writer.commit({
        capture: {
          urlId: entry.id,
          outcome: "ok",
          status: 200,
          finalUrl: url,
          redirects: 0,
          exchanges: 1,
          bytes: 100,
          truncated: null,
          startedAt: "2026-11-25T10:00:00Z",
          fetchMs: 1,
          queuedMs: 1,
          error: null,
          notes: [],
          articleDir: null,
        },
        records: [record(url, `sha256:${offset}`, offset)],
        finalRecord: 0,
        article: {
          headline: url,
          dek: null,
          authors: [],
          datePublished: null,
          dateModified: null,
          language: null,
          wordCount: 1,
          publisher: null,
          bodyText: url,
          textDigest: `sha256:${offset}`,
        },
        state: "done",
        warcFiles: [{ name: "a.warc.gz", committedBytes: offset + 50 }],
      });
    };
    const reader = Collection.open(dir, { create: false });
    const first = commit("https://a.test/2", 0);
    expect([...reader.captures({ afterId: 0 })].map((c) => c.url)).toEqual(["https://a.test/2"]);
    commit("https://a.test/1", 50);
    commit("https://a.test/3", 100);
    // Only what came after the id the reader remembers, in the order it was committed.
    expect([...reader.captures({ afterId: first.captureId })].map((c) => c.url)).toEqual([
      "https://a.test/1",
      "https://a.test/3",
    ]);
    expect([...reader.articles({ afterId: first.articleId as number })].map((a) => a.url)).toEqual([
      "https://a.test/1",
      "https://a.test/3",
    ]);
    expect([...reader.captures({ afterId: 3 })]).toEqual([]);
    reader.close();
    writer.close();
  });

  it("lets one writer at a time hold it; readers need no lock", () => {
    const writer = Collection.open(dir, { lock: true, clock: clock() });
    expect(codeOf(() => Collection.open(dir, { lock: true }))).toBe("collection-locked");
    try {
      Collection.open(dir, { lock: true });
    } catch (error) {
      expect((error as VellumError).toLine()).toMatch(
        new RegExp(`^Another vellum run is writing this collection \\(pid ${process.pid}, since `),
      );
    }
    const reader = Collection.open(dir, { create: false });
    expect(reader.status().locked).toBe(true);
    expect(codeOf(() => reader.claim(1, 1))).toBe("usage");
    reader.close();
    writer.close();
    const again = Collection.open(dir, { lock: true });
    again.close();
  });

  it("refuses a file that is not a database, and a database from a newer schema", () => {
    writeFileSync(
      join(dir, "collection.db"),
      "this is not SQLite, it is a text file\n".repeat(100),
    );
    expect(codeOf(() => Collection.open(dir))).toBe("collection-invalid");
    rmSync(join(dir, "collection.db"));
    const db = new Database(join(dir, "collection.db"));
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(codeOf(() => Collection.open(dir))).toBe("collection-invalid");
  });

  it("says a missing collection is missing when asked only to read", () => {
    expect(codeOf(() => Collection.open(join(dir, "nope"), { create: false }))).toBe(
      "input-not-found",
    );
  });
});
