import { getDomain } from "tldts";
import type { DateSpan } from "./dates.js";

/** Which URLs a source may hand on, relative to the sitemap, feed or site the user named. */
export type SourceScope = "any" | "same-host" | "same-site";

export const SOURCE_SCOPES: readonly SourceScope[] = ["any", "same-host", "same-site"];

export interface SourceFilters {
  /** Keep URLs dated on or after this (their lastmod, else their published date). Default: none. */
  readonly since?: DateSpan;
  /** Keep URLs dated on or before this. Default: none. */
  readonly until?: DateSpan;
  /**
   * Keep only URLs matching at least one of these. Regular expressions, searched anywhere in the
   * URL, as browsertrix-crawler's `--include` and Heritrix's decide rules take them. Default: all.
   */
  readonly match?: readonly RegExp[];
  /** Drop URLs matching any of these. Default: none. */
  readonly exclude?: readonly RegExp[];
  /** Default: `any`. */
  readonly scope?: SourceScope;
  /** Stop after this many URLs. Default: no limit. */
  readonly limit?: number;
}

/**
 * The site of a host as browsers define it (HTML's "same site"): the registrable domain under the
 * Public Suffix List, private section included (so `a.github.io` and `b.github.io` are two sites,
 * `www.bbc.co.uk` and `news.bbc.co.uk` one). The list ships in `tldts`, which tracks it. An IP
 * address or a single-label host (`localhost`) is its own site.
 */
export function siteOf(hostname: string): string {
  const host = hostname.toLowerCase();
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

export type DateVerdict = "keep" | "drop" | "undated";

/**
 * Whether an entry's date falls in `[since, until]`. A date known only to the day (or month)
 * counts as the whole day: `--since 2024-05-01T12:00Z` keeps a page last modified "2024-05-01".
 * An entry with no date is kept: nothing says it is out of range, and an archive would rather
 * capture a page too many than miss one (it is counted).
 */
export function dateVerdict(date: DateSpan | null, filters: SourceFilters): DateVerdict {
  if (filters.since === undefined && filters.until === undefined) return "keep";
  if (date === null) return "undated";
  const end = date.end === date.start ? date.end + 1 : date.end;
  if (filters.since !== undefined && end <= filters.since.start) return "drop";
  if (filters.until !== undefined) {
    const untilEnd =
      filters.until.end === filters.until.start ? filters.until.end + 1 : filters.until.end;
    if (date.start >= untilEnd) return "drop";
  }
  return "keep";
}

export type UrlVerdict = "keep" | "match" | "exclude" | "scope";

/** Whether a URL passes the pattern and scope filters; `root` is the URL the user named. */
export function urlVerdict(url: URL, root: URL, filters: SourceFilters): UrlVerdict {
  const href = url.href;
  const match = filters.match ?? [];
  if (match.length > 0 && !match.some((re) => re.test(href))) return "match";
  if ((filters.exclude ?? []).some((re) => re.test(href))) return "exclude";
  switch (filters.scope ?? "any") {
    case "same-host":
      return url.hostname === root.hostname ? "keep" : "scope";
    case "same-site":
      return siteOf(url.hostname) === siteOf(root.hostname) ? "keep" : "scope";
    default:
      return "keep";
  }
}
