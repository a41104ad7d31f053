import { readFileSync } from "node:fs";
import { type Article, emptyArticle } from "@vellum/model";
import jsonld from "jsonld";
import { vocabularyDataFromSchemaOrgJsonLd, vocabularyFromData } from "../src/index.js";

/** ../shared from the repo root: present in every checkout and in CI. */
export const SHARED = new URL("../../../../shared/", import.meta.url);
export const REPO = new URL("../../../", import.meta.url);

export function loadV30() {
  const url = new URL("vocab/schemaorg-30/schemaorg-current-https.jsonld", SHARED);
  return vocabularyFromData(
    vocabularyDataFromSchemaOrgJsonLd(JSON.parse(readFileSync(url, "utf8")), "schemaorg-30"),
  );
}

export { emptyArticle };

/** A complete article like the seed page: one author with a bio, a publisher with a logo. */
export function fullArticle(overrides: Partial<Article> = {}): Article {
  return emptyArticle({
    url: "https://news.example/2024/05/12/river-report/?utm_source=x",
    canonicalUrl: "https://news.example/2024/05/12/river-report/",
    headline: "The river report",
    alternativeHeadline: "What the floods left behind",
    description: "A look at the spring floods.",
    authors: [
      {
        type: "Person",
        name: "Jane Doe",
        url: "/author/jane-doe/",
        description: "Jane Doe covers the environment.",
        image: "https://news.example/img/jane.jpg",
        jobTitle: "Environment reporter",
        sameAs: ["https://social.example/janedoe"],
      },
    ],
    datePublished: "2024-05-12T09:30:00+02:00",
    dateModified: "2024-05-13",
    publisher: {
      type: "NewsMediaOrganization",
      name: "News Example",
      url: "https://news.example/",
      logo: { url: "https://news.example/logo.png", width: 600, height: 60, caption: null },
      sameAs: [],
    },
    image: {
      url: "https://news.example/img/river.jpg",
      width: 1200,
      height: 675,
      caption: "The river",
    },
    language: "en",
    section: "Environment",
    keywords: ["floods", "rivers"],
    siteName: "News Example",
    breadcrumb: [
      { name: "Home", url: "https://news.example/" },
      { name: "Environment", url: "/environment/" },
      { name: "The river report", url: null },
    ],
    wordCount: 812,
    body: {
      text: "First paragraph.\n\nSecond paragraph.",
      html: "<p>First paragraph.</p>",
      markdown: "First paragraph.",
    },
    ...overrides,
  });
}

const context = JSON.parse(
  readFileSync(new URL("vocab/schemaorg-30/schemaorgcontext.jsonld", SHARED), "utf8"),
) as unknown;

/** Serves the schema.org context from ../shared; anything else would be a network fetch, so fails. */
const documentLoader = async (url: string) => {
  if (/^https?:\/\/schema\.org\/?$/.test(url)) {
    return { contextUrl: undefined, documentUrl: url, document: context };
  }
  throw new Error(`offline: refusing to load ${url}`);
};

/** jsonld.js expansion in safe mode with the offline loader. */
export async function expand(doc: unknown) {
  // jsonld.js safe mode: any term, IRI or value dropped during expansion throws.
  return jsonld.expand(
    doc as jsonld.JsonLdDocument,
    { documentLoader, safe: true } as jsonld.Options.Expand,
  );
}
