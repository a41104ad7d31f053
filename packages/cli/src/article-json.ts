import type { Article } from "@vellum/model";

/**
 * The article as `vellum extract` prints it and `article.json` stores it: every field, the body as
 * text (HTML and Markdown have their own formats), provenance and warnings. The page's own JSON-LD
 * is left out: it is the page's, and `vellum jsonld` merges it.
 */
export function articleJson(article: Article): Record<string, unknown> {
  const { body, pageJsonLd: _pageJsonLd, ...fields } = article;
  return { ...fields, body: { text: body.text } };
}
