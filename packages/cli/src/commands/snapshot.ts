import { createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import { resolve } from "node:path";
import { createInterface } from "node:readline";
import { BUNDLE_FORMATS, type BundleFormat, bundleSnapshot } from "@vellum/archive";
import { Collection, type DiscoveredUrl, snapshot } from "@vellum/crawl";
import { randomIds, VellumError } from "@vellum/model";
import type { Argv } from "yargs";
import type { CliContext, GlobalArgs } from "../context.js";
import {
  type Display,
  jsonDisplay,
  lineDisplay,
  summaryLine,
  terminalDisplay,
} from "../display/snapshot.js";
import { ExitCode } from "../exit-codes.js";
import { guardOptions, type NetworkArgs, networkOptions } from "../network-options.js";
import { bundleSoftware, defaultBundlePath, describeBundle } from "./bundle.js";
import type { Command } from "./command.js";

interface SnapshotArgs extends GlobalArgs, NetworkArgs {
  readonly url: readonly string[];
  readonly input?: string;
  readonly out: string;
  readonly requisites: boolean;
  readonly concurrency: number;
  readonly perHost: number;
  readonly delay: number;
  readonly userAgent?: string;
  readonly timeout: number;
  readonly maxBytes: string;
  readonly retries: number;
  readonly operator?: string;
  readonly json: boolean;
  readonly bundle?: BundleFormat;
  readonly recapture: boolean;
  readonly recaptureOlderThan?: string;
  readonly retryFailed: boolean;
}

/** `7d`, `12h`, `30m`, `2w`, `45s` → milliseconds. */
export function parseDuration(text: string): number | null {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)\s*$/i.exec(text);
  if (m === null) return null;
  const unit = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[
    (m[2] as string).toLowerCase() as "s" | "m" | "h" | "d" | "w"
  ];
  const value = Number(m[1]) * unit;
  return value > 0 ? value : null;
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

/** The URLs of a list file, one per line (blank lines and `#` comments skipped), read lazily. */
async function* listLines(path: string): AsyncGenerator<{ line: number; url: string }> {
  const lines = createInterface({ input: createReadStream(path), crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n += 1;
    const line = raw.trim();
    if (line !== "" && !line.startsWith("#")) yield { line: n, url: line };
  }
}

/**
 * Checks a URL list before the run starts (a typo on line 40,000 fails at once, not after an
 * hour), streaming it so that a list of any length is never held in memory. Answers how many
 * URLs it names.
 */
export async function checkUrlList(path: string): Promise<number> {
  try {
    await access(path);
  } catch (cause) {
    throw new VellumError("input-not-found", "Cannot read the URL list", {
      value: path,
      hint: "check the --input path",
      cause,
    });
  }
  let count = 0;
  for await (const { line, url } of listLines(path)) {
    try {
      checkUrl(url);
    } catch (error) {
      throw new VellumError("usage", `Line ${line} of the URL list is not an http(s) URL`, {
        value: url,
        hint: "fix or remove the line (# starts a comment)",
        cause: error,
      });
    }
    count += 1;
  }
  return count;
}

/** The list's URLs as the engine's discovered input, read as the queue needs them. */
async function* listUrls(path: string): AsyncGenerator<DiscoveredUrl> {
  for await (const { url } of listLines(path)) {
    yield { url: checkUrl(url), source: { kind: "list", location: path } };
  }
}

function usage(message: string, value: string): VellumError {
  return new VellumError("usage", message, { value, hint: "see vellum snapshot --help" });
}

function checkUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usage("Not an absolute URL", raw);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw usage("Only http(s) URLs can be captured", raw);
  return url.href;
}

function positive(name: string, value: number, allowZero = false): number {
  if (!Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw usage(
      `--${name} must be a ${allowZero ? "non-negative" : "positive"} number`,
      String(value),
    );
  }
  return value;
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
    ["$0 snapshot --input urls.txt --out snap --json", "one JSON event per line, for scripts"],
    ["$0 snapshot --input urls.txt --out snap --bundle wacz", "then package it as snap.wacz"],
  ],
  builder: (y: Argv) =>
    networkOptions(y)
      .positional("url", {
        describe: "http(s) URLs to capture",
        type: "string",
        array: true,
        default: [],
      })
      .option("input", {
        alias: "i",
        type: "string",
        describe: "A file of URLs, one per line (# comments)",
      })
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
      .option("concurrency", { type: "number", default: 4, describe: "Pages captured at once" })
      .option("per-host", { type: "number", default: 1, describe: "Requests at once to one host" })
      .option("delay", {
        type: "number",
        default: 1,
        describe: "Seconds between requests to one host",
      })
      .option("user-agent", {
        type: "string",
        describe: "User-Agent to send (default: Vellum/<version> (+url))",
      })
      .option("timeout", {
        type: "number",
        default: 120,
        describe: "Seconds one request may take in all",
      })
      .option("max-bytes", {
        type: "string",
        default: "50M",
        describe: "Body size cap per response, e.g. 50M",
      })
      .option("retries", {
        type: "number",
        default: 3,
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
      }),
  async run(args: SnapshotArgs, ctx: CliContext): Promise<number> {
    const urls = args.url.map(checkUrl);
    const list = args.input === undefined ? null : resolve(ctx.cwd, args.input);
    const listed = list === null ? 0 : await checkUrlList(list);
    const outDir = resolve(ctx.cwd, args.out);
    const resuming = Collection.exists(outDir);
    const recaptureAge =
      args.recaptureOlderThan === undefined ? null : parseDuration(args.recaptureOlderThan);
    if (args.recaptureOlderThan !== undefined && recaptureAge === null)
      throw usage(
        "--recapture-older-than takes a duration like 7d, 12h, 30m",
        args.recaptureOlderThan,
      );
    if (urls.length === 0 && listed === 0 && !resuming)
      throw usage("Name at least one URL, or --input FILE", "");
    const maxBytes = parseByteSize(args.maxBytes);
    if (maxBytes === null) throw usage("--max-bytes must be a size like 50M", args.maxBytes);
    const timeoutMs = positive("timeout", args.timeout) * 1000;
    const display: Display = args.json
      ? jsonDisplay(ctx.stdout)
      : ctx.stderr.isTTY === true
        ? terminalDisplay(ctx.stderr)
        : lineDisplay(ctx.stdout, ctx.stderr);
    let report: Awaited<ReturnType<typeof snapshot>>;
    try {
      report = await snapshot({
        urls,
        ...(list === null ? {} : { discover: () => listUrls(list) }),
        outDir,
        recapture: args.recapture,
        retryFailed: args.retryFailed,
        ...(recaptureAge === null
          ? {}
          : { recaptureBefore: new Date(ctx.clock.now().getTime() - recaptureAge).toISOString() }),
        fetch: {
          ...guardOptions(args),
          concurrency: Math.floor(positive("concurrency", args.concurrency)),
          perHostConcurrency: Math.floor(positive("per-host", args.perHost)),
          delayMs: positive("delay", args.delay, true) * 1000,
          totalTimeoutMs: timeoutMs,
          connectTimeoutMs: Math.min(10_000, timeoutMs),
          headersTimeoutMs: Math.min(30_000, timeoutMs),
          bodyIdleTimeoutMs: Math.min(30_000, timeoutMs),
          maxBytes,
          retries: Math.floor(positive("retries", args.retries, true)),
          ...(args.userAgent === undefined ? {} : { userAgent: args.userAgent }),
        },
        requisites: args.requisites,
        clock: ctx.clock,
        signal: ctx.signal,
        onEvent: (event) => display.onEvent(event),
        ...(args.operator === undefined ? {} : { operator: args.operator }),
      });
    } finally {
      display.stop();
    }
    if (!args.json) ctx.stdout.write(`${summaryLine(report)}\n`);
    if (report.interrupted) return ExitCode.interrupted;
    if (args.bundle !== undefined) {
      // The pages that failed are in report.json, which the bundle carries as provenance.
      const result = await bundleSnapshot({
        snapshotDir: outDir,
        format: args.bundle,
        out: defaultBundlePath(outDir, args.bundle),
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
    return report.counts.failed > 0 ? ExitCode.findings : ExitCode.ok;
  },
};
