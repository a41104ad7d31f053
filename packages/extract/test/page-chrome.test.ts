import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

/** A WordPress-style post whose own classes contain chrome words ("popular", "sidebar"). */
function post(articleClass: string, wrapperClass: string): Buffer {
  return Buffer.from(`<!doctype html><html lang="de"><head><meta charset="utf-8">
<title>Neue Mauer am Hafen | Hafenblatt</title></head>
<body><div class="${wrapperClass}"><div class="${articleClass}">
<h1>Neue Mauer am Hafen</h1>
<p class="byline">Von Mara Quint · <span class="date">3. März 2026</span></p>
<p>Die Arbeiten an der neuen Hafenmauer haben am Montag begonnen und sollen bis zum Sommer dauern.</p>
</div><aside class="sidebar"><h3>Beliebt</h3><p class="byline">Von Tom Reed · 1. Januar 2020</p></aside></div>
</body></html>`);
}

describe("chrome words inside the article's own class names", () => {
  it("reads the byline of a post WordPress classed 'category-popular'", () => {
    const a = extract(post("post type-post category-popular tag-related-news", "content"));
    expect(a.authors.map((p) => p.name)).toEqual(["Mara Quint"]);
    expect(a.datePublished).toBe("2026-03-03");
  });

  it("reads the byline inside a wrapper classed 'has-double-sidebar'", () => {
    const a = extract(post("post", "site-content has-double-sidebar"));
    expect(a.authors.map((p) => p.name)).toEqual(["Mara Quint"]);
  });

  it("still ignores the real sidebar", () => {
    const a = extract(post("post", "content"));
    expect(a.authors.map((p) => p.name)).not.toContain("Tom Reed");
  });
});

describe("chrome words that stay chrome", () => {
  it("keeps a widget classed like a category ('category-popular-posts') out", () => {
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>Neue Mauer am Hafen</title></head>
<body><div class="widget category-popular-posts"><p class="byline">Von Tom Reed · 1. Januar 2020</p></div>
<article><h1>Neue Mauer am Hafen</h1><p>Die Arbeiten an der neuen Hafenmauer haben am Montag begonnen.</p></article>
</body></html>`;
    const a = extract(Buffer.from(html));
    expect(a.authors.map((p) => p.name)).not.toContain("Tom Reed");
    expect(a.datePublished).not.toBe("2020-01-01");
  });
});
