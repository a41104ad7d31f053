import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

/** A small article page: the given head tags, an h1, then the given body blocks. */
function page(head: string, body: string): Buffer {
  return Buffer.from(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour works | Quay Post</title>${head}</head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<main><article><h1>Harbour works begin on the north quay</h1>
<p class="byline">By Mara Quint</p>
${body}
</article></main>
<footer><p>© Quay Post</p></footer></body></html>`,
  );
}

const P1 =
  "Work on the north quay began on Monday, three years after the council first approved the plan to rebuild the crumbling harbour wall.";
const P2 =
  "Engineers expect the first phase, which replaces the stone facing and the old mooring rings, to take until the end of the summer season.";
const BODY = `<p>${P1}</p>\n<p>${P2}</p>`;

describe("description: the page's own summary, as plain text", () => {
  // Annotated pages keep a summary cut to length as written ("…"), and completing it from the
  // article lost more pages than it won: a cut summary is kept as the page wrote it.
  it("keeps a summary cut to length as written", () => {
    const cut = `${P1.slice(0, 90)}...`;
    const a = extract(page(`<meta name="description" content="${cut}">`, BODY), {
      url: "https://quay.example/a",
    });
    expect(a.description).toBe(cut);
  });

  it("strips markup written into a summary", () => {
    const marked = "The harbour wall is rebuilt &lt;em&gt;stone by stone&lt;/em&gt; this summer.";
    const a = extract(page(`<meta name="description" content="${marked}">`, BODY), {
      url: "https://quay.example/a",
    });
    expect(a.description).toBe("The harbour wall is rebuilt stone by stone this summer.");
  });

  it("drops the 'Read more' link an excerpt generator appended", () => {
    const cut = `${P1.slice(0, 70)}&lt;a class=&quot;more&quot; href=&quot;/a&quot;&gt;Read More&lt;/a&gt;`;
    const a = extract(page(`<meta name="description" content="${cut}">`, BODY), {
      url: "https://quay.example/a",
    });
    expect(a.description).toBe(P1.slice(0, 70).trim());
  });

  it("keeps paragraph breaks written as tags as spaces between words", () => {
    const marked =
      "&lt;p&gt;The wall is rebuilt.&lt;/p&gt;&lt;p&gt;Boats use the south quay.&lt;/p&gt;";
    const a = extract(page(`<meta name="description" content="${marked}">`, BODY), {
      url: "https://quay.example/a",
    });
    expect(a.description).toBe("The wall is rebuilt. Boats use the south quay.");
  });
});

describe("dek: the page's summary printed on the page", () => {
  it("finds the summary printed as the article's intro past a long share bar", () => {
    const dek = "Three years after the vote, the rebuilding of the harbour wall has started.";
    const filler = Array.from({ length: 70 }, (_, i) => `<span class="share">s${i}</span>`).join(
      "",
    );
    const a = extract(
      page(
        `<meta property="og:description" content="${dek}">`,
        `<div class="tools">${filler}</div><div class="intro"><p>${dek}</p></div>${BODY}`,
      ),
      { url: "https://quay.example/a" },
    );
    expect(a.alternativeHeadline).toBe(dek);
  });

  it("does not take the summary from a teaser for another article", () => {
    const dek = "Three years after the vote, the rebuilding of the harbour wall has started.";
    const a = extract(
      page(
        `<meta property="og:description" content="${dek}">`,
        `${BODY}<aside class="related"><h3>More</h3><p>${dek}</p></aside>`,
      ),
      { url: "https://quay.example/a" },
    );
    expect(a.alternativeHeadline).toBeNull();
  });
});

describe("dek: a Japanese summary printed with links inside", () => {
  it("matches it although the page text gains spaces at the link edges", () => {
    const summary = "川辺市は新しい橋の工事を始めた。この橋はJR川辺駅と市役所を結ぶ予定である。";
    const html = `<!doctype html><html lang="ja"><head><meta charset="utf-8">
<meta name="description" content="${summary}"></head>
<body><article><h1>新しい橋の工事が始まる</h1>
<p>川辺市は新しい橋の工事を始めた。この橋は<a href="/station">JR川辺駅</a>と市役所を結ぶ予定である。</p>
<p>工事は来年の春まで続く見込みで、その間は川沿いの道の一部が通行止めになる。</p></article></body></html>`;
    expect(extract(Buffer.from(html)).alternativeHeadline).toBe(summary);
  });
});

describe("dek: the summary's opening compared folded", () => {
  const pageWith = (summary: string, printed: string) =>
    Buffer.from(`<!doctype html><html><head><meta charset="utf-8">
<meta name="description" content="${summary}"></head>
<body><article><h1>Harbour works begin on the north quay</h1>
<p>${printed}</p>
<p>Work on the north quay began on Monday, three years after the council approved the plan.</p></article></body></html>`);

  it("matches typographic and straight apostrophes", () => {
    const a = extract(
      pageWith(
        "Don't expect boats at the north quay before the spring.",
        "Don’t expect boats at the north quay before the spring.",
      ),
    );
    expect(a.alternativeHeadline).toBe("Don’t expect boats at the north quay before the spring.");
  });

  it("matches a summary whose first words are a link", () => {
    const summary = "川辺市は新しい橋の工事を始めた。この橋は駅と市役所を結ぶ予定である。";
    const a = extract(
      pageWith(
        summary,
        `<a href="/city">川辺市</a>は新しい橋の工事を始めた。この橋は駅と市役所を結ぶ予定である。`,
      ),
    );
    expect(a.alternativeHeadline).toBe(summary);
  });
});
