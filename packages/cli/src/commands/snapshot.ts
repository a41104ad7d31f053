import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { BUNDLE_FORMATS, type BundleFormat, bundleSnapshot } from "@vellum/archive";
import {
  Collection,
  checkUrlList,
  type Discovery,
  discoverUrls,
  type SourceInput,
  snapshot,
} from "@vellum/crawl";
import { randomIds, VellumError } from "@vellum/model";
import type { Argv } from "yargs";
import {
  type BrowserArgs,
  browserOptions,
  browserSettings,
  startBrowser,
} from "../browser-options.js";
import type { CliContext, GlobalArgs } from "../context.js";
import {
  type Display,
  jsonDisplay,
  lineDisplay,
  summaryLine,
  terminalDisplay,
} from "../display/snapshot.js";
import { ExitCode } from "../exit-codes.js";
import { boundHeapGrowth } from "../heap-growth.js";
import { STDIN_ARG } from "../inputs.js";
import { guardOptions, type NetworkArgs, networkOptions } from "../network-options.js";
import { parseDuration, parseSources, type SourceArgs, sourceOptions } from "../source-options.js";
import {
  bundleSoftware,
  collectionSelection,
  defaultBundlePath,
  describeBundle,
  refuseExisting,
} from "./bundle.js";
import type { Command } from "./command.js";

interface SnapshotArgs extends GlobalArgs, NetworkArgs, SourceArgs, BrowserArgs {
  readonly out: string;
  readonly requisites: boolean;
  readonly concurrency: string;
  readonly extractWorkers?: string;
  readonly perHost: string;
  readonly delay: string;
  readonly userAgent?: string;
  readonly timeout: string;
  readonly maxBytes: string;
  readonly retries: string;
  readonly force: boolean;
  readonly operator?: string;
  readonly json: boolean;
  readonly bundle?: BundleFormat;
  readonly recapture: boolean;
  readonly recaptureOlderThan?: string;
  readonly retryFailed: boolean;
  readonly queue?: string;
  readonly wait: boolean;
}

/** `50M`, `2G`, `4096` → bytes. */
export function parseByteSize(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b?)?\s*$/i.exec(text);
  if (m === null || m[1] === undefined) return null;
  const unit = (m[2] ?? "").toLowerCase().charAt(0);
  const scale = unit === "k" ? 1024 : unit === "m" ? 1024 ** 2 : unit === "g" ? 1024 ** 3 : 1;
  const value = Math.floor(Number(m[1]) * scale);
  return value > 0 ? value : null;
}

/**
 * `--input -` (as `wget -i -`): stdin is copied to a temporary file first, because the list is
 * read twice (checked before the run, then fed to the queue as it needs it) and a pipe can be
 * read once. Answers the file and a function that removes it.
 */
async function spoolStdin(
  stdin: AsyncIterable<Uint8Array>,
): Promise<{ path: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "vellum-urls-"));
  const path = join(dir, "urls.txt");
  await pipeline(Readable.from(stdin), createWriteStream(path));
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** A whole number option (`--concurrency 4`), read from its text so a typo is shown as typed. */
function wholeNumber(name: string, raw: string, min: 0 | 1): number {
  const text = String(raw).trim();
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw usage(`--${name} must be a whole number, ${min} or more`, String(raw));
  }
  return Number(text);
}

/** A number of seconds (`--delay 0.5`), read from its text. */
function seconds(name: string, raw: string, allowZero: boolean): number {
  const text = String(raw).trim();
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || (!allowZero && value === 0)) {
    throw usage(
      `--${name} must be a number of seconds${allowZero ? "" : " above 0"}, like 1 or 0.5`,
      String(raw),
    );
  }
  return value;
}

function usage(message: string, value: string): VellumError {
  return new VellumError("usage", message, { value, hint: "see vellum snapshot --help" });
}

export const snapshotCommand: Command<SnapshotArgs> = {
  command: "snapshot [url...]",
  describe: "Capture pages as served into WARC files, with each article, its JSON-LD and Markdown",
  examples: [
    ["$0 snapshot https://example.com/news/1 --out snap", "one page into snap/"],
    [
      "$0 snapshot --input urls.txt --out snap --requisites",
      "a list, with images, CSS, scripts and fonts",
    ],
    [
      "$0 snapshot --site https://example.com --since 7d --out snap",
      "what the site's sitemaps list as changed in the last week",
    ],
    [
      "$0 snapshot --feed https://example.com/feed --match '/news/' --limit 50 --out snap",
      "the latest 50 news items of a feed",
    ],
    ["$0 snapshot --input urls.txt --out snap --json", "one JSON event per line, for scripts"],
    ["$0 snapshot --input urls.txt --out snap --bundle wacz", "then package it as snap.wacz"],
    [
      "$0 snapshot --browser https://example.com/news/1 --out snap --pdf",
      "in Chromium: every request the page makes, a screenshot, a PDF",
    ],
    [
      "$0 snapshot --browser auto --input urls.txt --out snap",
      "Chromium only for pages whose text a script inserts",
    ],
  ],
  builder: (y: Argv) =>
    browserOptions(
      sourceOptions(
        networkOptions(y).positional("url", {
          describe: "http(s) URLs to capture",
          type: "string",
          array: true,
          default: [],
        }),
      ),
    )
      .option("out", {
        alias: "o",
        type: "string",
        demandOption: true,
        describe: "Output directory",
      })
      .option("requisites", {
        type: "boolean",
        default: false,
        describe: "Also capture the images, stylesheets, scripts and fonts pages use",
      })
      // Numbers are read from their text (not yargs' number type), so that a typo is reported
      // as typed rather than as NaN.
      .option("concurrency", {
        type: "string",
        default: "4",
        requiresArg: true,
        describe: "Pages captured at once",
      })
      .option("extract-workers", {
        type: "string",
        requiresArg: true,
        describe:
          "Threads that extract the articles (default: the cores less one, at least 1; 0: none, on the capture's thread)",
      })
      .option("per-host", {
        type: "string",
        default: "1",
        requiresArg: true,
        describe: "Requests at once to one host",
      })
      .option("delay", {
        type: "string",
        default: "1",
        requiresArg: true,
        describe: "Seconds between requests to one host",
      })
      .option("user-agent", {
        type: "string",
        describe: "User-Agent to send (default: Vellum/<version> (+url))",
      })
      .option("timeout", {
        type: "string",
        default: "120",
        requiresArg: true,
        describe: "Seconds one request may take in all",
      })
      .option("max-bytes", {
        type: "string",
        default: "50M",
        describe: "Body size cap per response, e.g. 50M",
      })
      .option("retries", {
        type: "string",
        default: "3",
        requiresArg: true,
        describe: "Retries on network errors, 429, 502-504",
      })
      .option("operator", {
        type: "string",
        describe: "Who runs the capture, for the WARC warcinfo record",
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "One JSON event per line on stdout",
      })
      .option("bundle", {
        choices: BUNDLE_FORMATS,
        describe: "Then package the snapshot beside DIR (DIR.wacz, DIR-bag, DIR-bag.zip …)",
      })
      .option("recapture", {
        type: "boolean",
        default: false,
        describe: "Capture every page of the collection again, and record what was edited",
      })
      .option("recapture-older-than", {
        type: "string",
        describe: "Capture again the pages last captured longer ago than this, e.g. 7d, 12h",
      })
      .option("retry-failed", {
        type: "boolean",
        default: false,
        describe: "Try again the URLs that failed in earlier runs",
      })
      .option("force", {
        type: "boolean",
        default: false,
        describe: "With --bundle, replace a bundle that already exists",
      })
      .option("queue", {
        type: "string",
        requiresArg: true,
        describe:
          "Put the URLs on a fleet's Redis queue (redis://HOST:PORT/DB) for vellum worker processes, then wait until it is empty",
      })
      .option("wait", {
        type: "boolean",
        default: true,
        describe:
          "With --queue, wait until the fleet has captured every URL (--no-wait: return once they are queued)",
      }),
  async run(args: SnapshotArgs, ctx: CliContext): Promise<number> {
    if (args.url.some((u) => u === STDIN_ARG || u === "-")) {
      throw usage("URLs on stdin are read with --input -", "-");
    }
    const fromStdin = args.input === "-" || args.input === STDIN_ARG;
    const spooled = fromStdin ? await spoolStdin(ctx.stdin) : null;
    try {
      return await run(args, ctx, spooled?.path ?? null);
    } finally {
      await spooled?.remove();
    }
  },
};

async function run(args: SnapshotArgs, ctx: CliContext, stdinList: string | null): Promise<number> {
  const parsed = parseSources(stdinList === null ? args : { ...args, input: stdinList }, ctx);
  // URLs named on the command line are captured as named; the filters narrow what lists,
  // sitemaps, feeds and sites lead to.
  const urls = parsed.inputs.filter((i) => i.kind === "url").map((i) => i.location);
  const sources: SourceInput[] = parsed.inputs.filter((i) => i.kind !== "url");
  const list = sources.find((i) => i.kind === "list")?.location ?? null;
  const listed =
    list === null
      ? 0
      : await checkUrlList(list, { label: stdinList === null ? list : "- (stdin)" });
  const outDir = resolve(ctx.cwd, args.out);
  const resuming = Collection.exists(outDir);
  const recaptureAge =
    args.recaptureOlderThan === undefined ? null : parseDuration(args.recaptureOlderThan);
  if (args.recaptureOlderThan !== undefined && recaptureAge === null)
    throw usage(
      "--recapture-older-than takes a duration like 7d, 12h, 30m",
      args.recaptureOlderThan,
    );
  if (urls.length === 0 && listed === 0 && sources.length === 0 && !resuming)
    throw usage("Name at least one URL, or --input FILE, --sitemap, --feed or --site", "");
  const maxBytes = parseByteSize(args.maxBytes);
  if (maxBytes === null) throw usage("--max-bytes must be a size like 50M", args.maxBytes);
  const timeoutMs = seconds("timeout", args.timeout, false) * 1000;
  const fetchNumbers = {
    concurrency: wholeNumber("concurrency", args.concurrency, 1),
    perHostConcurrency: wholeNumber("per-host", args.perHost, 1),
    delayMs: seconds("delay", args.delay, true) * 1000,
    retries: wholeNumber("retries", args.retries, 0),
  };
  const extractWorkers =
    args.extractWorkers === undefined
      ? undefined
      : wholeNumber("extract-workers", args.extractWorkers, 0);
  // Checked (and Chromium found) before the collection is opened: a run that cannot start
  // leaves nothing behind. A fleet's coordinator runs no Chromium: each worker runs its own.
  if (args.queue !== undefined && args.chromium !== undefined) {
    const { workerOption } = await import("./snapshot-queue.js");
    throw workerOption("--chromium", "PATH");
  }
  const browser = await browserSettings(args, "snapshot", ctx.cwd, args.queue === undefined);
  const bundleOut =
    args.bundle === undefined ? null : defaultBundlePath(resolve(ctx.cwd, args.out), args.bundle);
  // Refused before the capture, not after an hour of it.
  if (bundleOut !== null) await refuseExisting(bundleOut, args.force);
  if (args.queue !== undefined) {
    const { coordinate, workerOption } = await import("./snapshot-queue.js");
    const { fleetBrowser } = await import("./fleet.js");
    if (args.concurrency !== "4") throw workerOption("--concurrency");
    if (extractWorkers !== undefined) throw workerOption("--extract-workers");
    const guard = guardOptions(args);
    return coordinate(
      {
        queue: args.queue,
        outDir,
        label: args.out,
        urls,
        sources,
        filters: parsed.filters,
        settings: {
          delayMs: fetchNumbers.delayMs,
          perHost: fetchNumbers.perHostConcurrency,
          robots: guard.respectRobots === false ? "ignore" : "obey",
          userAgent: args.userAgent ?? null,
          timeoutMs,
          maxBytes,
          retries: fetchNumbers.retries,
          allowPrivate: args.allowPrivate ?? null,
          allowLinkLocal: args.allowLinkLocal,
          requisites: args.requisites,
          operator: args.operator ?? null,
          out: outDir,
          browser: browser === null ? null : fleetBrowser(args.browser ?? "always", browser),
        },
        recapture: args.recapture,
        recaptureBefore:
          recaptureAge === null
            ? null
            : new Date(ctx.clock.now().getTime() - recaptureAge).toISOString(),
        retryFailed: args.retryFailed,
        wait: args.wait,
        json: args.json,
        ...(args.operator === undefined ? {} : { operator: args.operator }),
        bundle:
          args.bundle === undefined || bundleOut === null
            ? null
            : { format: args.bundle, out: bundleOut },
      },
      ctx,
    );
  }
  const display: Display = args.json
    ? jsonDisplay(ctx.stdout)
    : ctx.stderr.isTTY === true
      ? terminalDisplay(ctx.stderr)
      : lineDisplay(ctx.stdout, ctx.stderr);
  let report: Awaited<ReturnType<typeof snapshot>>;
  let discovery: Discovery | null = null;
  // Before the extract workers start: a long crawl's peak RSS is mostly V8's headroom.
  boundHeapGrowth();
  try {
    report = await snapshot({
      urls,
      ...(sources.length === 0
        ? {}
        : {
            discover: (documents) => {
              discovery = discoverUrls(sources, {
                fetcher: documents,
                filters: parsed.filters,
                signal: ctx.signal,
                onEvent: (event) => display.onSource(event),
              });
              return discovery;
            },
          }),
      outDir,
      ...(extractWorkers === undefined ? {} : { extractWorkers }),
      recapture: args.recapture,
      retryFailed: args.retryFailed,
      ...(recaptureAge === null
        ? {}
        : { recaptureBefore: new Date(ctx.clock.now().getTime() - recaptureAge).toISOString() }),
      fetch: {
        ...guardOptions(args),
        ...fetchNumbers,
        totalTimeoutMs: timeoutMs,
        connectTimeoutMs: Math.min(10_000, timeoutMs),
        headersTimeoutMs: Math.min(30_000, timeoutMs),
        bodyIdleTimeoutMs: Math.min(30_000, timeoutMs),
        maxBytes,
        ...(args.userAgent === undefined ? {} : { userAgent: args.userAgent }),
      },
      requisites: args.requisites,
      ...(browser === null
        ? {}
        : {
            browser: {
              mode: args.browser ?? "always",
              open: (fetcher, signal) => startBrowser(browser, fetcher, signal),
            },
          }),
      clock: ctx.clock,
      signal: ctx.signal,
      onEvent: (event) => display.onEvent(event),
      ...(args.operator === undefined ? {} : { operator: args.operator }),
    });
  } finally {
    display.stop();
  }
  const read = (discovery as Discovery | null)?.summary() ?? null;
  if (!args.json) ctx.stdout.write(`${summaryLine(report, read)}\n`);
  if (report.interrupted) return ExitCode.interrupted;
  if (args.bundle !== undefined && bundleOut !== null) {
    // The pages that failed are in report.json, which the bundle carries as provenance.
    const result = await bundleSnapshot({
      ...collectionSelection(outDir, undefined, args.out),
      snapshotDir: outDir,
      format: args.bundle,
      out: bundleOut,
      clock: ctx.clock,
      ids: randomIds,
      signal: ctx.signal,
      software: bundleSoftware(),
      recordedOptions: { format: args.bundle },
    });
    ctx.stdout.write(
      args.json
        ? `${JSON.stringify({ event: "bundle", ...result })}\n`
        : `${describeBundle(result)}\n`,
    );
  }
  // A sitemap or feed that could not be read whole outranks failed pages: pages it would have
  // led to are missing without a line in the report.
  if (read?.problems.some((p) => p.severity === "error") === true) return ExitCode.sources;
  return report.counts.failed > 0 ? ExitCode.findings : ExitCode.ok;
}
