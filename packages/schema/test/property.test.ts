import type { Author, ImageRef } from "@vellum/model";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildJsonLd, validateJsonLd } from "../src/index.js";
import { emptyArticle } from "./helpers.js";

const text = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ maxLength: 20, unit: "grapheme" }),
  fc.constantFrom(
    "By Jane Doe",
    "Jane Doe and John Roe",
    "Dr. Ann Poe, Senior Editor",
    "Staff",
    "Reuters",
    "",
  ),
);
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: null });
const url = fc.oneof(
  fc.webUrl(),
  fc.constantFrom(
    "/relative/path",
    "javascript:alert(1)",
    "not a url",
    "//cdn.example/x.jpg",
    "mailto:a@b.example",
  ),
);
const date = fc.oneof(
  fc
    .date({ min: new Date("1990-01-01"), max: new Date("2030-01-01"), noInvalidDate: true })
    .map((d) => d.toISOString()),
  fc.constantFrom(
    "2024-05-12",
    "2024-05-12T09:30:00",
    "2024-13-40",
    "yesterday",
    "2024",
    "2024-05-12 09:30:00+02:00",
  ),
);
const image: fc.Arbitrary<ImageRef> = fc.record({
  url,
  width: maybe(fc.integer({ min: -5, max: 5000 })),
  height: maybe(fc.integer({ min: -5, max: 5000 })),
  caption: maybe(text),
});
const author: fc.Arbitrary<Author> = fc.oneof(
  fc.record({
    type: fc.constant("Person" as const),
    name: text,
    url: maybe(url),
    description: maybe(text),
    image: maybe(url),
    jobTitle: maybe(text),
    sameAs: fc.array(url, { maxLength: 2 }),
  }),
  fc.record({
    type: fc.constantFrom("Organization" as const, "NewsMediaOrganization" as const),
    name: text,
    url: maybe(url),
    logo: maybe(image),
    sameAs: fc.array(url, { maxLength: 2 }),
  }),
);

const anything = fc.oneof(text, url, date, fc.jsonValue({ maxDepth: 2 }));
const pageNode = fc.record(
  {
    "@context": fc.constantFrom("https://schema.org", "http://schema.org/"),
    "@type": fc.constantFrom(
      "NewsArticle",
      "Article",
      "BlogPosting",
      "WebPage",
      "Person",
      "Organization",
      "Nope",
    ),
    "@id": fc.oneof(url, fc.constant("https://news.example/#/schema/person/1")),
    headline: anything,
    name: anything,
    author: fc.oneof(
      anything,
      fc.record({
        "@type": fc.constantFrom("Person", "Organization", "Thing"),
        name: anything,
        url: anything,
      }),
      fc.constant({ "@id": "https://news.example/#/schema/person/1" }),
    ),
    image: fc.oneof(
      anything,
      fc.record({ "@type": fc.constant("ImageObject"), url: anything, width: anything }),
    ),
    datePublished: anything,
    dateModified: anything,
    publisher: fc.oneof(
      anything,
      fc.record({ "@type": fc.constant("Organization"), name: anything, logo: anything }),
    ),
    wordCount: anything,
    sameAs: anything,
    keywords: anything,
    speakable: anything,
  },
  { requiredKeys: ["@context", "@type"] },
);

describe("whatever the extraction hands over", () => {
  it("the graph built from it has no validation error", () => {
    fc.assert(
      fc.property(
        fc.record({
          url: maybe(url),
          canonicalUrl: maybe(url),
          headline: maybe(text),
          alternativeHeadline: maybe(text),
          description: maybe(text),
          authors: fc.array(author, { maxLength: 3 }),
          datePublished: maybe(date),
          dateModified: maybe(date),
          image: maybe(image),
          language: maybe(fc.constantFrom("en", "de-DE", "")),
          section: maybe(text),
          keywords: fc.array(text, { maxLength: 3 }),
          articleType: maybe(
            fc.constantFrom("BlogPosting", "Person", "Nonsense", "ReportageNewsArticle"),
          ),
          isAccessibleForFree: maybe(fc.boolean()),
          siteName: maybe(text),
          breadcrumb: fc.array(fc.record({ name: text, url: maybe(url) }), { maxLength: 3 }),
          wordCount: fc.integer({ min: 0, max: 5000 }),
          pageJsonLd: fc.array(
            fc.oneof(
              pageNode,
              fc.record({
                "@context": fc.constant("https://schema.org"),
                "@graph": fc.array(pageNode, { maxLength: 3 }),
              }),
              fc.jsonValue({ maxDepth: 2 }),
            ),
            { maxLength: 2 },
          ),
        }),
        fc.boolean(),
        (fields, withBody) => {
          const built = buildJsonLd(emptyArticle(fields), { withBody });
          // What is printed is what counts: no undefined may turn into a null on the way out.
          const doc = JSON.parse(JSON.stringify(built));
          expect(doc).toStrictEqual(built);
          const bad = validateJsonLd(doc).findings.filter(
            (f) => f.severity === "error" || f.code === "null-value",
          );
          expect(bad).toEqual([]);
        },
      ),
      { numRuns: 300, seed: 20261125 },
    );
  });
});

describe("validateJsonLd", () => {
  it("never throws, and every finding has a JSON path, on any JSON or text", () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.string(), pageNode), (doc) => {
        const report = validateJsonLd(doc);
        expect(report.errors + report.warnings).toBe(report.findings.length);
        for (const f of report.findings) expect(f.path.startsWith("$")).toBe(true);
      }),
      { numRuns: 500, seed: 20261125 },
    );
  });
});
