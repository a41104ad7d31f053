import type { Warning } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { buildJsonLd, embedJsonLd, nameHash, validateJsonLd } from "../src/index.js";
import { emptyArticle, fullArticle } from "./helpers.js";

type Node = Record<string, unknown>;
const nodes = (doc: { "@graph": readonly unknown[] }) => doc["@graph"] as Node[];
const byType = (doc: { "@graph": readonly unknown[] }, type: string) =>
  nodes(doc).filter((n) => n["@type"] === type);
const PAGE = "https://news.example/2024/05/12/river-report/";

describe("buildJsonLd", () => {
  it("builds the Yoast-style graph, linked by @id, in a fixed order", () => {
    const doc = buildJsonLd(fullArticle());
    expect(doc["@context"]).toBe("https://schema.org");
    expect(nodes(doc).map((n) => n["@type"])).toEqual([
      "WebPage",
      "NewsArticle",
      "ImageObject",
      "BreadcrumbList",
      "Person",
      "NewsMediaOrganization",
      "ImageObject",
      "WebSite",
    ]);
    const [webpage, article] = nodes(doc);
    expect(webpage).toMatchObject({
      "@id": `${PAGE}#webpage`,
      url: PAGE,
      isPartOf: { "@id": "https://news.example/#website" },
      primaryImageOfPage: { "@id": `${PAGE}#primaryimage` },
      breadcrumb: { "@id": `${PAGE}#breadcrumb` },
    });
    expect(Object.keys(article as Node)).toEqual([
      "@type",
      "@id",
      "isPartOf",
      "mainEntityOfPage",
      "headline",
      "alternativeHeadline",
      "description",
      "datePublished",
      "dateModified",
      "author",
      "publisher",
      "image",
      "thumbnailUrl",
      "articleSection",
      "keywords",
      "inLanguage",
      "wordCount",
    ]);
    expect(article).toMatchObject({
      "@id": `${PAGE}#article`,
      author: [{ "@id": "https://news.example/author/jane-doe/" }],
      publisher: { "@id": "https://news.example/#organization" },
    });
    const [person] = byType(doc, "Person");
    expect(person).toEqual({
      "@type": "Person",
      "@id": "https://news.example/author/jane-doe/",
      name: "Jane Doe",
      url: "https://news.example/author/jane-doe/",
      description: "Jane Doe covers the environment.",
      image: "https://news.example/img/jane.jpg",
      jobTitle: "Environment reporter",
      sameAs: ["https://social.example/janedoe"],
      worksFor: { "@id": "https://news.example/#organization" },
    });
    const [org] = byType(doc, "NewsMediaOrganization");
    expect(org).toMatchObject({
      name: "News Example",
      logo: { "@id": "https://news.example/#/schema/logo/image/" },
    });
  });

  it("is deterministic", () => {
    expect(JSON.stringify(buildJsonLd(fullArticle()))).toBe(
      JSON.stringify(buildJsonLd(fullArticle())),
    );
  });

  it("adds articleBody only when asked", () => {
    expect(nodes(buildJsonLd(fullArticle()))[1]).not.toHaveProperty("articleBody");
    expect(nodes(buildJsonLd(fullArticle(), { withBody: true }))[1]).toHaveProperty(
      "articleBody",
      "First paragraph.\n\nSecond paragraph.",
    );
  });

  it("gives authors without a page a hashed id on the site, stable across spellings", () => {
    const doc = buildJsonLd(
      fullArticle({
        authors: [
          {
            type: "Person",
            name: "John  Roe",
            url: null,
            description: null,
            image: null,
            jobTitle: null,
            sameAs: [],
          },
        ],
      }),
    );
    const [person] = byType(doc, "Person");
    expect(person?.["@id"]).toBe(`https://news.example/#/schema/person/${nameHash("john roe")}`);
    expect(nameHash("John Roe")).toBe(nameHash("john  roe"));
    expect(person).not.toHaveProperty("worksFor");
  });

  it("does not take a section page that a byline links to as the author's @id", () => {
    const jane = fullArticle().authors[0];
    const doc = buildJsonLd(
      fullArticle({ authors: jane ? [{ ...jane, url: "/environment/" }] : [] }),
    );
    const [person] = byType(doc, "Person");
    expect(person?.["@id"]).toBe(`https://news.example/#/schema/person/${nameHash("Jane Doe")}`);
    expect(validateJsonLd(doc).findings).toEqual([]);
  });

  it("fixes author names by Google's guidance, and splits two people", () => {
    const warnings: Warning[] = [];
    const person = (name: string) => ({
      type: "Person" as const,
      name,
      url: null,
      description: null,
      image: null,
      jobTitle: null,
      sameAs: [],
    });
    const doc = buildJsonLd(
      fullArticle({
        authors: [person("By Jane Doe and John Roe"), person("Ann Poe, Staff Writer")],
      }),
      {
        onWarning: (w) => warnings.push(w),
      },
    );
    expect(byType(doc, "Person").map((p) => p.name)).toEqual(["Jane Doe", "John Roe", "Ann Poe"]);
    expect(nodes(doc)[1]?.author).toHaveLength(3);
    expect(warnings.map((w) => w.code)).toEqual(["author-name-fixed", "author-name-fixed"]);
    expect(validateJsonLd(doc).errors).toBe(0);
  });

  it("makes an organization that wrote the piece an Organization author", () => {
    const doc = buildJsonLd(
      fullArticle({
        authors: [
          {
            type: "Person",
            name: "Associated Press",
            url: null,
            description: null,
            image: null,
            jobTitle: null,
            sameAs: [],
          },
          { type: "Organization", name: "News Example", url: null, logo: null, sameAs: [] },
        ],
      }),
    );
    expect(byType(doc, "Person")).toEqual([]);
    const article = nodes(doc)[1] as Node;
    const [wire, own] = article.author as Array<{ "@id": string }>;
    expect(own).toEqual({ "@id": "https://news.example/#organization" });
    expect(nodes(doc).find((n) => n["@id"] === wire?.["@id"])).toMatchObject({
      "@type": "Organization",
      name: "Associated Press",
    });
    expect(validateJsonLd(doc).findings).toEqual([]);
  });

  it("never invents dates: a zoneless time keeps its day, a bad date is left out", () => {
    const warnings: Warning[] = [];
    const doc = buildJsonLd(
      fullArticle({ datePublished: "2024-05-12T09:30:00", dateModified: "yesterday" }),
      {
        onWarning: (w) => warnings.push(w),
      },
    );
    const article = nodes(doc)[1] as Node;
    expect(article.datePublished).toBe("2024-05-12");
    expect(article).not.toHaveProperty("dateModified");
    expect(warnings.map((w) => w.field)).toEqual(["datePublished", "dateModified"]);
  });

  it("leaves out a dateModified before datePublished, and a dek that is an author's bio", () => {
    const warnings: Warning[] = [];
    const jane = fullArticle().authors[0];
    const doc = buildJsonLd(
      fullArticle({
        dateModified: "2023-01-02",
        alternativeHeadline: `Jane Doe ${jane?.type === "Person" ? jane.description : ""}`,
      }),
      { onWarning: (w) => warnings.push(w) },
    );
    const article = nodes(doc)[1] as Node;
    expect(article).not.toHaveProperty("dateModified");
    expect(article).not.toHaveProperty("alternativeHeadline");
    expect(warnings.map((w) => w.code)).toEqual(["date-modified-before-published", "dek-is-bio"]);
  });

  it("makes URLs absolute and leaves out what cannot be", () => {
    const warnings: Warning[] = [];
    const doc = buildJsonLd(
      fullArticle({
        image: { url: "javascript:void(0)", width: null, height: null, caption: null },
        images: [],
      }),
      { onWarning: (w) => warnings.push(w) },
    );
    expect(nodes(doc)[1]).not.toHaveProperty("image");
    expect(warnings.map((w) => w.code)).toContain("url-not-absolute");
    const crumbs = byType(doc, "BreadcrumbList")[0]?.itemListElement as Node[];
    expect(crumbs[1]?.item).toMatchObject({ "@id": "https://news.example/environment/" });
    expect(crumbs[2]).not.toHaveProperty("item");
  });

  it("warns about a headline Google would truncate, and keeps it", () => {
    const warnings: Warning[] = [];
    const long = "A".repeat(120);
    const doc = buildJsonLd(fullArticle({ headline: long }), {
      onWarning: (w) => warnings.push(w),
    });
    expect(nodes(doc)[1]?.headline).toBe(long);
    expect(warnings.map((w) => w.code)).toEqual(["headline-too-long"]);
  });

  it("picks the article type the page claims, or clear signals", () => {
    const type = (overrides: Parameters<typeof fullArticle>[0]) =>
      nodes(buildJsonLd(fullArticle(overrides)))[1]?.["@type"];
    expect(type({})).toBe("NewsArticle");
    expect(type({ articleType: "BlogPosting" })).toBe("BlogPosting");
    expect(type({ articleType: "ReportageNewsArticle" })).toBe("ReportageNewsArticle");
    expect(type({ articleType: "WebPage" })).toBe("NewsArticle");
    expect(type({ section: "Opinion" })).toBe("OpinionNewsArticle");
    expect(type({ canonicalUrl: "https://news.example/blog/post/" })).toBe("BlogPosting");
  });

  it("still builds a linked graph without a URL, with blank-node ids", () => {
    const doc = buildJsonLd(emptyArticle({ headline: "Untitled" }));
    expect(nodes(doc).map((n) => n["@id"])).toEqual(["_:webpage", "_:article"]);
    expect(validateJsonLd(doc).errors).toBe(0);
  });

  it("lets options override the site and publisher", () => {
    const doc = buildJsonLd(fullArticle(), {
      siteUrl: "https://www.news.example/",
      siteName: "News",
      publisher: { type: "Organization", name: "News Group", url: null, logo: null, sameAs: [] },
    });
    expect(byType(doc, "WebSite")[0]).toMatchObject({
      "@id": "https://www.news.example/#website",
      name: "News",
    });
    expect(byType(doc, "Organization")[0]).toMatchObject({ name: "News Group" });
  });

  it("embeds as a script block that a value cannot close", () => {
    const block = embedJsonLd(buildJsonLd(fullArticle({ headline: "</script><b>x" })));
    expect(block.startsWith('<script type="application/ld+json">\n')).toBe(true);
    expect(block.match(/<\/script>/g)).toHaveLength(1);
    const json = block.slice(block.indexOf("\n") + 1, block.lastIndexOf("</script>"));
    expect(nodes(JSON.parse(json))[1]?.headline).toBe("</script><b>x");
  });
});

describe("merging with the page's JSON-LD", () => {
  const pageBlock = {
    "@context": "https://schema.org",
    "@graph": [
      {
        "@type": "NewsArticle",
        "@id": "https://news.example/x#article",
        headline: "The river report (page)",
        datePublished: "2024-05-12T09:30:00",
        author: [
          { "@id": "https://news.example/#/p/1" },
          { "@type": "Person", name: "Ann Poe", sameAs: "https://social.example/ann" },
        ],
        speakable: { "@type": "SpeakableSpecification", cssSelector: [".headline"] },
        image: [
          "https://news.example/img/river.jpg",
          "https://news.example/img/river-4x3.jpg",
          { "@type": "ImageObject", url: "https://news.example/img/river-1x1.jpg", width: 800 },
          "/relative.jpg",
        ],
        copyrightYear: 2024,
        dateModified: "2020-01-01",
        timeRequired: "",
        about: { description: "untyped" },
        wordcount: 3,
        "og:title": "x",
        publisher: { "@id": "https://news.example/#/org" },
      },
      {
        "@type": "Person",
        "@id": "https://news.example/#/p/1",
        name: "Jane Doe",
        knowsLanguage: "en",
      },
      {
        "@type": "NewsMediaOrganization",
        "@id": "https://news.example/#/org",
        name: "News Example",
        foundingDate: "1901",
      },
    ],
  };

  it("keeps the page's sound values, fills its gaps, leaves out what is wrong", () => {
    const warnings: Warning[] = [];
    const doc = buildJsonLd(fullArticle({ pageJsonLd: [pageBlock] }), {
      onWarning: (w) => warnings.push(w),
    });
    const article = nodes(doc)[1] as Node;
    expect(article.headline).toBe("The river report (page)");
    expect(article.datePublished).toBe("2024-05-12T09:30:00+02:00"); // the page's lacks a zone
    expect(article.speakable).toEqual(pageBlock["@graph"][0]?.speakable);
    expect(article.copyrightYear).toBe(2024);
    expect(article).not.toHaveProperty("wordcount");
    expect(article).not.toHaveProperty("timeRequired");
    expect(article).not.toHaveProperty("dateModified"); // the page's is before publication
    expect(article.image).toEqual([
      { "@id": `${PAGE}#primaryimage` },
      "https://news.example/img/river-4x3.jpg",
      {
        "@type": "ImageObject",
        url: "https://news.example/img/river-1x1.jpg",
        width: { "@type": "QuantitativeValue", value: 800, unitCode: "E37" },
      },
    ]);
    expect(article).not.toHaveProperty("about");
    expect(article).not.toHaveProperty("og:title");
    const people = byType(doc, "Person");
    expect(people.map((p) => p.name)).toEqual(["Jane Doe", "Ann Poe"]);
    expect(people[0]?.knowsLanguage).toBe("en");
    expect(people[1]?.sameAs).toBe("https://social.example/ann");
    expect(byType(doc, "NewsMediaOrganization")[0]?.foundingDate).toBe("1901");
    expect(validateJsonLd(doc).findings).toEqual([]);
  });

  it("takes the page's article, not the related stories it lists", () => {
    const related = {
      "@context": "https://schema.org",
      "@type": "ItemList",
      itemListElement: [
        {
          "@type": "ListItem",
          position: 1,
          item: { "@type": "NewsArticle", headline: "Another story" },
        },
      ],
    };
    const other = {
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      url: "https://news.example/other/",
      headline: "Other",
    };
    const own = {
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      url: PAGE,
      headline: "Own headline",
    };
    const headline = (blocks: unknown[]) =>
      (nodes(buildJsonLd(fullArticle({ pageJsonLd: blocks })))[1] as Node).headline;
    expect(headline([related])).toBe("The river report");
    expect(headline([related, other, own])).toBe("Own headline");
  });

  it("adds the authors the page names and the extraction missed", () => {
    const block = {
      "@context": "https://schema.org",
      "@type": "NewsArticle",
      author: { "@type": "Person", name: "By Ann Poe" },
    };
    const doc = buildJsonLd(fullArticle({ authors: [], pageJsonLd: [block] }));
    const article = nodes(doc)[1] as Node;
    const [person] = byType(doc, "Person");
    expect(person?.name).toBe("Ann Poe");
    expect(article.author).toEqual([{ "@id": person?.["@id"] }]);
    expect(validateJsonLd(doc).findings).toEqual([]);
  });

  it("can be turned off", () => {
    const doc = buildJsonLd(fullArticle({ pageJsonLd: [pageBlock] }), { merge: false });
    expect((nodes(doc)[1] as Node).headline).toBe("The river report");
  });
});
