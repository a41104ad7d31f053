import type { Article, Warning } from "@vellum/model";
import { buildJsonLd, embedJsonLd } from "@vellum/schema";

/**
 * The renderings of an article that `vellum extract`/`jsonld` print and `vellum snapshot` stores
 * (`article.json`, `article.jsonld`, `article.md`). One module, so the files a capture writes are
 * byte for byte what the commands print for the same page.
 */

/**
 * The article as `vellum extract` prints it and `article.json` stores it: every field, the body as
 * text (HTML and Markdown have their own formats), provenance and warnings. The page's own JSON-LD
 * is left out: it is the page's, and `vellum jsonld` merges it.
 */
export function articleJson(article: Article): Record<string, unknown> {
  const { body, pageJsonLd: _pageJsonLd, ...fields } = article;
  return { ...fields, body: { text: body.text } };
}

/** `article.json`'s text: `articleJson`, indented (or one line with `compact`). */
export function renderArticleJson(article: Article, compact = false): string {
  return `${JSON.stringify(articleJson(article), null, compact ? undefined : 2)}\n`;
}

export interface RenderJsonLdOptions {
  /** One line per document (several inputs). */
  readonly compact: boolean;
  /** Wrap in a ready `<script type="application/ld+json">` block. */
  readonly embed: boolean;
  readonly withBody: boolean;
  /** What the builder left out or repaired (Google's guidance), for `--verbose`. */
  readonly onWarning?: (warning: Warning) => void;
}

/** The JSON-LD text for an article, as `extract --format jsonld`, `jsonld` and `snapshot` write it. */
export function renderJsonLd(article: Article, options: RenderJsonLdOptions): string {
  const doc = buildJsonLd(article, {
    withBody: options.withBody,
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  if (options.embed) return embedJsonLd(doc);
  return `${JSON.stringify(doc, null, options.compact ? undefined : 2)}\n`;
}

/** `article.md`'s text, as `vellum extract --format markdown` prints it. */
export function renderMarkdown(article: Article): string {
  return `${article.body.markdown}\n`;
}

/** The three files a capture stores for an article, by file name. */
export function articleFiles(article: Article): {
  readonly "article.json": string;
  readonly "article.jsonld": string;
  readonly "article.md": string;
} {
  return {
    "article.json": renderArticleJson(article),
    "article.jsonld": renderJsonLd(article, { compact: false, embed: false, withBody: false }),
    "article.md": renderMarkdown(article),
  };
}
