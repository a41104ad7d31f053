import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const page = (body: string, lang = "de") =>
  `<!doctype html><html lang="${lang}"><head><title>Ein Jahr am Hafen</title></head><body>${body}</body></html>`;

describe("datePublished: a day-first date in the URL", () => {
  it("reads `/29-10-2021` when the day cannot be a month", () => {
    const a = extract(page("<article><h1>Ein Jahr am Hafen</h1><p>Text.</p></article>"), {
      url: "https://verein.example/meldungen/29-10-2021",
    });
    expect(a.datePublished).toBe("2021-10-29");
    expect(a.sources.datePublished).toBe("url");
  });

  it("leaves `03-04-2021` alone: either number could be the month", () => {
    const a = extract(page("<article><h1>Ein Jahr am Hafen</h1><p>Text.</p></article>"), {
      url: "https://verein.example/meldungen/03-04-2021-hafen",
    });
    expect(a.datePublished).toBeNull();
  });
});

describe("datePublished: hAtom `abbr.published` on a day-first page", () => {
  it("reads a numeric `title` the page's way round", () => {
    const a = extract(
      page(
        `<div class="post"><h1>Ein Jahr am Hafen</h1><div class="postDate">Veröffentlicht am:
        <abbr class="published" title="06-08-2009T14:12:32+0200">6. August 2009</abbr></div>
        <p>Text.</p></div>`,
      ),
      { url: "https://blog.example/?p=12" },
    );
    expect(a.datePublished).toBe("2009-08-06");
  });
});
