import type { Article, HeaderList } from "@vellum/model";
import { load } from "cheerio";
import { extractContent } from "./content/index.js";

export interface ExtractOptions {
  /** The page URL: the base for relative links, and a source of dates and sections. */
  readonly url?: string | null;
  /** The HTTP response headers: charset, `Content-Language`, `Last-Modified`. */
  readonly headers?: HeaderList;
}

/** First cut: headline from `<title>`, body from `extractContent`. The extraction issue replaces it. */
export function extract(input: Uint8Array | string, options: ExtractOptions = {}): Article {
  const html = typeof input === "string" ? input : new TextDecoder().decode(input);
  const $ = load(html, { xml: false });
  const url = options.url ?? null;
  const headline = $("title").first().text().trim() || null;
  const content = extractContent($, { url });
  return {
    url,
    canonicalUrl: null,
    headline,
    alternativeHeadline: null,
    description: null,
    authors: [],
    datePublished: null,
    dateModified: null,
    publisher: null,
    image: null,
    images: content.images,
    language: null,
    section: null,
    keywords: [],
    articleType: null,
    isAccessibleForFree: null,
    siteName: null,
    breadcrumb: [],
    wordCount: content.wordCount,
    body: content.body,
    pageJsonLd: [],
    sources: headline ? { headline: "title" } : {},
    warnings: content.warnings,
  };
}
