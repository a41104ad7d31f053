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
      `<h1>Harbour wall repaired</h1><div class="article_byline"><div>By <span>Joe Roe</span></div><div><div>Daily Ledger</div><time>Dec 13, 2016</time></div></div>${para}`,
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
      `<h1>Harbour wall repaired</h1><h2>Die Polizei fand die Leiche von Eva Muster</h2>${para}`,
    );
    expect(names(victim)).toEqual([]);
  });

  it("never takes a headline with a colon for a name", () => {
    const html = page(
      `<h1>Harbour wall repaired</h1>${para}<p><a href="/people/news/star-mord-in-hafen">"Anker"-Star: Grauenvoller Fund in Hafen</a></p>`,
    );
    expect(names(html)).toEqual([]);
  });
});
