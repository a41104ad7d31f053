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
