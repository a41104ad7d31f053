import type { ArticleBody, ImageRef, Warning } from "@vellum/model";
import type { CheerioAPI } from "cheerio";

/** What main-content detection found, besides the body itself. */
export interface AuthorBox {
  readonly name: string | null;
  readonly bio: string | null;
  readonly url: string | null;
  readonly image: string | null;
}

export interface ContentResult {
  readonly body: ArticleBody;
  readonly images: readonly ImageRef[];
  readonly wordCount: number;
  /** Author boxes removed from the body; their bios belong to the Person. */
  readonly authorBoxes: readonly AuthorBox[];
  readonly warnings: readonly Warning[];
}

export interface ContentOptions {
  /** Base for absolute URLs in `body.html`. */
  readonly url: string | null;
}

/** First cut: the text of `<article>` or `<body>`. The content issue replaces this. */
export function extractContent($: CheerioAPI, _options: ContentOptions): ContentResult {
  const root = $("article").first().length ? $("article").first() : $("body");
  root.find("script, style, noscript").remove();
  const blocks = root
    .find("h1, h2, h3, h4, p, li, blockquote")
    .toArray()
    .map((el) => $(el).text().replace(/\s+/g, " ").trim())
    .filter((t) => t.length > 0);
  const text = blocks.join("\n\n");
  return {
    body: { text, html: blocks.map((b) => `<p>${b}</p>`).join(""), markdown: text },
    images: [],
    wordCount: text.split(/\s+/).filter(Boolean).length,
    authorBoxes: [],
    warnings: [],
  };
}
