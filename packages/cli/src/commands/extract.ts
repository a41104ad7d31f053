import { availableParallelism, loadavg } from "node:os";
import type { BrowserOptions } from "@vellum/browser";
import { type ExtractedFrom, renderArticleJson, renderJsonLd, renderMarkdown } from "@vellum/crawl";
import type { Renderings } from "@vellum/extract";
import {
  type Article,
  type Capture,
  headerValue,
  VellumError,
  type VellumErrorCode,
} from "@vellum/model";
import {
  type BrowserArgs,
  browserOptions,
  browserSettings,
  startBrowser,
} from "../browser-options.js";
import type { CliContext } from "../context.js";
import { underHeading, withInput } from "../display/labelled.js";
import { writeLarge } from "../display/large-output.js";
import { collectAfterLargePage } from "../large-pages.js";
import { guardOptions } from "../network-options.js";
import type { Command } from "./command.js";
import {
  type ArticleLoopOptions,
  forEachArticle,
  type PageInputArgs,
  pageInputOptions,
} from "./page-inputs.js";

export const EXTRACT_FORMATS = ["json", "jsonld", "text", "markdown", "html"] as const;
export type ExtractFormat = (typeof EXTRACT_FORMATS)[number];

interface ExtractArgs extends PageInputArgs, BrowserArgs {
  readonly format: ExtractFormat;
  readonly jobs?: number;
}

/** The body renderings each format prints: the text is always made; JSON carries only the text. */
const RENDERINGS: Record<ExtractFormat, Renderings> = {
  json: { html: false, markdown: false },
  jsonld: { html: false, markdown: false },
  text: { html: false, markdown: false },
  markdown: { html: false },
  html: { markdown: false },
};

/**
 * The formats that print the body alone: for them the metadata rules (some 40% of the work on a
 * page whose text is all that is printed) are not run. `--verbose` still runs them, since it
 * prints every warning of the page, theirs too.
 */
const BODY_ONLY: ReadonlySet<ExtractFormat> = new Set(["text", "html"]);

/**
 * The default `--jobs`: one per core that other work leaves idle, by the 1-minute load average
 * (as `make -l` reads it), this thread being one. On 2 cores already loaded by other work (load
 * average 4–7) a worker beside this thread made 327 files 25–40% slower than this thread alone
 * (5.17 s against 3.70–3.98 s), for more CPU; on a quiet machine the two were ~15% faster.
 */
export function defaultJobs(cores: number, load: number): number {
  return Math.max(1, cores - Math.floor(Math.max(0, load)));
}

/** `--jobs`: a whole number ≥ 1; by default `defaultJobs`. */
function jobsOf(value: number | undefined): number {
  if (value === undefined) return defaultJobs(availableParallelism(), loadavg()[0] ?? 0);
  if (!Number.isInteger(value) || value < 1) {
    throw new VellumError("usage", "--jobs takes a whole number of pages at once, 1 or more", {
      value: String(value),
    });
  }
  return value;
}

export const extractCommand: Command<ExtractArgs> = {
  command: "extract <input...>",
  describe: "Extract the article: headline, authors, dates, publisher, image, body",
  examples: [
    ["$0 extract page.html --url https://example.com/news/1", "a saved page, with its URL"],
    ["$0 extract https://example.com/news/1 --format markdown", "fetch a page, print Markdown"],
    ["curl -s URL | $0 extract - --format jsonld", "read stdin, print a JSON-LD graph"],
    ["$0 extract a.html.gz b.html.gz", "several pages: one JSON object per line"],
    ["$0 extract pages/*.html.gz --format text --jobs 4", "four pages at once, output in order"],
    [
      "$0 extract --browser https://example.com/news/1",
      "the article as Chromium shows it, after the page's scripts",
    ],
  ],
  builder: (y) =>
    browserOptions(
      pageInputOptions(y)
        .option("format", {
          alias: "f",
          choices: EXTRACT_FORMATS,
          default: "json" as ExtractFormat,
          describe: "What to print",
        })
        .option("jobs", {
          alias: "j",
          type: "number",
          describe:
            "Pages extracted at once: this thread and up to N-1 worker threads, one per 50 pages; output in input order (default: the idle cores; 1: this thread only)",
        }),
      ["always"],
    ),
  async run(args, ctx) {
    const several = args.input.length > 1;
    const settings = await browserSettings(args, "extract", ctx.cwd);
    const print =
      (from: ExtractedFrom | undefined) => (article: Article, page: { label: string }) => {
        // After a large page, a full collection where the garbage is, or the heap grows by it:
        // before a Markdown or HTML output, what the extractor left of the body's rendering (a
        // string per block before they were joined); after a JSON one, what reading the people
        // and indenting the JSON left (writing the JSON copies it flat once more). 20 MB page:
        // markdown peaked at 329 MB without, JSON at 267-318 MB without, 265-280 with.
        const large = { characters: article.body.text.length };
        if (args.format === "markdown" || args.format === "html") collectAfterLargePage(large);
        const pieces = renderArticle(article, args.format, several ? page.label : null, from);
        if (args.format === "json") collectAfterLargePage(large);
        for (const piece of pieces) writeLarge(ctx.stdout, piece);
      };
    const loop: ArticleLoopOptions = {
      jobs: jobsOf(args.jobs),
      renderings: RENDERINGS[args.format],
      metadata: !BODY_ONLY.has(args.format) || args.verbose === true,
    };
    if (settings === null) return forEachArticle(args, ctx, print(undefined), loop);
    return extractRendered(args, ctx, settings, print("rendered-dom"), loop);
  },
};

/**
 * `extract --browser`: each URL loaded in Chromium (one browser for all of them, the same address
 * guard and robots.txt as a fetch), the article read from the DOM after the page's scripts.
 */
async function extractRendered(
  args: ExtractArgs,
  ctx: CliContext,
  settings: BrowserOptions,
  work: Parameters<typeof forEachArticle>[2],
  loop: ArticleLoopOptions,
): Promise<number> {
  const file = args.input.find((input) => !/^https?:\/\//i.test(input));
  if (file !== undefined) {
    throw new VellumError("usage", "--browser loads URLs, not files or stdin", {
      value: file,
      hint: "give http(s) URLs, or leave out --browser",
    });
  }
  const { createFetcher, releaseExchanges } = await import("@vellum/fetch");
  const fetcher = createFetcher({ ...guardOptions(args), delayMs: 0, signal: ctx.signal });
  const browser = await startBrowser(settings, fetcher, ctx.signal);
  try {
    const fetchPage = async (url: string): Promise<Capture> => {
      const page = await browser.capture(url);
      try {
        if (page.error !== null) {
          throw new VellumError(page.error.code as VellumErrorCode, page.error.reason, {
            value: url,
          });
        }
        const main = page.exchanges[page.documents.at(-1) ?? -1];
        if (main !== undefined && (main.status < 200 || main.status >= 300)) {
          throw new VellumError(
            "http-status",
            `The server answered HTTP ${main.status} ${main.statusText}`.trim(),
            { value: main.url, hint: "check the URL" },
          );
        }
        if (page.html === null) {
          const type =
            main === undefined ? null : headerValue(main.responseHeaders, "content-type");
          throw new VellumError("no-content", "Chromium rendered no page", {
            value: url,
            hint: page.notes[0] ?? `it served ${type ?? "no Content-Type"}`,
          });
        }
        return {
          requestedUrl: url,
          finalUrl: main?.url ?? page.finalUrl,
          exchanges: [],
          content: new TextEncoder().encode(page.html),
          headers: [["content-type", "text/html; charset=utf-8"]],
        };
      } finally {
        await releaseExchanges(page.exchanges);
      }
    };
    return await forEachArticle(args, ctx, work, { ...loop, fetchPage });
  } finally {
    await browser.close();
  }
}

/**
 * The article in `format`, as the pieces to write one after the other (the body apart from what
 * goes around it: joining them would copy the body). With several inputs (`input` names this
 * one) every output says which input it came from: a JSON value, one per line, gains an `input`
 * member; a text rendering follows a `==> input <==` line, as `head` and `tail` mark files.
 */
export function renderArticle(
  article: Article,
  format: ExtractFormat,
  input: string | null,
  extractedFrom?: ExtractedFrom,
): readonly string[] {
  const compact = input !== null;
  switch (format) {
    case "json":
      return [withInput(renderArticleJson(article, compact, undefined, extractedFrom), input)];
    case "jsonld":
      return [withInput(renderJsonLd(article, { compact, embed: false, withBody: false }), input)];
    case "text":
      return [underHeading("", input), article.body.text, "\n"];
    case "markdown":
      return [underHeading(renderMarkdown(article), input)];
    case "html":
      return [underHeading("", input), article.body.html, "\n"];
  }
}
