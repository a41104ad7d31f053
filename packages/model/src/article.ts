/** Where an extracted value came from, so that a wrong value can be traced to its rule. */
export type Provenance =
  | "jsonld"
  | "microdata"
  | "rdfa"
  | "og"
  | "twitter"
  | "dublincore"
  | "meta"
  | "time"
  | "byline"
  | "author-box"
  | "title"
  | "heading"
  | "url"
  | "http"
  | "heuristic"
  | "content";

export interface ImageRef {
  /** Absolute URL. */
  readonly url: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly caption: string | null;
}

export interface Person {
  readonly type: "Person";
  /** Only the name: no "By", job title, date or site name. */
  readonly name: string;
  /** The author's page on the site, absolute. */
  readonly url: string | null;
  /** The bio, usually from an author box. */
  readonly description: string | null;
  readonly image: string | null;
  readonly jobTitle: string | null;
  /** Profiles elsewhere (social networks, Wikipedia), absolute URLs. */
  readonly sameAs: readonly string[];
}

export interface Organization {
  readonly type: "Organization" | "NewsMediaOrganization";
  readonly name: string;
  readonly url: string | null;
  readonly logo: ImageRef | null;
  readonly sameAs: readonly string[];
}

/** An article is written by people, or by an organization (a wire service, "Editorial Board"). */
export type Author = Person | Organization;

export interface ArticleBody {
  /** Blocks separated by a blank line. */
  readonly text: string;
  /** Clean, safe HTML with absolute URLs. */
  readonly html: string;
  readonly markdown: string;
}

export interface Breadcrumb {
  readonly name: string;
  readonly url: string | null;
}

export interface Warning {
  /** Stable, kebab-case, e.g. `jsonld-repaired`, `headline-too-long`. */
  readonly code: string;
  readonly message: string;
  readonly field?: ArticleField;
}

export type ArticleField =
  | "url"
  | "canonicalUrl"
  | "headline"
  | "alternativeHeadline"
  | "description"
  | "authors"
  | "datePublished"
  | "dateModified"
  | "publisher"
  | "image"
  | "language"
  | "section"
  | "keywords"
  | "articleType"
  | "isAccessibleForFree"
  | "siteName"
  | "breadcrumb"
  | "body";

export interface Article {
  /** The page URL as given or fetched. */
  readonly url: string | null;
  readonly canonicalUrl: string | null;
  readonly headline: string | null;
  /** The dek: the standfirst under the headline, when the page shows one. */
  readonly alternativeHeadline: string | null;
  readonly description: string | null;
  /** In byline order. */
  readonly authors: readonly Author[];
  /** ISO 8601; with its offset when the page gives a time, `YYYY-MM-DD` when only the day. */
  readonly datePublished: string | null;
  readonly dateModified: string | null;
  readonly publisher: Organization | null;
  /** The lead image. */
  readonly image: ImageRef | null;
  /** Every image in the body, in order. */
  readonly images: readonly ImageRef[];
  /** BCP 47. */
  readonly language: string | null;
  readonly section: string | null;
  readonly keywords: readonly string[];
  /** The schema.org type the page itself claims (`NewsArticle`, `BlogPosting` …), if any. */
  readonly articleType: string | null;
  /** `false` when the page marks itself as paywalled. */
  readonly isAccessibleForFree: boolean | null;
  readonly siteName: string | null;
  readonly breadcrumb: readonly Breadcrumb[];
  readonly wordCount: number;
  readonly body: ArticleBody;
  /** The page's own JSON-LD blocks, parsed (repaired where needed), for merging downstream. */
  readonly pageJsonLd: readonly unknown[];
  /** Which rule gave each field. */
  readonly sources: Partial<Record<ArticleField, Provenance>>;
  readonly warnings: readonly Warning[];
}

/** An article with every field empty: what extraction returns for a page it cannot read. */
export function emptyArticle(overrides: Partial<Article> = {}): Article {
  return {
    url: null,
    canonicalUrl: null,
    headline: null,
    alternativeHeadline: null,
    description: null,
    authors: [],
    datePublished: null,
    dateModified: null,
    publisher: null,
    image: null,
    images: [],
    language: null,
    section: null,
    keywords: [],
    articleType: null,
    isAccessibleForFree: null,
    siteName: null,
    breadcrumb: [],
    wordCount: 0,
    body: { text: "", html: "", markdown: "" },
    pageJsonLd: [],
    sources: {},
    warnings: [],
    ...overrides,
  };
}
