import { extract } from "@vellum/extract";
import { fetchPage } from "@vellum/fetch";
import type { Article } from "@vellum/model";
import type { Argv } from "yargs";
import type { CliContext, GlobalArgs } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import {
  checkInputs,
  type PageInput,
  parseHeaderOptions,
  type ReadInputsOptions,
  readInputs,
} from "../inputs.js";
import { guardOptions, type NetworkArgs, networkOptions } from "../network-options.js";
import { reportError } from "../report-error.js";

/** The inputs and options `extract`, `jsonld` and `validate` share. */
export interface PageInputArgs extends GlobalArgs, NetworkArgs {
  readonly input: readonly string[];
  readonly url?: string;
  readonly header: readonly string[];
}

export function pageInputOptions(y: Argv): Argv {
  return networkOptions(y)
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
    });
}

function readOptionsFor(args: PageInputArgs, ctx: CliContext): ReadInputsOptions {
  return {
    url: args.url,
    headers: parseHeaderOptions(args.header),
    cwd: ctx.cwd,
    stdin: ctx.stdin,
    fetchPage: (url) => fetchPage(url, { ...guardOptions(args), signal: ctx.signal }),
  };
}

/**
 * The one input loop of `extract`, `jsonld` and `validate`: checks every input first, then runs
 * `work` over each in order. One failing input (a dead URL) prints its line and the others go on;
 * the exit code is that of the first failure.
 */
export async function forEachInput(
  args: PageInputArgs,
  ctx: CliContext,
  work: (page: PageInput, index: number) => void,
): Promise<number> {
  const options = readOptionsFor(args, ctx);
  await checkInputs(args.input, options);
  let exitCode: number = ExitCode.ok;
  let index = 0;
  const pages = readInputs(args.input, options);
  while (true) {
    let next: IteratorResult<PageInput>;
    try {
      next = await pages.next();
    } catch (error) {
      const code = reportError(error, ctx, args.verbose);
      if (exitCode === ExitCode.ok) exitCode = code;
      continue;
    }
    if (next.done) break;
    work(next.value, index++);
  }
  return exitCode;
}

/** `forEachInput` with each page's article; `--verbose` prints its warnings. */
export function forEachArticle(
  args: PageInputArgs,
  ctx: CliContext,
  work: (article: Article, index: number) => void,
): Promise<number> {
  return forEachInput(args, ctx, (page, index) => {
    const article = extract(page.bytes, { url: page.url, headers: page.headers });
    if (args.verbose) {
      for (const warning of article.warnings) {
        ctx.stderr.write(`vellum: ${page.label}: warning ${warning.code}: ${warning.message}\n`);
      }
    }
    work(article, index);
  });
}
