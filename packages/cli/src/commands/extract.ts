import { renderArticleJson, renderJsonLd, renderMarkdown } from "@vellum/crawl";
import type { Article } from "@vellum/model";
import { underHeading, withInput } from "../display/labelled.js";
import type { Command } from "./command.js";
import { forEachArticle, type PageInputArgs, pageInputOptions } from "./page-inputs.js";

export const EXTRACT_FORMATS = ["json", "jsonld", "text", "markdown", "html"] as const;
export type ExtractFormat = (typeof EXTRACT_FORMATS)[number];

interface ExtractArgs extends PageInputArgs {
  readonly format: ExtractFormat;
}

export const extractCommand: Command<ExtractArgs> = {
  command: "extract <input...>",
  describe: "Extract the article: headline, authors, dates, publisher, image, body",
  examples: [
    ["$0 extract page.html --url https://example.com/news/1", "a saved page, with its URL"],
    ["$0 extract https://example.com/news/1 --format markdown", "fetch a page, print Markdown"],
    ["curl -s URL | $0 extract - --format jsonld", "read stdin, print a JSON-LD graph"],
    ["$0 extract a.html.gz b.html.gz", "several pages: one JSON object per line"],
  ],
  builder: (y) =>
    pageInputOptions(y).option("format", {
      alias: "f",
      choices: EXTRACT_FORMATS,
      default: "json" as ExtractFormat,
      describe: "What to print",
    }),
  async run(args, ctx) {
    const several = args.input.length > 1;
    return forEachArticle(args, ctx, (article, page) => {
      ctx.stdout.write(renderArticle(article, args.format, several ? page.label : null));
    });
  },
};

/**
 * The article in `format`. With several inputs (`input` names this one) every output says which
 * input it came from: a JSON value, one per line, gains an `input` member; a text rendering
 * follows a `==> input <==` line, as `head` and `tail` mark files.
 */
export function renderArticle(
  article: Article,
  format: ExtractFormat,
  input: string | null,
): string {
  const compact = input !== null;
  switch (format) {
    case "json":
      return withInput(renderArticleJson(article, compact), input);
    case "jsonld":
      return withInput(renderJsonLd(article, { compact, embed: false, withBody: false }), input);
    case "text":
      return underHeading(`${article.body.text}\n`, input);
    case "markdown":
      return underHeading(renderMarkdown(article), input);
    case "html":
      return underHeading(`${article.body.html}\n`, input);
  }
}
