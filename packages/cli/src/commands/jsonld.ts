import { renderJsonLd } from "@vellum/crawl";
import { afterComment, withInput } from "../display/labelled.js";
import type { Command } from "./command.js";
import { forEachArticle, type PageInputArgs, pageInputOptions } from "./page-inputs.js";

interface JsonLdArgs extends PageInputArgs {
  readonly embed: boolean;
  readonly withBody: boolean;
}

export const jsonldCommand: Command<JsonLdArgs> = {
  command: "jsonld <input...>",
  describe: "Print the schema.org JSON-LD graph (NewsArticle, Person, Organization) for a page",
  examples: [
    ["$0 jsonld page.html --url https://example.com/news/1", "a saved page, with its URL"],
    [
      "$0 jsonld https://example.com/news/1 --embed",
      "a <script> block ready to paste into the page",
    ],
    ["$0 jsonld page.html.gz --with-body", "include articleBody"],
  ],
  builder: (y) =>
    pageInputOptions(y)
      .option("embed", {
        type: "boolean",
        default: false,
        describe: 'Print a <script type="application/ld+json"> block',
      })
      .option("with-body", {
        type: "boolean",
        default: false,
        describe: "Add articleBody (the article text)",
      }),
  async run(args, ctx) {
    // Several inputs: one document per line, so the output stays a stream of JSON values.
    const compact = args.input.length > 1 && !args.embed;
    const several = args.input.length > 1;
    return forEachArticle(args, ctx, (article, page) => {
      const onWarning = (w: { code: string; message: string }) => {
        if (args.verbose) {
          ctx.stderr.write(`vellum: ${page.label}: warning ${w.code}: ${w.message}\n`);
        }
      };
      const text = renderJsonLd(article, {
        compact,
        embed: args.embed,
        withBody: args.withBody,
        onWarning,
      });
      const input = several ? page.label : null;
      ctx.stdout.write(args.embed ? afterComment(text, input) : withInput(text, input));
    });
  },
};
