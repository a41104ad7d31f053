import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const page = (body: string, lang = "de") =>
  `<!doctype html><html lang="${lang}"><head><title>Chronik des Rudervereins</title></head><body>${body}</body></html>`;

describe("datePublished: a day-first date in the URL", () => {
  it("reads `/31-03-2020` when the day cannot be a month", () => {
    const a = extract(page("<article><h1>Chronik des Rudervereins</h1><p>Text.</p></article>"), {
      url: "https://ruderclub.example/berichte/31-03-2020",
    });
    expect(a.datePublished).toBe("2020-03-31");
    expect(a.sources.datePublished).toBe("url");
  });

  it("leaves `05-06-2020` alone: either number could be the month", () => {
    const a = extract(page("<article><h1>Chronik des Rudervereins</h1><p>Text.</p></article>"), {
      url: "https://ruderclub.example/berichte/05-06-2020-chronik",
    });
    expect(a.datePublished).toBeNull();
  });
});

describe("datePublished: hAtom `abbr.published` on a day-first page", () => {
  it("reads a numeric `title` the page's way round", () => {
    const a = extract(
      page(
        `<div class="hentry"><h1>Chronik des Rudervereins</h1><p class="entry-when">Eingestellt:
        <abbr class="published" title="04-07-2011T18:25:40+0200">4. Juli 2011</abbr></p>
        <p>Text.</p></div>`,
      ),
      { url: "https://ruderclub.example/?beitrag=7" },
    );
    expect(a.datePublished).toBe("2011-07-04");
  });
});
