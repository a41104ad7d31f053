import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const page = (body: string) =>
  `<html><head><title>Harbour wall repaired</title></head><body>${body}</body></html>`;
const names = (html: string) =>
  extract(html, { url: "https://harbourtimes.example/news/wall" }).authors.map((a) => a.name);
const para =
  "<p>Masons finished the repair of the old harbour wall on Friday, two weeks ahead of plan.</p>";

describe("authors: what a byline is not", () => {
  it("cuts a name where the byline's next block starts (the paper it came from)", () => {
    const html = page(
      `<h1>Harbour wall repaired</h1><div class="article_byline"><div>By <span>Joe Roe</span></div><div><div>Daily Ledger</div><time>Mar 4, 2015</time></div></div>${para}`,
    );
    expect(names(html)).toEqual(["Joe Roe"]);
  });

  it("skips tag links, the site's home link and links inside a sentence", () => {
    const tags = page(
      `<h1>Harbour wall repaired</h1><div class="post-author"><a href="/autor/desk/"><img alt="Desk"></a> / <a href="/thema/masonry/" rel="tag">Masonry</a></div>${para}`,
    );
    expect(names(tags)).toEqual([]);
    const home = page(
      `<h1 class="vcard author"><a href="https://harbourtimes.example/" class="fn">Harbour Archive</a></h1><h2>Harbour wall repaired</h2>${para}`,
    );
    expect(names(home)).toEqual([]);
    const note = page(
      `<h1>Harbour wall repaired</h1><div class="author-note"><p><strong>Read <a href="/fiction/1?review=2">some</a> of the reviews for more.</strong></p></div>${para}`,
    );
    expect(names(note)).toEqual([]);
  });

  it("never reads 'von' in a sentence as a byline", () => {
    const maker = page(
      `<h1>Harbour wall repaired</h1><p>Die neuen Steine von Nova Granit halten dem Salzwasser länger stand als gedacht.</p>`,
    );
    expect(names(maker)).toEqual([]);
    const victim = page(
      `<h1>Harbour wall repaired</h1><h2>Im Wald fand man den Hut von Eva Muster</h2>${para}`,
    );
    expect(names(victim)).toEqual([]);
  });

  it("never takes a headline with a colon for a name", () => {
    const html = page(
      `<h1>Harbour wall repaired</h1>${para}<p><a href="/people/news/held-brand-im-hafen">"Kutter"-Held: Rätselhafter Brand im Hafen</a></p>`,
    );
    expect(names(html)).toEqual([]);
  });
});

describe("authors: photo credits and house bylines", () => {
  it("never takes a picture's credit for the author", () => {
    const caption = page(
      `<h1>Harbour wall repaired</h1><figure><img src="/w.jpg"><figcaption><p itemprop="author"><span>Lars Quist via Wire</span></p></figcaption></figure><div class="author">Author: <a href="/people/mia-hart">Mia Hart</a></div>${para}`,
    );
    expect(names(caption)).toEqual(["Mia Hart"]);
    const licence = page(
      `<h1>Harbour wall repaired</h1><div class="license-info"><span class="author-name"><a href="https://commons.example/File:Wall.jpg">Tore Odd</a></span></div>${para}`,
    );
    expect(names(licence)).toEqual([]);
  });

  it("prefers a person's 'Written by:' to a byline naming only the site", () => {
    const html = `<html><head><title>Harbour wall repaired</title><meta property="og:site_name" content="Harbour Times"></head><body><h1>Harbour wall repaired</h1><span class="td-post-author-name"><a href="/author/ht/">Harbour Times</a></span><p><em>Written by: <a href="https://elsewhere.example/a">Ines Kroll</a></em></p>${para}</body></html>`;
    expect(names(html)).toEqual(["Ines Kroll"]);
  });

  it("finds the byline under an h2 headline that the title starts with", () => {
    const html = page(
      `<div class="content"><h2>Harbour wall repaired</h2><p><em>Text von Jonas Feld    Illustration von Mara Sommer</em></p>${para}</div>`,
    );
    expect(names(html)).toEqual(["Jonas Feld"]);
  });

  it("takes a lower-case username that links to the user's page", () => {
    const html = page(
      `<h1>Harbour wall repaired</h1><p class="author">Beitrag <span>von <strong><a href="./memberlist.php?mode=viewprofile&amp;u=5">kl4us</a></strong> » </span>14.06.2010, 22:17</p>${para}`,
    );
    expect(names(html)).toEqual(["kl4us"]);
  });
});

describe("authors: the house and the wire", () => {
  it("reads a signature line when JSON-LD names only the house by its short name", () => {
    const html = `<html><head><title>Harbour wall repaired</title><meta property="og:site_name" content="HT - Harbour Times"><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Harbour wall repaired","author":{"@type":"Organization","name":"HT"}}</script></head><body><div class="article"><h1>Harbour wall repaired</h1>${para}<p><em>Von <span itemscope itemtype="http://schema.org/Person"><meta itemprop="name" content="Fenja Brandauer">Fenja Brandauer</span></em></p></div></body></html>`;
    expect(names(html)).toEqual(["Fenja Brandauer"]);
  });

  it("takes a wire service's name beside the date as an Organization", () => {
    const html = page(
      `<h1>Harbour wall repaired</h1><p>YONHAP</p><time datetime="2019-08-29">Aug 29, 2019</time>${para}`,
    );
    expect(extract(html).authors.map((a) => [a.type, a.name])).toEqual([
      ["Organization", "YONHAP"],
    ]);
  });
});

describe("authors: an aside inside the article", () => {
  it("reads the byline kept in the article's own aside", () => {
    const html = page(
      `<article><header><h1>Harbour wall repaired</h1></header><aside class="meta"><p class="authors">Von:<br><i><a href="/autor/mira-holt-12" class="author-name">Mira Holt</a></i></p><time>7. Nov 2022</time></aside>${para}</article>`,
    );
    expect(names(html)).toEqual(["Mira Holt"]);
  });

  it("never reads a sidebar aside's author list", () => {
    const html = page(
      `<article><h1>Harbour wall repaired</h1>${para}<aside class="sidebar-authors"><a href="/autor/ole-lind" class="author-name">Ole Lind</a></aside></article>`,
    );
    expect(names(html)).toEqual([]);
  });
});

describe("authors: the site signing, the blog named after its writer", () => {
  it("keeps the site as an Organization when its author-page link is the byline", () => {
    const html = `<html><head><title>Harbour wall repaired</title><meta property="og:site_name" content="harbour-news.example"></head><body><h1>Harbour wall repaired</h1><div class="meta"><a href="https://harbour-news.example/author/harbour-news-example/">harbour-news.example</a> <span>May 2, 2022</span></div>${para}</body></html>`;
    expect(extract(html).authors.map((a) => [a.type, a.name])).toEqual([
      ["Organization", "harbour-news.example"],
    ]);
  });

  it("takes the writer's handle linked to their archive on a blog named after them", () => {
    const html = `<html><head><title>Harbour wall repaired</title><meta property="og:site_name" content="tova unterwegs"></head><body><h1>Harbour wall repaired</h1><small><span class="author-link">| <b>Autor:</b> <a href="https://tova.blog.example/author/tova/" rel="author">tova</a></span></small>${para}</body></html>`;
    expect(names(html)).toEqual(["tova"]);
  });
});

describe("authors: test ids and forum handles", () => {
  it("reads a byline marked only by its test id, a 'u/' handle kept whole", () => {
    const html = page(
      `<div><span>Posted by</span> <div><a data-testid="post_author_link" href="/user/kelpie42/">u/kelpie42</a></div><span data-testid="post_timestamp">4 years ago</span></div><h1>Harbour wall repaired</h1>${para}`,
    );
    expect(names(html)).toEqual(["u/kelpie42"]);
  });

  it("never takes the 'Publiziert' line of an author block for a name", () => {
    const html = page(
      `<h1>Harbour wall repaired</h1><div data-testid="author-meta-line">Publiziert 11/03/2021 um 16:05 GMT</div>${para}`,
    );
    expect(names(html)).toEqual([]);
  });
});

describe("authors: a section kicker before the names", () => {
  it("reads the names after 'Kultur ·'", () => {
    const html = page(
      `<div class="article"><div class="article__author"> Kultur &#xB7; Gero Falk, Ilka Brand </div><p class="title">Harbour wall repaired</p>${para}</div>`,
    );
    expect(names(html)).toEqual(["Gero Falk", "Ilka Brand"]);
  });
});

describe("authors: a generic wire credit against the printed desk", () => {
  it("takes the desk beside the date over JSON-LD's bare 'Agencies'", () => {
    const html = `<html><head><title>Harbour wall repaired</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Harbour wall repaired","author":{"@type":"Person","name":"Agencies"}}</script></head><body><h1>Harbour wall repaired</h1><div class="publish_info"><div class="publisher">HT Online<span>|</span></div><time>04 Mar 2021, 11:15 AM IST</time></div>${para}</body></html>`;
    expect(extract(html).authors.map((a) => [a.type, a.name])).toEqual([
      ["Organization", "HT Online"],
    ]);
  });
});

describe("authors: source lines", () => {
  it("never takes the link after 'Quelle:' or 'Foto:' for the author", () => {
    const html = page(
      `<h1>Harbour wall repaired</h1><div class="entry author-ready">${para}<p>3.8.2021 | Quelle: <a href="https://stone.example/">Nord Granit</a> | harbour.example</p></div>`,
    );
    expect(names(html)).toEqual([]);
  });
});

describe("authors: a job label is not a newsroom", () => {
  it("does not sign the piece as 'Editor' from a role label", () => {
    const html = page(
      `<h1>Harbour wall repaired</h1><div class="byline"><span class="author-role">Editor</span></div>${para}`,
    );
    expect(names(html)).toEqual([]);
  });
});

describe("authors: an account named Editor", () => {
  it("signs as the newsroom when it links to an author page", () => {
    const html = page(
      `<h1>Harbour wall repaired</h1><div class="byline-author"><a href="/author/desk-editor/">Editor</a></div>${para}`,
    );
    expect(names(html)).toEqual(["Editor"]);
  });
});
