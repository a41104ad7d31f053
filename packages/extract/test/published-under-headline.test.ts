import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const url = "https://court-notes.example/2020/speeding-officers";
const page = (meta: string, article: string) =>
  `<!doctype html><html lang="de"><head><title>Rasende Beamte</title>${meta}</head>
  <body><article><h1>Rasende Beamte</h1>${article}</article></body></html>`;

describe("datePublished: the lines under the headline", () => {
  it("ignores a date in the text after a link in mid-paragraph", () => {
    const a = extract(
      page(
        `<meta property="article:published_time" content="2020-02-04T13:15:08+00:00">`,
        `<p>Das Obergericht hebt ein Urteil auf (<a href="/u">Urteil 6B_1224/2019</a> vom
        24.01.2020, Fünferbesetzung), das den Beamten nur wegen einfacher Verletzung verurteilt hatte.</p>`,
      ),
      { url },
    );
    expect(a.datePublished).toBe("2020-02-04T13:15:08+00:00");
  });

  it("prefers the published line to an earlier line marked as the last edit", () => {
    const a = extract(
      page(
        `<meta property="article:published_time" content="2019-04-09T08:00:15-06:00">`,
        `<div class="entry-meta"><time class="updated" datetime="2021-12-10">December 10, 2021</time>
        <time class="entry-date published" datetime="2019-04-09">April 9, 2019</time></div>
        <p>Der Text des Artikels.</p>`,
      ),
      { url },
    );
    expect(a.datePublished).toBe("2019-04-09T08:00:15-06:00");
  });

  it("still reads a theme's only date line although it is classed `updated`", () => {
    const a = extract(
      page(
        `<meta property="article:published_time" content="2023-11-03T10:25:56+00:00">`,
        `<p class="byline">Von Jana Roth <time class="updated">6. November 2023, 15:25 Uhr</time></p>
        <p>Der Text des Artikels.</p>`,
      ),
      { url },
    );
    expect(a.datePublished).toBe("2023-11-06");
  });

  it("reads a run-together 'lastupdate' label as an update, not as the shown publication day", () => {
    const a = extract(
      page(
        `<meta property="article:published_time" content="2019-03-08T13:00:00.000Z">`,
        `<p class="meta-date">2019.03.26 lastupdate</p><p>Der Text des Artikels.</p>`,
      ),
      { url },
    );
    expect(a.datePublished).toBe("2019-03-08T13:00:00Z");
  });

  it("does not read the path date of a URL shown as link text", () => {
    const a = extract(
      page(
        `<meta property="article:published_time" content="2020-01-22T17:13:31+00:00">`,
        `<p>Mehr dazu hier:</p><p><a href="https://fotoblog.example/2020/01/15/ameisen/">https://fotoblog.example/2020/01/15/ameisen/</a></p>`,
      ),
      { url },
    );
    expect(a.datePublished).toBe("2020-01-22T17:13:31+00:00");
  });

  it("reads the date in parentheses after the byline, in a header or opening the first paragraph", () => {
    const byline = extract(
      page(
        "",
        `<p class="byline">Von <a href="/autoren/roth">Jana Roth</a> (21. November 2022)</p><p>Text.</p>`,
      ),
      { url },
    );
    expect(byline.datePublished).toBe("2022-11-21");
    const opening = extract(
      page(
        "",
        `<h5><em>Von Jana Roth</em></h5><p>(21. November 2022) Verbraucher erhalten eine Preiserhöhung nach der nächsten, die Versorger lehnen neue Kunden ab.</p>`,
      ),
      { url },
    );
    expect(opening.datePublished).toBe("2022-11-21");
  });
});
