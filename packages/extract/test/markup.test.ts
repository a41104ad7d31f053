import { describe, expect, test } from "vitest";
import { extract, extractWithMarkup } from "../src/index.js";

const URL = "https://harbourtimes.example/news/2024/05/ferry-returns";

describe("extractWithMarkup: the page's structured data as written", () => {
  test("JSON-LD blocks are parsed as written, with their line; a broken one keeps its error", () => {
    const html = `<html><head>
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Ferry returns"}</script>
<script type="application/ld+json">{"@type": "Person", "name": "Ann Lee",}</script>
</head><body><h1>Ferry returns</h1></body></html>`;
    const { markup } = extractWithMarkup(html, { url: URL });
    expect(markup.jsonld).toHaveLength(2);
    expect(markup.jsonld[0]).toMatchObject({
      syntax: "jsonld",
      index: 0,
      line: 2,
      error: null,
      data: { "@type": "NewsArticle", headline: "Ferry returns" },
    });
    expect(markup.jsonld[1]?.data).toBeNull();
    expect(markup.jsonld[1]?.line).toBe(3);
    expect(markup.jsonld[1]?.error).toMatch(/JSON/);
  });

  test("microdata items become JSON-LD nodes: nesting, itemref, itemid, URL values resolved", () => {
    const html = `<html><body>
<article itemscope itemtype="https://schema.org/NewsArticle" itemid="#story" itemref="credit">
  <h1 itemprop="headline">Ferry returns</h1>
  <time itemprop="datePublished" datetime="2024-05-02T08:00:00+02:00">2 May</time>
  <img itemprop="image" src="/img/ferry.jpg">
  <div itemprop="author" itemscope itemtype="https://schema.org/Person">
    <span itemprop="name">Ann Lee</span>
  </div>
  <meta itemprop="keywords" content="ferry">
  <meta itemprop="keywords" content="harbour">
</article>
<p id="credit"><span itemprop="copyrightHolder">Harbour Times</span></p>
<div itemscope itemtype="http://schema.org/BreadcrumbList"></div>
</body></html>`;
    const { markup } = extractWithMarkup(html, { url: URL });
    expect(markup.microdata.map((m) => m.line)).toEqual([2, 13]);
    expect(markup.microdata[0]?.data).toEqual({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      "@id": `${URL}#story`,
      headline: "Ferry returns",
      datePublished: "2024-05-02T08:00:00+02:00",
      image: "https://harbourtimes.example/img/ferry.jpg",
      author: { "@type": "Person", name: "Ann Lee" },
      keywords: ["ferry", "harbour"],
      copyrightHolder: "Harbour Times",
    });
    expect(markup.microdata[1]?.data).toEqual({
      "@context": "https://schema.org",
      "@type": "BreadcrumbList",
    });
  });

  test("an itemref loop ends instead of recursing forever", () => {
    const html = `<div itemscope itemtype="https://schema.org/Person" id="a" itemref="b">
<span itemprop="name">Ann</span></div>
<div id="b"><div itemprop="knows" itemscope itemtype="https://schema.org/Person" itemref="a"></div></div>`;
    const { markup } = extractWithMarkup(html, { url: URL });
    expect(markup.microdata).toHaveLength(1);
    expect(markup.microdata[0]?.data).toMatchObject({ name: "Ann" });
  });

  test("RDFa Lite items: vocab, typeof, property, resource, prefixes; og: meta tags are not items", () => {
    const html = `<html prefix="og: http://ogp.me/ns#"><head>
<meta property="og:title" content="Ferry returns">
</head><body vocab="https://schema.org/">
<article typeof="NewsArticle" resource="#story">
  <h1 property="headline">Ferry returns</h1>
  <a property="url" href="/news/2024/05/ferry-returns">link</a>
  <span property="author" typeof="Person"><span property="name">Ann Lee</span></span>
  <meta property="schema:datePublished" content="2024-05-02">
</article>
</body></html>`;
    const { markup } = extractWithMarkup(html, { url: URL });
    expect(markup.rdfa).toHaveLength(1);
    expect(markup.rdfa[0]?.line).toBe(4);
    expect(markup.rdfa[0]?.data).toEqual({
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      "@id": `${URL}#story`,
      headline: "Ferry returns",
      url: "https://harbourtimes.example/news/2024/05/ferry-returns",
      author: { "@type": "Person", name: "Ann Lee" },
      datePublished: "2024-05-02",
    });
  });
});

describe("extractWithMarkup: what the page shows without its structured data", () => {
  const html = `<html><head>
<title>Ferry returns to the harbour | Harbour Times</title>
<meta name="description" content="The ferry is back after two years.">
<meta property="og:image" content="https://harbourtimes.example/img/ferry.jpg">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle",
"headline":"Ferry back in service","author":{"@type":"Person","name":"Bob Stone"},
"datePublished":"2024-05-01","description":"Old text","image":"https://harbourtimes.example/img/old.jpg"}</script>
</head><body><article>
<h1>Ferry returns to the harbour</h1>
<p class="byline">By <a rel="author" href="/authors/ann-lee">Ann Lee</a></p>
<time datetime="2024-05-02T08:00:00+02:00">2 May 2024</time>
<p>The ferry that links the island to the mainland sailed again this morning after two years out of service, and the harbour was full of people who came to watch it arrive.</p>
<p>Its owners say the timetable will be the same as before, with six crossings a day in summer and four in winter.</p>
</article></body></html>`;

  test("visible fields come from the page, not from the JSON-LD", () => {
    const { visible } = extractWithMarkup(html, { url: URL });
    expect(visible.headline).toBe("Ferry returns to the harbour");
    expect(visible.authors.map((a) => a.name)).toEqual(["Ann Lee"]);
    expect(visible.datePublished?.slice(0, 10)).toBe("2024-05-02");
    expect(visible.description).toBe("The ferry is back after two years.");
    expect(visible.image).toBe("https://harbourtimes.example/img/ferry.jpg");
    expect(visible.sources.headline).not.toBe("jsonld");
  });

  test("the article is exactly what extract() answers", () => {
    expect(extractWithMarkup(html, { url: URL }).article).toEqual(extract(html, { url: URL }));
  });

  test("the reading without the markup leaves the article's own: an author only the JSON-LD names stays", () => {
    // The hidden-markup reading runs first, on a view of the same page: the author rules' readings
    // it memoises (no JSON-LD author) must not be the article's.
    const both = html.replace(
      `"author":{"@type":"Person","name":"Bob Stone"}`,
      `"author":[{"@type":"Person","name":"Ann Lee"},{"@type":"Person","name":"Bob Stone"}]`,
    );
    const reading = extractWithMarkup(both, { url: URL });
    expect(reading.visible.authors.map((a) => a.name)).toEqual(["Ann Lee"]);
    expect(reading.article.authors.map((a) => a.name)).toEqual(["Ann Lee", "Bob Stone"]);
    expect(reading.article).toEqual(extract(both, { url: URL }));
  });

  test("a page that cannot be read gives empty markup and fields, never a throw", () => {
    const reading = extractWithMarkup(new Uint8Array([0xff, 0xfe, 0x00]), { url: URL });
    expect(reading.markup.jsonld).toEqual([]);
    expect(reading.visible.headline).toBeNull();
  });
});
