import { renderArticleJson, renderJsonLd, renderMarkdown } from "@vellum/crawl";
import type { Article } from "@vellum/model";
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
    return forEachArticle(args, ctx, (article) => {
      ctx.stdout.write(renderArticle(article, args.format, several));
    });
  },
};

export function renderArticle(article: Article, format: ExtractFormat, compact: boolean): string {
  switch (format) {
    case "json":
      return renderArticleJson(article, compact);
    case "jsonld":
      return renderJsonLd(article, { compact, embed: false, withBody: false });
    case "text":
      return `${article.body.text}\n`;
    case "markdown":
      return renderMarkdown(article);
    case "html":
      return `${article.body.html}\n`;
  }
}
