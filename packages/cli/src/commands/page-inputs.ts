import { createExtractPool, type ExtractOptions, type ExtractPool } from "@vellum/extract";
import { type Article, type Capture, VellumError } from "@vellum/model";
import type { Argv } from "yargs";
import type { CliContext, GlobalArgs } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import {
  checkInputs,
  inputLabel,
  looksLikeHttpUrl,
  notAPage,
  type PageInput,
  parseHeaderOptions,
  type ReadInputsOptions,
  readInput,
} from "../inputs.js";
import { collectAfterLargePage } from "../large-pages.js";
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

/** What is left to do for an input once its work is done, in input order: print, answer a code. */
export type FinishInput = () => number | undefined;

/**
 * The one input loop of `extract`, `jsonld` and `validate`: runs `work` over each input in order.
 * An input that fails (a missing file, a dead URL, a page with no article) is one line on stderr
 * naming it, and the others go on. `work` answers an exit code of its own for an input it handled
 * but found wanting (nothing to validate), or throws for one it could not.
 *
 * The exit code: the input's own with one input; with several, 0 when all went well, the shared
 * code when every one failed the same way, otherwise 1 ("some failed", as `snapshot` says it).
 */
export function forEachInput(
  args: PageInputArgs,
  ctx: CliContext,
  work: (page: PageInput, index: number) => number | undefined,
  fetchPage?: PageFetcher,
): Promise<number> {
  return forEachInputAhead(
    args,
    ctx,
    1,
    (page, index) => {
      const code = work(page, index);
      return () => code;
    },
    fetchPage,
  );
}

/**
 * `forEachInput` with up to `ahead` inputs in progress at once: the next files are read (and
 * gunzipped, off this thread) and `work` may start on them (e.g. on worker threads) while an
 * earlier one is still worked on. What `work` answers, the finish, runs strictly in input order,
 * so the output and the error lines come in the order of the inputs whatever finished first.
 * URLs are still fetched one after the other.
 */
export async function forEachInputAhead(
  args: PageInputArgs,
  ctx: CliContext,
  ahead: number,
  work: (page: PageInput, index: number) => FinishInput | Promise<FinishInput>,
  fetchPage?: PageFetcher,
): Promise<number> {
  const options = readOptionsFor(args, ctx, fetchPage);
  const inputs = args.input;
  checkInputs(inputs, options);
  const several = inputs.length > 1;
  const inProgress = new Map<number, Promise<FinishInput>>();
  let fetching: Promise<unknown> = Promise.resolve();
  let started = 0;
  const start = (index: number): void => {
    const input = inputs[index] as string;
    let read: Promise<PageInput>;
    if (looksLikeHttpUrl(input)) {
      read = fetching.then(() => readInput(input, options));
      fetching = read.catch(() => {});
    } else read = readInput(input, options);
    const job = read.then((page) => work(page, index));
    // Its failure is reported in its turn, below; until then it must not count as unhandled.
    job.catch(() => {});
    inProgress.set(index, job);
  };
  const failures: number[] = [];
  let succeeded = 0;
  for (const [index, input] of inputs.entries()) {
    if (ctx.signal.aborted) return ExitCode.interrupted;
    while (started < inputs.length && started < index + Math.max(1, ahead)) start(started++);
    const label = inputLabel(input);
    try {
      const job = inProgress.get(index) as Promise<FinishInput>;
      inProgress.delete(index);
      const code = (await job)() ?? ExitCode.ok;
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

/** Why a page gave no article, as one line naming it; `empty`: why its bytes can be no page. */
function noArticle(page: PageInput, article: Article, empty: string | null): VellumError {
  const reason = article.warnings.find((w) => w.field === "body")?.message ?? "no main content";
  return new VellumError("no-content", "No article found", {
    value: page.label,
    hint: empty ?? `${reason}; is it an article page? --verbose shows what was found`,
  });
}

const NO_BYTES = new Uint8Array(0);

/**
 * The page's article, its bytes handed to the pool and let go here (`page.bytes` is left empty):
 * the extractor lets them go in turn once decoded, so that they are garbage while the page is
 * parsed (20 MB of a 20 MB page's peak). A function of its own, so that no frame that lives on
 * (an async one waiting for the article) keeps them.
 */
function handOver(
  pool: ExtractPool,
  page: PageInput,
  { renderings, metadata }: ArticleLoopOptions,
): Promise<Article> {
  const bytes = page.bytes;
  page.bytes = NO_BYTES;
  return pool.extract(bytes, {
    url: page.url,
    headers: page.headers,
    ...(renderings === undefined ? {} : { renderings }),
    ...(metadata === undefined ? {} : { metadata }),
  });
}

/** How `forEachArticle` extracts. */
export interface ArticleLoopOptions {
  /**
   * Pages extracted at once: this thread and up to `jobs - 1` worker threads, all taking pages
   * from one queue (workers only when there are enough pages to repay their start). Never more
   * than there are inputs. Default 1: this thread alone, the next files read meanwhile.
   */
  readonly jobs?: number;
  /** The body renderings the command prints (`ExtractOptions.renderings`). Default all. */
  readonly renderings?: ExtractOptions["renderings"];
  /** Whether the command prints more than the body (`ExtractOptions.metadata`). Default true. */
  readonly metadata?: boolean;
  /** How URL inputs are read (`extract --browser`). Default: fetched over HTTP. */
  readonly fetchPage?: PageFetcher;
}

/**
 * Pages each worker thread must have to be worth starting. A worker spends about 200 ms loading
 * the extractor before its first page, its first pages are cold (100–140 ms against 10–40 ms
 * warm), and it competes for the cores with this thread, which extracts from the first page on:
 * over 10 pages on 2 quiet cores one worker made the run slower (697 against 621 ms), and on a
 * loaded machine so it did over 20, 40 and 109 pages.
 */
const PAGES_PER_WORKER = 50;

/**
 * Worker threads for `inputs` pages at most `jobs` at once: this thread is one of the jobs (it has
 * the extractor loaded already and would otherwise only wait), and each worker needs
 * `PAGES_PER_WORKER` pages to repay its start.
 */
export function workersFor(jobs: number, inputs: number): number {
  return Math.max(0, Math.min(jobs - 1, Math.floor(inputs / PAGES_PER_WORKER)));
}

/**
 * `forEachInput` with each page's article; `--verbose` prints its warnings. A page with no
 * article text (an empty or binary input, a page of links) is a failure of its own (`no-content`):
 * nothing is printed for it. `work` runs in input order, whichever page was extracted first.
 */
export async function forEachArticle(
  args: PageInputArgs,
  ctx: CliContext,
  work: (article: Article, page: PageInput) => void,
  options: ArticleLoopOptions = {},
): Promise<number> {
  const workers = workersFor(Math.max(1, Math.floor(options.jobs ?? 1)), args.input.length);
  // This thread extracts from the first page on; the workers join as they become ready.
  const pool = createExtractPool({
    workers,
    callingThread: true,
    onDocumentRead: collectAfterLargePage,
  });
  try {
    // Enough pages in progress to keep every worker busy while the finished ones are printed,
    // and few enough that their bytes and articles stay a handful.
    return await forEachInputAhead(
      args,
      ctx,
      // Each worker holds two pages, this thread one; two more are being read.
      workers * 2 + 3,
      (page) => {
        // Read now: the extractor takes the bytes.
        const empty = notAPage(page.bytes);
        return handOver(pool, page, options).then((article) => () => {
          if (args.verbose) {
            for (const warning of article.warnings) {
              ctx.stderr.write(
                `vellum: ${page.label}: warning ${warning.code}: ${warning.message}\n`,
              );
            }
          }
          if (article.body.text === "") throw noArticle(page, article, empty);
          work(article, page);
          return ExitCode.ok;
        });
      },
      options.fetchPage,
    );
  } finally {
    await pool.close();
  }
}
