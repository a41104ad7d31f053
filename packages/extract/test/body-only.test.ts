import { readdirSync, readFileSync } from "node:fs";
import { emptyArticle } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { extract, extractWithMarkup } from "../src/index.js";

const folder = (path: string) => new URL(path, import.meta.url);
/** Every page the tests and the demo have: samples, content and metadata fixtures. */
const pages = [
  ...readdirSync(folder("../../../samples/")).map((name) =>
    folder(`../../../samples/${name}/page.html`),
  ),
  ...["content", "metadata"].flatMap((kind) =>
    readdirSync(folder(`./fixtures/${kind}/`)).map((name) => folder(`./fixtures/${kind}/${name}`)),
  ),
];

describe("extract with metadata: false", () => {
  it("reads the same body, images and word count as a whole extraction, on every page", () => {
    expect(pages.length).toBeGreaterThan(20);
    for (const page of pages) {
      const bytes = readFileSync(page);
      const url = "https://news.example/2026/03/story.html";
      const whole = extract(bytes, { url });
      const body = extract(bytes, { url, metadata: false });
      expect(body.body, page.pathname).toEqual(whole.body);
      expect(body.images, page.pathname).toEqual(whole.images);
      expect(body.wordCount, page.pathname).toBe(whole.wordCount);
      expect(body.sources).toEqual({ body: whole.sources.body });
      expect(body.warnings, page.pathname).toEqual(
        whole.warnings.filter((w) => w.field === "body" || w.code === "nesting-limited"),
      );
    }
  });

  it("leaves every metadata field empty", () => {
    const bytes = readFileSync(folder("./fixtures/metadata/graph.html"));
    const url = "https://tidewater.example/news/seals";
    expect(extract(bytes, { url }).headline).not.toBeNull();
    const article = extract(bytes, { url, metadata: false });
    const { body, images, wordCount, sources, warnings, ...fields } = article;
    const {
      body: _b,
      images: _i,
      wordCount: _w,
      sources: _s,
      warnings: _x,
      ...empty
    } = emptyArticle({ url });
    expect(fields).toEqual(empty);
    expect(body.text).not.toBe("");
  });

  it("is ignored by extractWithMarkup, which reads the fields", () => {
    const bytes = readFileSync(folder("./fixtures/metadata/graph.html"));
    const { article } = extractWithMarkup(bytes, { metadata: false });
    expect(article.headline).toBe("Harbour seals return to the estuary");
  });
});
