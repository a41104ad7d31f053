import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { createExtractPool, extract } from "../src/index.js";

const samples = fileURLToPath(new URL("../../../samples/", import.meta.url));
const pages = ["seed-wordpress", "yoast-graph", "two-authors-dek", "legacy-windows-1251"].map(
  (name) => new Uint8Array(readFileSync(`${samples}${name}/page.html`)),
);
const url = "https://news.example/2024/01/02/story";

describe("createExtractPool", () => {
  it("answers on worker threads exactly what extract() answers", async () => {
    const pool = createExtractPool({ workers: 2 });
    try {
      const articles = await Promise.all(pages.map((page) => pool.extract(page, { url })));
      expect(articles).toEqual(pages.map((page) => extract(page, { url })));
    } finally {
      await pool.close();
    }
  });

  it("with no workers, extracts in this thread", async () => {
    const pool = createExtractPool();
    expect(await pool.extract(pages[0] as Uint8Array)).toEqual(extract(pages[0] as Uint8Array));
    await pool.close();
  });

  it("rejects pages still waiting when closed, and any page after", async () => {
    const pool = createExtractPool({ workers: 1 });
    const waiting = Promise.allSettled(pages.map((page) => pool.extract(page)));
    await pool.close();
    for (const result of await waiting) {
      expect(result.status).toBe("rejected");
      expect(String((result as PromiseRejectedResult).reason)).toMatch(/closed/);
    }
    await expect(pool.extract(pages[0] as Uint8Array)).rejects.toThrow(/closed/);
  });
});

const extractPage = (pool: ReturnType<typeof createExtractPool>, i: number) =>
  pool.extract(pages[i] as Uint8Array, { url });

describe("createExtractPool with callingThread", () => {
  it("extracts here from the first page, and the workers join the same queue once ready", async () => {
    const pool = createExtractPool({ workers: 1, callingThread: true });
    try {
      // The worker is still loading: the first page is this thread's.
      const first = await pool.extract(pages[0] as Uint8Array, { url });
      expect(first).toEqual(extract(pages[0] as Uint8Array, { url }));
      expect(pool.extracted).toEqual({ here: 1, onWorkers: 0 });
      // Batches until the worker has taken some: every answer is extract()'s, for its own page.
      let batches = 0;
      while (pool.extracted.onWorkers === 0) {
        expect(batches++).toBeLessThan(500);
        const batch = Array.from({ length: 6 }, (_, i) => pages[i % pages.length] as Uint8Array);
        const articles = await Promise.all(batch.map((page) => pool.extract(page, { url })));
        expect(articles).toEqual(batch.map((page) => extract(page, { url })));
      }
      expect(pool.extracted.here).toBeGreaterThan(1);
    } finally {
      await pool.close();
    }
  });

  it("a page that cannot be sent to a worker fails alone; the pool goes on", async () => {
    const pool = createExtractPool({ workers: 1 });
    try {
      // A function cannot cross to a worker thread (the type forbids it; JavaScript callers can).
      const options = { url, onAuthorCandidates: () => {} } as never;
      const results = await Promise.allSettled([
        pool.extract(pages[0] as Uint8Array, { url }),
        pool.extract(pages[1] as Uint8Array, options),
        pool.extract(pages[2] as Uint8Array, { url }),
      ]);
      expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
      expect((results[2] as PromiseFulfilledResult<unknown>).value).toEqual(
        extract(pages[2] as Uint8Array, { url }),
      );
      expect(await pool.extract(pages[3] as Uint8Array, { url })).toEqual(
        extract(pages[3] as Uint8Array, { url }),
      );
      expect(pool.extracted).toEqual({ here: 0, onWorkers: 3 });
    } finally {
      await pool.close();
    }
  });

  it("tells onDocumentRead of the pages extracted in this thread only", async () => {
    const told: number[] = [];
    const onDocumentRead = ({ characters }: { characters: number }) => told.push(characters);
    const alone = createExtractPool({ onDocumentRead });
    try {
      await extractPage(alone, 0);
      expect(told).toEqual([new TextDecoder().decode(pages[0]).length]);
    } finally {
      await alone.close();
    }
    told.length = 0;
    const shared = createExtractPool({ workers: 1, callingThread: true, onDocumentRead });
    try {
      // The worker is still loading: the first page is this thread's.
      await extractPage(shared, 1);
      expect(shared.extracted).toEqual({ here: 1, onWorkers: 0 });
      expect(told).toEqual([new TextDecoder().decode(pages[1]).length]);
    } finally {
      await shared.close();
    }
  });

  it("close rejects pages queued or sent, whichever thread they were waiting for", async () => {
    const pool = createExtractPool({ workers: 1, callingThread: true });
    const waiting = Promise.allSettled(pages.map((page) => pool.extract(page)));
    await pool.close();
    for (const result of await waiting) expect(result.status).toBe("rejected");
    await expect(pool.extract(pages[0] as Uint8Array)).rejects.toThrow(/closed/);
  });
});

describe("extract renderings", () => {
  it("skips the HTML or the Markdown of the body when asked, and changes nothing else", () => {
    for (const page of pages) {
      const full = extract(page, { url });
      const textOnly = extract(page, { url, renderings: { html: false, markdown: false } });
      expect(textOnly).toEqual({ ...full, body: { text: full.body.text, html: "", markdown: "" } });
      const noHtml = extract(page, { url, renderings: { html: false } });
      expect(noHtml.body).toEqual({ ...full.body, html: "" });
    }
  });
});
