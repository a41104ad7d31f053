import { resolve } from "node:path";
import {
  type DateSpan,
  parseSourceDate,
  SOURCE_SCOPES,
  type SourceFilters,
  type SourceInput,
  type SourceScope,
} from "@vellum/crawl";
import { type Clock, VellumError } from "@vellum/model";
import type { Argv } from "yargs";

/**
 * The options that say which URLs a command works on — URLs, a list file, sitemaps, feeds, bare
 * sites — and which of them to keep. One module so that `vellum snapshot` and the commands that
 * read sites later (`vellum audit`) take the same options with the same meaning.
 */
export interface SourceArgs {
  readonly url: readonly string[];
  readonly input?: string;
  readonly sitemap?: readonly string[];
  readonly feed?: readonly string[];
  readonly site?: readonly string[];
  readonly since?: string;
  readonly until?: string;
  readonly match?: readonly string[];
  readonly exclude?: readonly string[];
  readonly limit?: number;
  readonly scope: SourceScope;
}

export interface ParsedSources {
  readonly inputs: readonly SourceInput[];
  readonly filters: SourceFilters;
}

/** Adds the source options to a command (the positional `url...` is the command's own). */
export function sourceOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option("input", {
      alias: "i",
      type: "string",
      describe: "A file of URLs, one per line (# comments; .gz read too); - reads them from stdin",
    })
    .option("sitemap", {
      type: "string",
      array: true,
      describe: "An XML or text sitemap or sitemap index, followed recursively (repeatable)",
    })
    .option("feed", {
      type: "string",
      array: true,
      describe: "An RSS, Atom or JSON Feed (repeatable)",
    })
    .option("site", {
      type: "string",
      array: true,
      describe: "A site: the sitemaps its robots.txt names, else /sitemap.xml (repeatable)",
    })
    .option("since", {
      type: "string",
      describe:
        "Only pages dated on or after: 2024-05-01, 2024-05-01T12:00Z, or 7d / 12h / 30m ago",
    })
    .option("until", { type: "string", describe: "Only pages dated on or before (same forms)" })
    .option("match", {
      type: "string",
      array: true,
      describe: "Only URLs matching this regular expression (repeatable: any of them)",
    })
    .option("exclude", {
      type: "string",
      array: true,
      describe: "Leave out URLs matching this regular expression (repeatable)",
    })
    .option("limit", { type: "number", describe: "Stop after this many URLs" })
    .option("scope", {
      choices: SOURCE_SCOPES,
      default: "any" as SourceScope,
      describe: "Keep only URLs on the host or site of the sitemap, feed or site named",
    }) as unknown as Argv<T>;
}

function usage(message: string, value: string, hint: string): VellumError {
  return new VellumError("usage", message, { value, hint });
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

/**
 * A `--since`/`--until` value: a W3C date or datetime (`2024-05-01`, `2024-05-01T12:00Z`), or a
 * time ago (`30m`, `12h`, `7d`, `2w`) counted back from `clock`.
 */
export function parseDateBound(option: string, text: string, clock: Clock): DateSpan {
  const ago = parseDuration(text);
  if (ago !== null) {
    const ms = clock.now().getTime() - ago;
    const iso = new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
    return { text: iso, start: ms, end: ms };
  }
  const span = parseSourceDate(text);
  if (span === null)
    throw usage(
      `--${option} is not a date`,
      text,
      "write 2024-05-01, 2024-05-01T12:00:00Z, or a time ago such as 7d, 12h, 30m",
    );
  return span;
}

function patterns(option: string, values: readonly string[] | undefined): RegExp[] {
  return (values ?? []).map((source) => {
    try {
      // No flags: a `g` flag would make .test() stateful across URLs.
      return new RegExp(source);
    } catch (error) {
      throw usage(
        `--${option} is not a valid regular expression (${(error as Error).message})`,
        source,
        "patterns are JavaScript regular expressions searched anywhere in the URL, e.g. '/news/20(23|24)/'",
      );
    }
  });
}

function httpUrl(option: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usage(`--${option} needs an absolute URL`, raw, "write it with http:// or https://");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:")
    throw usage(`--${option} needs an http(s) URL`, raw, "write it with http:// or https://");
  return url.href;
}

/**
 * Checks the source options and answers what to read and what to keep. Every mistake is a
 * `usage` error before any work starts. `urlArgs` are the command's positional URLs.
 */
export function parseSources(
  args: SourceArgs,
  context: { readonly cwd: string; readonly clock: Clock },
): ParsedSources {
  const inputs: SourceInput[] = [];
  for (const raw of args.url) {
    let url: URL | null = null;
    try {
      url = new URL(raw);
    } catch {
      url = null;
    }
    if (url === null || (url.protocol !== "http:" && url.protocol !== "https:"))
      throw usage(
        "Not an absolute http(s) URL",
        raw,
        "see --help for the options that read lists, sitemaps and feeds",
      );
    inputs.push({ kind: "url", location: url.href });
  }
  if (args.input !== undefined)
    inputs.push({ kind: "list", location: resolve(context.cwd, args.input) });
  for (const raw of args.sitemap ?? [])
    inputs.push({ kind: "sitemap", location: httpUrl("sitemap", raw) });
  for (const raw of args.feed ?? []) inputs.push({ kind: "feed", location: httpUrl("feed", raw) });
  for (const raw of args.site ?? []) inputs.push({ kind: "site", location: httpUrl("site", raw) });

  const since =
    args.since === undefined ? undefined : parseDateBound("since", args.since, context.clock);
  const until =
    args.until === undefined ? undefined : parseDateBound("until", args.until, context.clock);
  if (
    since !== undefined &&
    until !== undefined &&
    since.start >= (until.end === until.start ? until.end + 1 : until.end)
  )
    throw usage(
      "--since is after --until",
      `${args.since} > ${args.until}`,
      "no page could be kept",
    );
  if (args.limit !== undefined && (!Number.isInteger(args.limit) || args.limit < 1))
    throw usage(
      "--limit must be a whole number of at least 1",
      String(args.limit),
      "e.g. --limit 500",
    );
  const filters: SourceFilters = {
    ...(since === undefined ? {} : { since }),
    ...(until === undefined ? {} : { until }),
    match: patterns("match", args.match),
    exclude: patterns("exclude", args.exclude),
    scope: args.scope,
    ...(args.limit === undefined ? {} : { limit: args.limit }),
  };
  return { inputs, filters };
}
