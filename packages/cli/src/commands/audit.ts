import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  AUDIT_RULES,
  type AuditSource,
  collectionSource,
  disabledRules,
  discoveredSource,
  type FailOn,
  fileSource,
  type PageRow,
  runAudit,
} from "@vellum/audit";
import { checkUrlList } from "@vellum/crawl";
import { VellumError } from "@vellum/model";
import type { Argv } from "yargs";
import type { CliContext, GlobalArgs } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { looksLikeHttpUrl } from "../inputs.js";
import { guardOptions, type NetworkArgs, networkOptions } from "../network-options.js";
import { parseSources, type SourceArgs, sourceOptions } from "../source-options.js";
import type { Command } from "./command.js";

interface AuditArgs extends GlobalArgs, NetworkArgs, Omit<SourceArgs, "url"> {
  readonly page: readonly string[];
  readonly collection?: string;
  readonly out?: string;
  readonly format: readonly string[];
  readonly failOn: FailOn;
  readonly baseline?: string;
  readonly rules: boolean;
  readonly disable: readonly string[];
  readonly workers?: number;
  readonly concurrency: number;
  readonly perHost: number;
  readonly delay: number;
  readonly timeout: number;
  readonly retries: number;
  readonly userAgent?: string;
}

function usage(message: string, value = "", hint = "see vellum audit --help"): VellumError {
  return new VellumError("usage", message, { value, hint });
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

/** `vellum audit --rules`: every rule, one a line, with its severity and guidance. */
function rulesTable(): string {
  const width = Math.max(...AUDIT_RULES.map((r) => r.id.length));
  const lines = AUDIT_RULES.map(
    (r) =>
      `${r.id.padEnd(width)}  ${r.severity.padEnd(7)}  ${r.group.padEnd(11)}  ${r.summary}  ${r.guidance}`,
  );
  return `${lines.join("\n")}\n${AUDIT_RULES.length} rules; turn one off with --disable RULE\n`;
}

function progress(ctx: CliContext): ((row: PageRow) => void) | undefined {
  if (ctx.stderr.isTTY !== true) return undefined;
  let n = 0;
  return (row) => {
    n += 1;
    const c = row.counts;
    ctx.stderr.write(
      `\r\x1b[K${n} pages audited · ${row.url.slice(0, 70)} (${c.error} errors, ${c.warning} warnings)`,
    );
  };
}

export const auditCommand: Command<AuditArgs> = {
  command: "audit [page...]",
  describe:
    "Audit the structured data of many pages: schema.org, Google's Article guidance, the markup against the page, and the fix",
  examples: [
    ["$0 audit --input urls.txt --out report", "the pages of a list, into report/index.html"],
    ["$0 audit https://example.com/news/1 https://example.com/news/2 --out report", "two URLs"],
    ["$0 audit saved/*.html --out report --format sarif", "saved pages, with a SARIF file too"],
    [
      "$0 audit --input urls.txt --out new --baseline report/audit.json",
      "only what is new since report",
    ],
    ["$0 audit --rules", "list the rules"],
  ],
  builder: (y: Argv) =>
    sourceOptions(
      networkOptions(y).positional("page", {
        describe: "http(s) URLs, or saved .html / .html.gz pages",
        type: "string",
        array: true,
        default: [],
      }),
    )
      .option("collection", {
        type: "string",
        describe: "A collection vellum snapshot captured: audited from its WARCs, nothing fetched",
      })
      .option("out", { alias: "o", type: "string", describe: "The report directory" })
      .option("format", {
        type: "string",
        array: true,
        choices: ["sarif"],
        default: [],
        describe: "Also write audit.sarif (SARIF 2.1.0) for code-scanning dashboards",
      })
      .option("fail-on", {
        choices: ["error", "warning"] as const,
        default: "error" as const,
        describe: "Exit 1 when some page has a finding of this severity or worse",
      })
      .option("baseline", {
        type: "string",
        describe: "A previous audit.json: report only findings it does not have",
      })
      .option("rules", { type: "boolean", default: false, describe: "List the rules and exit" })
      .option("disable", {
        type: "string",
        array: true,
        default: [],
        describe: "Turn a rule off (repeatable, or comma-separated)",
      })
      .option("workers", {
        type: "number",
        describe: "Threads auditing pages (default: the cores, at most 4; 0: none)",
      })
      .option("concurrency", { type: "number", default: 4, describe: "Pages fetched at once" })
      .option("per-host", { type: "number", default: 1, describe: "Requests at once to one host" })
      .option("delay", {
        type: "number",
        default: 1,
        describe: "Seconds between requests to one host",
      })
      .option("timeout", {
        type: "number",
        default: 120,
        describe: "Seconds one request may take in all",
      })
      .option("retries", {
        type: "number",
        default: 3,
        describe: "Retries on network errors, 429, 502-504",
      })
      .option("user-agent", { type: "string", describe: "User-Agent to send" }),
  async run(args, ctx) {
    if (args.rules) {
      ctx.stdout.write(rulesTable());
      return ExitCode.ok;
    }
    // Checked before any page is fetched: a misspelt rule must not cost a crawl.
    disabledRules(args.disable);
    if (args.out === undefined) throw usage("name the report directory with --out DIR");
    const files = args.page.filter((i) => !looksLikeHttpUrl(i));
    // The same source options, checks and filters as vellum snapshot.
    const { inputs, filters } = parseSources(
      { ...args, url: args.page.filter(looksLikeHttpUrl) },
      ctx,
    );
    const list = inputs.find((i) => i.kind === "list");
    if (list !== undefined) await checkUrlList(list.location);
    const kinds = [inputs.length > 0, files.length > 0, args.collection !== undefined].filter(
      Boolean,
    );
    if (kinds.length === 0) {
      throw usage(
        "name pages to audit: URLs, --input, --sitemap, --feed, --site, --collection or saved .html files",
      );
    }
    if (kinds.length > 1) {
      throw usage(
        "audit one kind of source at a time: URLs and sitemaps, saved files, or a collection",
      );
    }
    for (const file of files) {
      const info = await stat(resolve(ctx.cwd, file)).catch(() => null);
      if (info === null || !info.isFile()) {
        throw new VellumError("input-not-found", "no such file", {
          value: file,
          hint: "check the path; URLs must start with http:// or https://",
        });
      }
    }
    const timeoutMs = positive("timeout", args.timeout) * 1000;
    let source: AuditSource;
    let sourceLabel: string;
    if (args.collection !== undefined) {
      const dir = resolve(ctx.cwd, args.collection);
      source = collectionSource(dir);
      sourceLabel = `collection ${args.collection}`;
    } else if (files.length > 0) {
      source = fileSource(files, { cwd: ctx.cwd });
      sourceLabel = `${files.length} file${files.length === 1 ? "" : "s"}`;
    } else {
      source = discoveredSource(inputs, {
        fetch: {
          ...guardOptions(args),
          concurrency: Math.floor(positive("concurrency", args.concurrency)),
          perHostConcurrency: Math.floor(positive("per-host", args.perHost)),
          delayMs: positive("delay", args.delay, true) * 1000,
          totalTimeoutMs: timeoutMs,
          connectTimeoutMs: Math.min(10_000, timeoutMs),
          headersTimeoutMs: Math.min(30_000, timeoutMs),
          bodyIdleTimeoutMs: Math.min(30_000, timeoutMs),
          retries: Math.floor(positive("retries", args.retries, true)),
          signal: ctx.signal,
          ...(args.userAgent === undefined ? {} : { userAgent: args.userAgent }),
        },
        filters,
        signal: ctx.signal,
      });
      sourceLabel = inputs
        .map((i) => (i.kind === "url" ? i.location : `${i.kind} ${i.location}`))
        .join(", ");
      if (inputs.every((i) => i.kind === "url") && inputs.length > 3)
        sourceLabel = `${inputs.length} URLs`;
    }
    const onPage = progress(ctx);
    const result = await runAudit({
      source,
      sourceLabel,
      outDir: resolve(ctx.cwd, args.out),
      disable: args.disable,
      failOn: args.failOn,
      baseline: args.baseline === undefined ? null : resolve(ctx.cwd, args.baseline),
      sarif: args.format.includes("sarif"),
      clock: ctx.clock,
      signal: ctx.signal,
      ...(args.workers === undefined
        ? {}
        : { workers: Math.floor(positive("workers", args.workers, true)) }),
      ...(onPage === undefined ? {} : { onPage }),
    });
    if (onPage !== undefined) ctx.stderr.write("\r\x1b[K");
    const s = result.summary;
    const known = s.known > 0 ? `, ${s.known} known from the baseline left out` : "";
    ctx.stdout.write(
      `${s.audited}/${s.pages} pages audited${s.failed > 0 ? ` (${s.failed} not audited)` : ""}: ` +
        `${s.pagesWithErrors} with errors, ${s.pagesWithWarnings} with warnings; ` +
        `${s.findings.error} errors, ${s.findings.warning} warnings, ${s.findings.info} info${known}; ` +
        `report in ${resolve(ctx.cwd, args.out)}/index.html\n`,
    );
    if (result.interrupted) return ExitCode.interrupted;
    return result.failed ? ExitCode.findings : ExitCode.ok;
  },
};
