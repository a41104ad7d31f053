import { extract } from "@vellum/extract";
import { type Article, type Capture, VellumError } from "@vellum/model";
import type { Argv } from "yargs";
import type { CliContext, GlobalArgs } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import {
  checkInputs,
  inputLabel,
  notAPage,
  type PageInput,
  parseHeaderOptions,
  type ReadInputsOptions,
  readInput,
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

/** How a URL input is read: fetched over HTTP unless a command renders it (`extract --browser`). */
export type PageFetcher = (url: string) => Promise<Capture>;

function readOptionsFor(
  args: PageInputArgs,
  ctx: CliContext,
  render: PageFetcher | undefined,
): ReadInputsOptions {
  return {
    url: args.url,
    headers: parseHeaderOptions(args.header),
    cwd: ctx.cwd,
    stdin: ctx.stdin,
    fetchPage: async (url) => {
      if (render !== undefined) return render(url);
      // The HTTP client loads for a URL input only, never for a file or stdin.
      const { fetchPage } = await import("@vellum/fetch");
      return fetchPage(url, { ...guardOptions(args), signal: ctx.signal });
    },
  };
}

/**
 * The one input loop of `extract`, `jsonld` and `validate`: runs `work` over each input in order.
 * An input that fails (a missing file, a dead URL, a page with no article) is one line on stderr
 * naming it, and the others go on. `work` answers an exit code of its own for an input it handled
 * but found wanting (nothing to validate), or throws for one it could not.
 *
 * The exit code: the input's own with one input; with several, 0 when all went well, the shared
 * code when every one failed the same way, otherwise 1 ("some failed", as `snapshot` says it).
 */
export async function forEachInput(
  args: PageInputArgs,
  ctx: CliContext,
  work: (page: PageInput, index: number) => number | undefined,
  fetchPage?: PageFetcher,
): Promise<number> {
  const options = readOptionsFor(args, ctx, fetchPage);
  checkInputs(args.input, options);
  const several = args.input.length > 1;
  const failures: number[] = [];
  let succeeded = 0;
  for (const [index, input] of args.input.entries()) {
    if (ctx.signal.aborted) return ExitCode.interrupted;
    const label = inputLabel(input);
    try {
      const code = work(await readInput(input, options), index) ?? ExitCode.ok;
      if (code === ExitCode.ok) succeeded++;
      else failures.push(code);
    } catch (error) {
      const code = reportError(error, ctx, args.verbose, several ? label : undefined);
      if (code === ExitCode.interrupted) return code;
      failures.push(code);
    }
  }
  const first = failures[0];
  if (first === undefined) return ExitCode.ok;
  if (succeeded === 0 && failures.every((code) => code === first)) return first;
  return ExitCode.findings;
}

/** Why a page gave no article, as one line naming it. */
function noArticle(page: PageInput, article: Article): VellumError {
  const empty = notAPage(page.bytes);
  const reason = article.warnings.find((w) => w.field === "body")?.message ?? "no main content";
  return new VellumError("no-content", "No article found", {
    value: page.label,
    hint: empty ?? `${reason}; is it an article page? --verbose shows what was found`,
  });
}

/**
 * `forEachInput` with each page's article; `--verbose` prints its warnings. A page with no
 * article text (an empty or binary input, a page of links) is a failure of its own (`no-content`):
 * nothing is printed for it.
 */
export function forEachArticle(
  args: PageInputArgs,
  ctx: CliContext,
  work: (article: Article, page: PageInput) => void,
  fetchPage?: PageFetcher,
): Promise<number> {
  return forEachInput(
    args,
    ctx,
    (page) => {
      const article = extract(page.bytes, { url: page.url, headers: page.headers });
      if (args.verbose) {
        for (const warning of article.warnings) {
          ctx.stderr.write(`vellum: ${page.label}: warning ${warning.code}: ${warning.message}
`);
        }
      }
      if (article.body.text === "") throw noArticle(page, article);
      work(article, page);
      return ExitCode.ok;
    },
    fetchPage,
  );
}
