import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { BUNDLE_FORMATS, type BundleFormat, bundleSnapshot } from "@vellum/archive";
import { snapshot } from "@vellum/crawl";
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
import { bundleSoftware, defaultBundlePath, describeBundle } from "./bundle.js";
import type { Command } from "./command.js";

interface SnapshotArgs extends GlobalArgs {
  readonly url: readonly string[];
  readonly input?: string;
  readonly out: string;
  readonly allowPrivate: boolean;
  readonly ignoreRobots: boolean;
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

/** URLs from a list file: one per line; blank lines and `#` comments skipped. */
export async function readUrlList(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new VellumError("input-not-found", "Cannot read the URL list", {
      value: path,
      hint: "check the --input path",
      cause,
    });
  }
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
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
    y
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
      .option("allow-private", {
        type: "boolean",
        default: false,
        describe: "Allow hosts on loopback and private networks",
      })
      .option("ignore-robots", {
        type: "boolean",
        default: false,
        describe: "Do not obey robots.txt (recorded in the WARC)",
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
      }),
  async run(args: SnapshotArgs, ctx: CliContext): Promise<number> {
    const listed = args.input === undefined ? [] : await readUrlList(resolve(ctx.cwd, args.input));
    const urls = [...args.url, ...listed].map(checkUrl);
    if (urls.length === 0) throw usage("Name at least one URL, or --input FILE", "");
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
        outDir: resolve(ctx.cwd, args.out),
        fetch: {
          allowPrivate: args.allowPrivate,
          respectRobots: !args.ignoreRobots,
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
      const outDir = resolve(ctx.cwd, args.out);
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
