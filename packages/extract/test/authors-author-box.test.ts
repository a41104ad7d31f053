import { load } from "cheerio";
import { describe, expect, it } from "vitest";
import { extract, extractContent } from "../src/index.js";

/**
 * The box's name is read here; whether it is the article's author is the ranker's choice (on the
 * dev pages a name found only in an author box was the author once in 14 times), so these tests
 * give the page a byline naming the same person, and check the box's own reading directly.
 */
const boxNames = (html: string) =>
  extractContent(load(html), { url: null }).authorBoxes.map((b) => b.name);

describe("authors: the author box", () => {
  it("takes the name from the heading's link, not the follow button beside it", () => {
    const html = `<html><head><title>Notes from a small orchard</title></head><body><article><h1>Notes from a small orchard</h1>
<p>The quinces were late this year, and the medlars never came at all, which nobody in the village could remember happening before.</p>
<p>We picked what there was in one afternoon and stored it in the cool shed behind the house.</p>
<div class="bio-card"><div class="mini-card"><img src="/p.jpg" alt=""><section><h3><a href="https://social.example/in/idagrunwald">Ida Grünwald</a><a class="follow-button" href="https://social.example/signup">Follow</a></h3><p>Ida Grünwald writes about gardens, weather and the small economies of village life.</p></section></div></div>
</article></body></html>`;
    expect(boxNames(html)).toEqual(["Ida Grünwald"]);
    const withByline = html.replace(
      "<h1>Notes from a small orchard</h1>",
      '<h1>Notes from a small orchard</h1><p class="byline">By <a href="/author/ida-grunwald">Ida Grünwald</a></p>',
    );
    const [ida] = extract(withByline).authors;
    expect(ida?.name).toBe("Ida Grünwald");
    expect(ida?.type === "Person" && ida.description).toBe(
      "Ida Grünwald writes about gardens, weather and the small economies of village life.",
    );
  });
});

describe("authors: the author box label", () => {
  const box = (inner: string) =>
    `<html><head><title>Notes from a small orchard</title></head><body><article><h1>Notes from a small orchard</h1>
<p>The quinces were late this year, and the medlars never came at all, which nobody in the village could remember happening before.</p>
<p>We picked what there was in one afternoon and stored it in the cool shed behind the house.</p>
<div class="author-box">${inner}</div></article></body></html>`;
  const names = boxNames;

  it("strips 'By' only as a whole word ('Byron' is a name)", () => {
    expect(
      names(
        box("<h3>Byron Katz</h3><p>Byron Katz writes about orchards, old apples, quinces.</p>"),
      ),
    ).toEqual(["Byron Katz"]);
  });

  it("skips a heading that is only the label, in any language", () => {
    expect(
      names(
        box(
          "<h4>Über die Autorin</h4><h3>Lea Hofer</h3><p>Lea Hofer schreibt über Gärten, Wetter und das Leben im Dorf.</p>",
        ),
      ),
    ).toEqual(["Lea Hofer"]);
    expect(
      names(
        box(
          "<h4>À propos de l'auteur</h4><h3>Lucie Marchal</h3><p>Lucie Marchal écrit sur les vergers du Jura depuis vingt ans.</p>",
        ),
      ),
    ).toEqual(["Lucie Marchal"]);
  });
});

describe("authors: bold text inside an author bio", () => {
  it("takes bold text as the name only where it opens the box", () => {
    const html = `<html><head><title>Notes from a small orchard</title></head><body><article><h1>Notes from a small orchard</h1>
<p>The quinces were late this year, and the medlars never came at all, which nobody in the village could remember happening before.</p>
<div class="author-box"><p>Our writer grew up among orchards and has tended the <strong>Old Quince Walk</strong> for twenty years.</p></div></article></body></html>`;
    expect(extract(html).authors.map((a) => a.name)).toEqual([]);
  });
});
