import { describe, expect, it } from "vitest";
import { buildJsonLd, formatReport, validateJsonLd } from "../src/index.js";
import { fullArticle, loadV30 } from "./helpers.js";

/** A small sound graph to break one thing at a time. */
function graph(article: Record<string, unknown> = {}, person: Record<string, unknown> = {}) {
  return {
    "@context": "https://schema.org",
    "@graph": [
      {
        "@type": "NewsArticle",
        "@id": "https://news.example/a#article",
        headline: "A headline",
        image: "https://news.example/a.jpg",
        datePublished: "2024-05-12T09:30:00+02:00",
        author: { "@id": "https://news.example/#/schema/person/1" },
        wordCount: 120,
        ...article,
      },
      {
        "@type": "Person",
        "@id": "https://news.example/#/schema/person/1",
        name: "Jane Doe",
        ...person,
      },
    ],
  };
}

const codes = (doc: unknown) =>
  validateJsonLd(doc).findings.map((f) => `${f.severity} ${f.code} ${f.path}`);

describe("validateJsonLd", () => {
  it("passes a sound graph", () => {
    expect(validateJsonLd(graph())).toEqual({
      valid: true,
      errors: 0,
      warnings: 0,
      infos: 0,
      findings: [],
    });
  });

  it("catches an unknown type", () => {
    expect(codes(graph({ "@type": "NewsArtikel" }))).toContain(
      "error unknown-type $['@graph'][0]['@type']",
    );
  });

  it("catches a misspelled property and suggests the right one", () => {
    const report = validateJsonLd(graph({ wordcount: 120 }));
    expect(report.valid).toBe(false);
    expect(report.findings[0]).toMatchObject({
      code: "unknown-property",
      path: "$['@graph'][0].wordcount",
    });
    expect(report.findings[0]?.message).toContain('did you mean "wordCount"');
  });

  it("catches a property on the wrong type", () => {
    expect(codes(graph({}, { wordCount: 3 }))).toContain(
      "error property-not-applicable $['@graph'][1].wordCount",
    );
  });

  it("catches a date without a time zone", () => {
    expect(codes(graph({ datePublished: "2024-05-12T09:30:00" }))).toContain(
      "error date-without-time-zone $['@graph'][0].datePublished",
    );
    expect(codes(graph({ datePublished: "12 May 2024" }))).toContain(
      "error invalid-date $['@graph'][0].datePublished",
    );
  });

  it('catches "By Jane Doe" as an author name', () => {
    expect(codes(graph({}, { name: "By Jane Doe" }))).toContain(
      "error author-name-prefix $['@graph'][0].author",
    );
    expect(codes(graph({ author: { "@type": "Person", name: "By Jane Doe" } }))).toContain(
      "error author-name-prefix $['@graph'][0].author",
    );
  });

  it("catches two people in one author name", () => {
    expect(codes(graph({}, { name: "Jane Doe and John Roe" }))).toContain(
      "error author-name-multiple $['@graph'][0].author",
    );
  });

  it("catches a dangling @id", () => {
    expect(codes(graph({ author: { "@id": "https://news.example/#/schema/person/2" } }))).toContain(
      "error dangling-id $['@graph'][0].author",
    );
  });

  it("catches invalid JSON", () => {
    const report = validateJsonLd('{"@context": "https://schema.org", "@type": "NewsArticle",}');
    expect(report.valid).toBe(false);
    expect(report.findings[0]).toMatchObject({
      severity: "error",
      code: "invalid-json",
      path: "$",
    });
  });

  it("catches values of the wrong type, relative URLs and a missing context", () => {
    expect(codes(graph({ author: { "@type": "Place", name: "Paris" } }))).toContain(
      "error wrong-value-type $['@graph'][0].author",
    );
    expect(codes(graph({ url: "/a" }))).toContain("error url-not-absolute $['@graph'][0].url");
    expect(codes(graph({ image: "data:image/png;base64,AAAA" }))).toContain(
      "error image-not-crawlable $['@graph'][0].image",
    );
    expect(codes({ "@type": "NewsArticle", headline: "x" })).toEqual(["error missing-context $"]);
    expect(codes(graph({ isAccessibleForFree: "maybe" }))).toContain(
      "error invalid-boolean $['@graph'][0].isAccessibleForFree",
    );
  });

  it("takes a Quantity as text, warns about empty values and bare numbers for sizes", () => {
    expect(codes(graph({ timeRequired: "PT5M" }))).toEqual([]);
    expect(codes(graph({ timeRequired: " " }))).toEqual([
      "warning empty-value $['@graph'][0].timeRequired",
    ]);
    expect(
      codes(
        graph({ image: { "@type": "ImageObject", url: "https://news.example/a.jpg", width: 800 } }),
      ),
    ).toEqual(["warning number-for-quantity $['@graph'][0].image.width"]);
  });

  it("knows the schema.org context's aliases and the Actions input shorthand", () => {
    const doc = {
      "@context": "https://schema.org",
      type: "WebSite",
      id: "https://news.example/#website",
      url: "https://news.example/",
      potentialAction: {
        "@type": "SearchAction",
        target: "https://news.example/?s={q}",
        "query-input": "required name=q",
      },
    };
    expect(validateJsonLd(doc).findings).toEqual([]);
    expect(codes({ ...doc, type: "WebSight" })).toEqual(["error unknown-type $.type"]);
  });

  it("warns, and only warns, about a superseded property", () => {
    expect(codes(graph({ interactionCount: "12 UserComments" }))).toEqual([
      "warning superseded-property $['@graph'][0].interactionCount",
    ]);
  });

  it("warns about a relative @id, which a pasted block would resolve against the wrong page", () => {
    expect(codes(graph({}, { "@id": "#jane" }))).toContain(
      "warning relative-id $['@graph'][1]['@id']",
    );
  });

  it("warns about what Google recommends", () => {
    const doc = graph({ headline: "x".repeat(111), image: undefined });
    const report = validateJsonLd(doc);
    expect(report.valid).toBe(true);
    expect(report.findings.map((f) => f.code)).toEqual(["headline-too-long", "image-missing"]);
  });

  it("says when datePublished is missing, and image sizes under Google's 50,000 pixels", () => {
    expect(codes(graph({ datePublished: undefined }))).toEqual([
      "warning date-published-missing $['@graph'][0]",
    ]);
    const image = (width: unknown, height: unknown) =>
      graph({
        image: { "@type": "ImageObject", url: "https://news.example/a.jpg", width, height },
      });
    expect(codes(image(200, 200))).toEqual([
      "warning number-for-quantity $['@graph'][0].image.width",
      "warning number-for-quantity $['@graph'][0].image.height",
      "warning image-too-small $['@graph'][0].image",
    ]);
    const quantity = (value: number) => ({ "@type": "QuantitativeValue", value, unitCode: "E37" });
    expect(codes(image(quantity(300), quantity(100)))).toEqual([
      "warning image-too-small $['@graph'][0].image",
    ]);
    expect(codes(image(quantity(1200), quantity(675)))).toEqual([]);
  });

  it("reads an image's size from the image itself when the markup gives none", () => {
    const sizes = new Map([["https://news.example/a.jpg", { width: 120, height: 90 }]]);
    const report = validateJsonLd(graph(), { imageSize: (url) => sizes.get(url) ?? null });
    expect(report.findings.map((f) => `${f.code} ${f.message}`)).toEqual([
      "image-too-small the image is 120×90 (image file): under Google's 50,000 pixels",
    ]);
  });

  it("reports missing recommended properties as info only when asked", () => {
    const doc = graph({
      image: {
        "@type": "ImageObject",
        url: "https://news.example/a.jpg",
        width: { "@type": "QuantitativeValue", value: 800 },
        height: { "@type": "QuantitativeValue", value: 600 },
      },
    });
    expect(codes(doc)).toEqual([]);
    const report = validateJsonLd(doc, { recommended: true });
    expect(report.findings.map((f) => `${f.severity} ${f.code} ${f.path}`)).toEqual([
      "info image-narrow $['@graph'][0].image",
      "info date-modified-missing $['@graph'][0]",
      "info author-url-missing $['@graph'][0].author",
    ]);
    expect(report).toMatchObject({ valid: true, errors: 0, warnings: 0, infos: 3 });
  });

  it("checks an organization author as an Organization, not by person-name rules", () => {
    expect(
      codes(graph({ author: { "@type": "Organization", name: "The Editorial Board" } })),
    ).toEqual([]);
    expect(codes(graph({}, { name: "Associated Press" }))).toContain(
      "warning author-organization-as-person $['@graph'][0].author",
    );
  });

  it("reads an untyped object with an @id as more about the node typed elsewhere (Yoast's author links)", () => {
    const doc = graph({
      author: { "@id": "https://news.example/#/schema/person/1", name: "Jane Doe" },
    });
    expect(validateJsonLd(doc).findings).toEqual([]);
    const bad = graph({
      author: { "@id": "https://news.example/#/schema/person/1", wordCount: 1 },
    });
    expect(codes(bad)).toContain("error property-not-applicable $['@graph'][0].author.wordCount");
  });

  it("checks several blocks of one page together", () => {
    const [article, person] = graph()["@graph"];
    const report = validateJsonLd([
      { "@context": "https://schema.org", ...article },
      { "@context": "https://schema.org", ...person },
    ]);
    expect(report.findings).toEqual([]);
  });

  it("validates against another vocabulary release when given one", () => {
    const v30 = loadV30();
    expect(validateJsonLd(graph(), { vocabulary: v30 }).valid).toBe(true);
    const doc = {
      "@context": "https://schema.org",
      "@type": "Credential",
      "@id": "https://x.example/c",
      name: "x",
    };
    expect(validateJsonLd(doc, { vocabulary: v30 }).valid).toBe(true);
    expect(validateJsonLd(doc).valid).toBe(false);
  });

  it("formats one finding per line with its path, then a summary", () => {
    const text = formatReport(validateJsonLd(graph({ wordcount: 1 })), "a.jsonld");
    expect(text.split("\n")[0]).toMatch(
      /^a\.jsonld: error +\$\['@graph'\]\[0\]\.wordcount {2}unknown-property/,
    );
    expect(text).toContain("a.jsonld: invalid: 1 error, 0 warnings");
  });

  it("finds no error in our own output for a full article, with or without the body", () => {
    for (const withBody of [false, true]) {
      const doc = buildJsonLd(fullArticle(), { withBody });
      expect(validateJsonLd(doc).findings).toEqual([]);
      expect(validateJsonLd(doc, { vocabulary: loadV30() }).findings).toEqual([]);
    }
  });
});
