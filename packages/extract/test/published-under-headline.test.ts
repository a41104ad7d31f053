import { describe, expect, it } from "vitest";
import { extract } from "../src/index.js";

const url = "https://ratsblatt.example/2018/gutachten-bruecke";
const page = (meta: string, article: string) =>
  `<!doctype html><html lang="de"><head><title>Brücke bleibt gesperrt</title>${meta}</head>
  <body><article><h1>Brücke bleibt gesperrt</h1>${article}</article></body></html>`;

describe("datePublished: the lines under the headline", () => {
  it("ignores a date in the text after a link in mid-paragraph", () => {
    const a = extract(
      page(
        `<meta property="article:published_time" content="2018-07-02T09:41:00+00:00">`,
        `<p>Der Rat stützt sich auf ein Gutachten (<a href="/g">Gutachten 7 K 31/2017</a> vom
        14.06.2018, zweite Fassung), das die Tragfähigkeit der alten Brücke als zu gering bewertet.</p>`,
      ),
      { url },
    );
    expect(a.datePublished).toBe("2018-07-02T09:41:00+00:00");
  });

  it("prefers the published line to an earlier line marked as the last edit", () => {
    const a = extract(
      page(
        `<meta property="article:published_time" content="2017-05-16T10:20:00-06:00">`,
        `<div class="post-info"><time class="updated" datetime="2019-02-27">February 27, 2019</time>
        <time class="entry-date published" datetime="2017-05-16">May 16, 2017</time></div>
        <p>Der Text des Artikels.</p>`,
      ),
      { url },
    );
    expect(a.datePublished).toBe("2017-05-16T10:20:00-06:00");
  });

  it("keeps the meta date over a line classed `updated`, and reads that line without one", () => {
    const line = `<p class="zeile">Von Ole Kranich <time class="updated">8. September 2016, 11:15 Uhr</time></p>
      <p>Der Text des Artikels.</p>`;
    const withMeta = extract(
      page(`<meta property="article:published_time" content="2016-09-05T14:02:11+00:00">`, line),
      { url },
    );
    expect(withMeta.datePublished).toBe("2016-09-05T14:02:11+00:00");
    expect(extract(page("", line), { url }).datePublished).toBe("2016-09-08");
  });

  it("does not read the path date of a URL shown as link text", () => {
    const a = extract(
      page(
        `<meta property="article:published_time" content="2016-08-30T07:05:12+00:00">`,
        `<p>Frühere Berichte:</p><p><a href="https://ratsblatt.example/2016/08/12/pfeiler/">https://ratsblatt.example/2016/08/12/pfeiler/</a></p>`,
      ),
      { url },
    );
    expect(a.datePublished).toBe("2016-08-30T07:05:12+00:00");
  });

  it("reads the date in parentheses after the byline, in a header or opening the first paragraph", () => {
    const byline = extract(
      page(
        "",
        `<p class="byline">Von <a href="/autoren/kranich">Ole Kranich</a> (9. Mai 2018)</p><p>Text.</p>`,
      ),
      { url },
    );
    expect(byline.datePublished).toBe("2018-05-09");
    const opening = extract(
      page(
        "",
        `<h5><em>Von Ole Kranich</em></h5><p>(9. Mai 2018) Pendler müssen weiter den Umweg über die Nordbrücke nehmen, der Fährbetrieb wird verlängert.</p>`,
      ),
      { url },
    );
    expect(opening.datePublished).toBe("2018-05-09");
  });
});
