import { extract } from "@vellum/extract";
import { fetchPage } from "@vellum/fetch";
import type { Article } from "@vellum/model";
import type { Argv } from "yargs";
import { articleJson } from "../article-json.js";
import type { CliContext, GlobalArgs } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { checkInputs, parseHeaderOptions, type ReadInputsOptions, readInputs } from "../inputs.js";
import { reportError } from "../main.js";
import type { Command } from "./command.js";
import { renderJsonLd } from "./render-jsonld.js";

export const EXTRACT_FORMATS = ["json", "jsonld", "text", "markdown", "html"] as const;
export type ExtractFormat = (typeof EXTRACT_FORMATS)[number];

/** The inputs and options `extract` and `jsonld` share. */
export interface PageInputArgs extends GlobalArgs {
  readonly input: readonly string[];
  readonly url?: string;
  readonly header: readonly string[];
  readonly allowPrivate: boolean;
}

interface ExtractArgs extends PageInputArgs {
  readonly format: ExtractFormat;
}

export function pageInputOptions(y: Argv): Argv {
  return y
    .positional("input", {
      describe: "Path to .html or .html.gz, - for stdin, or an http(s) URL",
      type: "string",
      array: true,
    })
    .option("url", {
      type: "string",
      describe: "The page URL of a file or stdin input (base for links, source of dates)",
    })
    .option("header", {
      type: "string",
      array: true,
      default: [],
      describe:
        "A response header the file was served with, e.g. 'Content-Type: text/html; charset=windows-1254'",
    })
    .option("allow-private", {
      type: "boolean",
      default: false,
      describe: "Allow URLs on loopback and private networks",
    });
}

export function readOptionsFor(args: PageInputArgs, ctx: CliContext): ReadInputsOptions {
  return {
    url: args.url,
    headers: parseHeaderOptions(args.header),
    cwd: ctx.cwd,
    stdin: ctx.stdin,
    fetchPage: (url) => fetchPage(url, { allowPrivate: args.allowPrivate, signal: ctx.signal }),
  };
}

/**
 * Runs `work` over every input in order. One failing input (a dead URL) prints its line and the
 * others go on; the exit code is that of the first failure.
 */
export async function forEachPage(
  args: PageInputArgs,
  ctx: CliContext,
  work: (article: Article, index: number) => void,
): Promise<number> {
  const options = readOptionsFor(args, ctx);
  await checkInputs(args.input, options);
  let exitCode: number = ExitCode.ok;
  let index = 0;
  const pages = readInputs(args.input, options);
  while (true) {
    let next: IteratorResult<Awaited<ReturnType<typeof pages.next>>["value"]>;
    try {
      next = await pages.next();
    } catch (error) {
      const code = reportError(error, ctx, args.verbose);
      if (exitCode === ExitCode.ok) exitCode = code;
      continue;
    }
    if (next.done) break;
    const page = next.value;
    const article = extract(page.bytes, { url: page.url, headers: page.headers });
    if (args.verbose) {
      for (const warning of article.warnings) {
        ctx.stderr.write(`vellum: ${page.label}: warning ${warning.code}: ${warning.message}\n`);
      }
    }
    work(article, index++);
  }
  return exitCode;
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
    return forEachPage(args, ctx, (article) => {
      ctx.stdout.write(renderArticle(article, args.format, several));
    });
  },
};

export function renderArticle(article: Article, format: ExtractFormat, compact: boolean): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(articleJson(article), null, compact ? undefined : 2)}\n`;
    case "jsonld":
      return renderJsonLd(article, { compact, embed: false, withBody: false });
    case "text":
      return `${article.body.text}\n`;
    case "markdown":
      return `${article.body.markdown}\n`;
    case "html":
      return `${article.body.html}\n`;
  }
}
