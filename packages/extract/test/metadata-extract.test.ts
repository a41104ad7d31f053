import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { extract, type ScoredCandidate } from "../src/index.js";

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/metadata/${name}`, import.meta.url));

describe("extract: JSON-LD @graph with @id references", () => {
  const a = extract(fixture("graph.html"), { url: "https://tidewater.example/news/seals?utm=x" });

  it("reads the headline, dek and description with provenance", () => {
    expect(a.headline).toBe("Harbour seals return to the estuary");
    expect(a.alternativeHeadline).toBe("A colony of forty animals has settled on the sandbanks");
    expect(a.description).toBe("After forty years, a colony has settled on the sandbanks.");
    expect(a.sources.description).toBe("og");
    expect(a.siteName).toBe("The Tidewater Gazette");
  });

  it("resolves author references and cleans names", () => {
    expect(a.authors.map((p) => p.name)).toEqual(["Ana Silva", "Tom Reed"]);
    const ana = a.authors[0];
    expect(ana?.type).toBe("Person");
    if (ana?.type !== "Person") throw new Error("not a person");
    expect(ana.url).toBe("https://tidewater.example/people/ana-silva");
    expect(ana.jobTitle).toBe("Science editor");
    expect(ana.sameAs).toEqual(["https://social.example/@ana"]);
    expect(a.sources.authors).toBe("jsonld");
  });

  it("keeps the page's offset and resolves the publisher", () => {
    expect(a.datePublished).toBe("2026-03-03T09:15:00+01:00");
    expect(a.dateModified).toBe("2026-03-04T10:00:00+01:00");
    expect(a.publisher?.name).toBe("The Tidewater Gazette");
    expect(a.publisher?.type).toBe("NewsMediaOrganization");
    expect(a.publisher?.logo).toEqual({
      url: "https://tidewater.example/logo.png",
      width: 600,
      height: 60,
      caption: null,
    });
  });

  it("reads image, language, section, keywords, canonical, paywall, type and breadcrumb", () => {
    expect(a.image).toEqual({
      url: "https://tidewater.example/img/seals.jpg",
      width: 1200,
      height: 630,
      caption: null,
    });
    expect(a.language).toBe("en-GB");
    expect(a.section).toBe("Nature");
    expect(a.keywords).toEqual(["seals", "estuary"]);
    expect(a.canonicalUrl).toBe("https://tidewater.example/news/seals");
    expect(a.isAccessibleForFree).toBe(false);
    expect(a.articleType).toBe("NewsArticle");
    expect(a.breadcrumb).toEqual([
      { name: "Home", url: "https://tidewater.example/" },
      { name: "Nature", url: "https://tidewater.example/nature" },
    ]);
    expect(a.pageJsonLd).toHaveLength(1);
  });
});

describe("extract: visible byline and date, no structured data", () => {
  const a = extract(fixture("byline-de.html"), {
    url: "https://stadtanzeiger.example/verkehr/bruecke",
  });

  it("takes the headline without its kicker", () => {
    expect(a.headline).toBe("Die Brücke bleibt gesperrt");
  });

  it("reads the author from the byline, with the author page", () => {
    expect(a.authors.map((p) => p.name)).toEqual(["Lena Vogt"]);
    expect(a.authors[0]?.url).toBe("https://stadtanzeiger.example/autoren/lena-vogt");
  });

  it("reads the German date near the headline, not the archive widget or the comments", () => {
    expect(a.datePublished).toBe("2019-03-03");
    expect(a.language).toBe("de");
  });
});

describe("extract: microdata", () => {
  const a = extract(fixture("microdata.html"), { url: "https://kim.example/2024/notes" });
  it("reads headline, author with url, date and image", () => {
    expect(a.headline).toBe("Notes from the workshop");
    expect(a.authors.map((p) => [p.name, p.url])).toEqual([
      ["Kim Larsen", "https://kim.example/about/kim"],
    ]);
    expect(a.datePublished).toBe("2024-05-06");
    expect(a.sources.datePublished).toBe("microdata");
    expect(a.image?.url).toBe("https://kim.example/uploads/bench.jpg");
    expect(a.articleType).toBe("BlogPosting");
  });
  it("reads the publisher with its logo", () => {
    expect(a.publisher).toEqual({
      type: "Organization",
      name: "Kim's Workshop Notes",
      url: "https://kim.example/",
      logo: { url: "https://kim.example/logo.png", width: null, height: null, caption: null },
      sameAs: [],
    });
    expect(a.sources.publisher).toBe("microdata");
  });
});

describe("extract: broken JSON-LD", () => {
  const a = extract(fixture("broken-jsonld.html"), { url: "https://littoral.example/maree" });
  it("repairs it, warns, and decodes entities in values", () => {
    expect(a.warnings.map((w) => w.code)).toContain("jsonld-repaired");
    expect(a.headline).toBe("La marée d’équinoxe");
    expect(a.description).toBe("Un coefficient de 118, attendu samedi");
    expect(a.datePublished).toBe("2023-09-22");
  });
  it("keeps an organisation that signs the piece as an Organization", () => {
    // Returned or not is the ranker's choice; never as a Person.
    const seen: ScoredCandidate[] = [];
    const b = extract(fixture("broken-jsonld.html"), {
      url: "https://littoral.example/maree",
      onAuthorCandidates: (c) => seen.push(...c),
    });
    expect(seen.find((c) => c.name === "Agence Littoral")?.author.type).toBe("Organization");
    expect(b.authors.every((x) => x.type === "Organization")).toBe(true);
  });
});

describe("extract never throws", () => {
  it("returns nulls for empty and binary input", () => {
    for (const input of ["", new Uint8Array(0), new Uint8Array([0, 1, 2, 255, 254, 0, 60, 62])]) {
      const a = extract(input);
      expect(a.headline).toBeNull();
      expect(a.datePublished).toBeNull();
      expect(a.authors).toEqual([]);
    }
  });

  it("reads the metadata of a 20 MB page", () => {
    const paragraph =
      "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.</p>";
    const html = `<html><head><title>Big page | Site</title></head><body><article><h1>Big page</h1><p>By Jane Doe</p>${paragraph.repeat(Math.ceil((20 * 1024 * 1024) / paragraph.length))}</article></body></html>`;
    const a = extract(html);
    expect(a.headline).toBe("Big page");
    expect(a.authors.map((p) => p.name)).toEqual(["Jane Doe"]);
  }, 120_000);

  it("bounds deep nesting and says so", () => {
    const depth = 3000;
    const html = `<html><body><h1>Deep</h1>${"<div>".repeat(depth)}text${"</div>".repeat(depth)}</body></html>`;
    const a = extract(html, { maxDepth: 500 });
    expect(a.warnings.map((w) => w.code)).toContain("nesting-limited");
    expect(a.headline).toBe("Deep");
  });
});

describe("extract: logo h1, plain-text kicker, printed summary", () => {
  const a = extract(fixture("logo-h1.html"), { url: "https://harbourpost.example/ferry" });

  it("skips the logo h1 and the kicker the metadata title leaves out", () => {
    expect(a.headline).toBe("Ferry fares rise for the first time in ten years");
    expect(a.sources.headline).toBe("heading");
  });

  it("takes the summary printed under the headline as the dek", () => {
    expect(a.alternativeHeadline).toBe(
      "Commuters will pay a fifth more from April, the operator said.",
    );
  });

  it("prefers the RDFa byline to a company in the author meta", () => {
    expect(a.authors.map((p) => p.name)).toEqual(["Priya Nair"]);
    expect(a.sources.authors).toBe("rdfa");
  });

  it("reads the date that opens the first paragraph", () => {
    expect(a.datePublished).toBe("2025-03-12");
  });
});

describe("extract: a dateline byline without 'By'", () => {
  it("reads 'Name | date' right under the headline", () => {
    const html = `<html lang="tr"><body><h1>Tramvay hattı açıldı</h1><div class="kunye">Ayşe Yılmaz | 12 Mart 2024, 14:20</div><p>Metin.</p></body></html>`;
    const a = extract(html);
    expect(a.authors.map((p) => p.name)).toEqual(["Ayşe Yılmaz"]);
    expect(a.datePublished).toBe("2024-03-12");
  });
});

describe("extract: a newsroom byline", () => {
  const page = (author: string) =>
    `<html><head><meta name="author" content="${author}"><title>Storm closes the pier</title></head><body><h1>Storm closes the pier</h1></body></html>`;
  it("is an Organization author, never a Person", () => {
    // Whether a desk signing alone in a meta tag is returned is the ranker's choice; what it is, is not.
    for (const name of ["AOL Staff", "Redaktion Polizeiticker"]) {
      const seen: ScoredCandidate[] = [];
      const a = extract(page(name), { onAuthorCandidates: (c) => seen.push(...c) });
      expect(seen.map((c) => [c.name, c.author.type])).toEqual([[name, "Organization"]]);
      expect(a.authors.every((x) => x.type === "Organization")).toBe(true);
    }
  });
  it("is the site as Organization when the site signs its own piece", () => {
    const html = `<html><head><meta property="og:site_name" content="Harbour Post"><meta name="author" content="Harbour Post"></head><body><h1>Pier closed</h1></body></html>`;
    const seen: ScoredCandidate[] = [];
    const a = extract(html, { onAuthorCandidates: (c) => seen.push(...c) });
    expect(seen.map((c) => [c.name, c.author.type])).toEqual([["Harbour Post", "Organization"]]);
    expect(a.authors.every((x) => x.type === "Organization")).toBe(true);
  });
  it("names nobody when it is a bare role word", () => {
    expect(extract(page("Staff")).authors).toEqual([]);
    expect(extract(page("admin")).authors).toEqual([]);
  });
});

describe("extract: microdata authors with a title after the name, a bio block, a sized image", () => {
  const a = extract(fixture("microdata-bios.html"), { url: "https://quay.example/news/ferry" });
  const people = a.authors.flatMap((p) => (p.type === "Person" ? [p] : []));

  it("reads the job title written after the name and a comma", () => {
    expect(people.map((p) => [p.name, p.jobTitle])).toEqual([
      ["Mara Quist", "Transport Editor"],
      ["Ola Berg", null],
    ]);
  });

  it("attaches each bio paragraph to the author it starts with", () => {
    expect(people.map((p) => p.description)).toEqual([
      "Mara Quist edits the transport desk.",
      "Ola Berg writes about the islands and their economy.",
    ]);
  });

  it("takes the og:image size from the same file's ImageObject", () => {
    expect(a.image).toEqual({
      url: "https://quay.example/img/ferry.jpg",
      width: 1200,
      height: 675,
      caption: null,
    });
  });
});

describe("extract: credits outside the byline", () => {
  it("reads a labelled credit line at the end of the article", () => {
    const a = extract(fixture("credit-label.html"), { url: "https://feuer.example/story/48" });
    expect(a.authors.map((p) => p.name)).toEqual(["Klara Vogt"]);
  });

  it("reads the byline in the article's own footer, not the page footer", () => {
    const a = extract(fixture("article-footer.html"), { url: "https://szene.example/a/1" });
    expect(a.authors.map((p) => [p.name, p.type === "Person" ? p.url : null])).toEqual([
      ["Jana Roth", "https://szene.example/autor/jana-roth"],
    ]);
  });
});

describe("extract: a date in the kicker line above the headline", () => {
  it("reads it when nothing else dates the page", () => {
    const a = extract(fixture("kicker-date.html"), { url: "https://wind.example/presse/park" });
    expect(a.datePublished).toBe("2022-12-06");
  });
});

describe("extract: datelines that put the day first and the name last", () => {
  it("reads the name under the headline", () => {
    const a = extract(fixture("dateline-name-last.html"), {
      url: "https://kids.example/variablen",
    });
    expect(a.authors.map((p) => p.name)).toEqual(["Amelie Lorenz"]);
    expect(a.datePublished).toBe("2019-12-11");
  });

  it("reads the name in the line above the headline", () => {
    const a = extract(fixture("dateline-above.html"), { url: "https://verband.example/presse/1" });
    expect(a.authors.map((p) => p.name)).toEqual(["Uta Helmers"]);
  });
});

describe("extract: a summary cut off with an ellipsis", () => {
  it("loses to the same summary written out in full in another tag", () => {
    const a = extract(fixture("truncated-description.html"), { url: "https://lokal.example/a" });
    expect(a.description).toBe(
      "Saubere Sache: Die Firma wächst nun über die Grenzen des Landes hinaus und eröffnet zwei neue Standorte.",
    );
    expect(a.sources.description).toBe("meta");
  });
});

describe("extract: the publisher named as the JSON-LD author", () => {
  it("gives way to the person an author-classed element names", () => {
    const a = extract(fixture("house-author.html"), { url: "https://klima.example/kipppunkt" });
    expect(a.authors.map((p) => [p.type, p.name])).toEqual([["Person", "Christa Maier"]]);
  });
});

describe("extract: a first name alone in JSON-LD", () => {
  it("takes the full name the printed byline gives", () => {
    const a = extract(fixture("first-name-ld.html"), { url: "https://blog.example/zuhoeren" });
    expect(a.authors.map((p) => [p.name, p.type === "Person" ? p.url : null])).toEqual([
      ["Nils Peters", "https://blog.example/author/nils/"],
    ]);
    expect(a.sources.authors).toBe("jsonld");
  });
});

describe("extract: an institution in the author meta", () => {
  it("is no person; the credit line with label and name in one element is", () => {
    const a = extract(fixture("credit-inline.html"), { url: "https://stiftung.example/tunis" });
    expect(a.authors.map((p) => [p.type, p.name])).toEqual([["Person", "Ute Sander"]]);
  });
});

describe("extract: a date in the headline block above the h1", () => {
  it("beats the dates of a teaser list far below the article", () => {
    const a = extract(fixture("date-above-teasers.html"), {
      url: "https://ngo.example/presse/waffen",
    });
    expect(a.datePublished).toBe("2021-11-02");
  });
});

describe("extract: Drupal's 'submitted' line", () => {
  it("dates the page, not a date in the body text", () => {
    const a = extract(fixture("drupal-submitted.html"), { url: "https://cc.example/node/1" });
    expect(a.datePublished).toBe("2017-07-24");
  });
});

describe("extract: an event's date in the lede under the headline", () => {
  it("does not override the published date", () => {
    const a = extract(fixture("event-date-lede.html"), { url: "https://angeln.example/messe" });
    expect(a.datePublished).toBe("2022-01-11T09:50:50+01:00");
  });
});

describe("extract: the date in an author line", () => {
  it("is read like a byline's", () => {
    const a = extract(fixture("author-line-date.html"), { url: "https://clan.example/news/9" });
    expect(a.datePublished).toBe("2010-12-29");
  });
});
