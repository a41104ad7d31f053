import { readFileSync } from "node:fs";
import { load } from "cheerio";
import { describe, expect, it } from "vitest";
import { extractContent } from "../src/content/index.js";

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/content/${name}`, import.meta.url), "utf8");

/** The parser `extract()` uses (htmlparser2), and cheerio's default (parse5) for robustness. */
const parsers = {
  htmlparser2: (html: string) => load(html, { xml: { xmlMode: false, decodeEntities: true } }),
  parse5: (html: string) => load(html),
};

describe.each(Object.entries(parsers))("extractContent on a blog post (%s)", (_name, parse) => {
  const result = extractContent(parse(fixture("blog.html")), {
    url: "https://coastline.example/2026/03/tide-pools/",
  });
  const { text, html, markdown } = result.body;

  it("keeps paragraphs, headings, lists, quotes, tables and code in order", () => {
    expect(text.startsWith("Every winter, the rocky shore")).toBe(true);
    const order = [
      "Marine biologists have long wondered",
      "Cracks as shelters",
      "Researchers counted animals",
      "Anemones retreat into crevices",
      "The rock is the real hero",
      "Pool type",
      "count = pools.filter",
      "The team now plans to map the cracks",
    ].map((s) => text.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it("separates blocks by a blank line", () => {
    expect(text).toContain(
      "surveys, lies in the shape of the rock itself, which shelters animals in cracks and overhangs.\n\nCracks as shelters\n\nResearchers",
    );
  });

  it("drops navigation, headline, byline, shares, ads, newsletter, tags, related, comments, sidebar, footer, cookies", () => {
    for (const junk of [
      "Science",
      "How Tide Pools Survive Winter Storms",
      "By Maria",
      "Share on Facebook",
      "Advertisement",
      "Get our newsletter",
      "tide pools storms",
      "Related articles",
      "Sea stars are recovering",
      "Great article",
      "Leave a Reply",
      "podcast",
      "All rights reserved",
      "We use cookies",
      "injected",
    ]) {
      expect(text, junk).not.toContain(junk);
    }
  });

  it("drops a lone paragraph that only links to another article", () => {
    expect(text).not.toContain("Kelp forests return");
  });

  it("returns the author box apart, with its bio, page and picture", () => {
    expect(text).not.toContain("science writer");
    expect(result.authorBoxes).toEqual([
      {
        name: "Maria Okafor",
        bio: "Maria Okafor is a science writer who has covered the oceans for fifteen years, from the Arctic to the Antarctic.",
        url: "https://coastline.example/author/maria-okafor/",
        image: "https://coastline.example/img/maria.jpg",
      },
    ]);
  });

  it("keeps the caption out of the running text but in the HTML and the image list", () => {
    expect(text).not.toContain("photographed in January");
    expect(html).toContain(
      "<figcaption>A fissured tide pool at low tide, photographed in January.</figcaption>",
    );
    expect(result.images).toEqual([
      {
        url: "https://coastline.example/2026/03/images/pool.jpg",
        width: 800,
        height: 533,
        caption: "A fissured tide pool at low tide, photographed in January.",
      },
    ]);
  });

  it("writes safe HTML with absolute URLs", () => {
    expect(html).not.toMatch(/<script|<iframe|<style|onerror|onclick|javascript:/iu);
    expect(html).toContain('<a href="https://www.example.org/lidar">coastal managers</a>');
    expect(html).toContain("<table>");
    expect(html).toContain(
      "<pre><code>count = pools.filter(p =&gt; p.fissured).length</code></pre>",
    );
    expect(html).toMatch(/^<p>Every winter/u);
  });

  it("writes Markdown", () => {
    expect(markdown).toContain("## Cracks as shelters");
    expect(markdown).toContain("- Anemones retreat into crevices and close their tentacles.");
    expect(markdown).toContain('> "The rock is the real hero');
    expect(markdown).toContain(
      "| Pool type | Species after storm |\n| --- | --- |\n| Smooth basin | 4 |",
    );
    expect(markdown).toContain("```\ncount = pools.filter(p => p.fissured).length\n```");
    expect(markdown).toContain("[coastal managers](https://www.example.org/lidar)");
    expect(markdown).toContain(
      "![A tide pool at low tide](https://coastline.example/2026/03/images/pool.jpg)",
    );
  });

  it("counts words and has no warnings", () => {
    expect(result.wordCount).toBe((text.match(/[\p{L}\p{N}_]+/gu) ?? []).length);
    expect(result.wordCount).toBeGreaterThan(150);
    expect(result.warnings).toEqual([]);
  });
});

describe("extractContent on page shapes seen in the wild", () => {
  const run = (name: string) =>
    extractContent(parsers.htmlparser2(fixture(name)), { url: "https://news.example/story" });

  it("reads loose text with <br>s straight inside a column div, not the footer", () => {
    const { text } = run("div-text.html").body;
    expect(text).toContain("The municipal water company restored supply");
    expect(text).toContain("compensation requests can be filed");
    expect(text).not.toContain("Main Street 100");
    expect(text).not.toContain("January (12)");
  });

  it("drops a 'you may like' block whose full-text excerpts outweigh a short post", () => {
    const { text } = run("related-excerpts.html").body;
    expect(text).toContain("Cuidar de si mesmo não é egoísmo");
    expect(text).not.toContain("Você pode gostar");
    expect(text).not.toContain("O mar não tem pressa");
    expect(text).not.toContain("A gratidão mora nos detalhes");
  });

  it("gathers paragraphs that each sit in their own card", () => {
    const { text } = run("cards.html").body;
    expect(text.split("\n\n")).toHaveLength(5);
    expect(text).toContain("The find almost certainly means the moon has liquid water.");
    expect(text).not.toContain("More news");
  });

  it("keeps links wrapped in spans, later <h1> section headings and word spaces between links", () => {
    const { text } = run("inline.html").body;
    expect(text).toContain("The teardown is done, and the results are in. The new laptop");
    expect(text).not.toContain("The laptop that went back to the future");
    expect(text).toContain("\n\nWhat changed inside\n\n");
    expect(text).toContain("CPU RAM and a larger display");
    expect(text).not.toContain("Advertisement");
  });

  it("treats caption-named spans as captions and drops a DON'T MISS block of links", () => {
    const result = run("inline.html");
    expect(result.body.text).not.toContain("The new fans move more air");
    expect(result.images[0]?.url).toBe("https://news.example/img/fan.jpg");
    expect(result.body.html).toContain("<figcaption>The new fans move more air");
    expect(result.body.text).not.toContain("logic board");
    expect(result.body.html).toContain(
      "<figcaption><p>The logic board, photographed by the repair team.</p>",
    );
    expect(result.body.text).not.toContain("MISS");
    expect(result.body.text).not.toContain("Old laptops");
  });

  it("reads Drupal fields whose label is hidden and articles kept in <noscript>", () => {
    const { text } = run("drupal-noscript.html").body;
    expect(text).toContain("Mehr als siebzig Staaten");
    expect(text).toContain("phishing sites now rotate their domains");
    expect(run("drupal-noscript.html").images).toEqual([]);
  });

  it("finds a short article under a long comment thread, in a Blogger widget with paywall and gallery-format classes", () => {
    const { text } = run("comments-heavy.html").body;
    expect(text).toContain("The regional broadcaster changed how it reports");
    expect(text).toContain("took effect on Monday.");
    expect(text).not.toMatch(/^6$/mu);
    expect(text).not.toContain("I disagree");
  });

  it("does not climb into a container whose extra text is linked excerpts", () => {
    const { text } = run("aside-excerpts.html").body;
    expect(text).toContain("El tribunal fijó para el próximo lunes");
    expect(text).toContain("registros bancarios");
    expect(text).not.toContain("parking rules");
  });

  it("drops byline and date lines before the first paragraph, and newsletter promos", () => {
    const { text } = run("lead-lines.html").body;
    expect(text.startsWith("A man from upstate pleaded guilty")).toBe(true);
    expect(text).not.toContain("inbox");
    // After the first paragraph, "By ..." is prose.
    expect(text).toContain("By the end of the hearing");
  });

  it("leaves out a following list of teasers with excerpts", () => {
    const { text } = run("teasers.html").body;
    expect(text).toContain("Shop owners near the bridge");
    expect(text).not.toContain("Ferry operators");
    expect(text).not.toContain("More from the City Desk");
  });
});

describe("extractContent on pages without an article", () => {
  it("gives empty strings and a warning for an empty document", () => {
    const result = extractContent(parsers.htmlparser2(""), { url: null });
    expect(result.body).toEqual({ text: "", html: "", markdown: "" });
    expect(result.warnings.map((w) => w.code)).toEqual(["content-not-found"]);
  });

  it("refuses a page over the element limit with a warning", () => {
    const html = `<div>${"<p>a paragraph of some length, with a comma</p>".repeat(50)}</div>`;
    const result = extractContent(parsers.htmlparser2(html), { url: null, maxElements: 20 });
    expect(result.body.text).toBe("");
    expect(result.warnings.map((w) => w.code)).toEqual(["content-too-large"]);
  });
});
