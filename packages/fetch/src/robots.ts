import type { Capture } from "@vellum/model";
import { headerValue, VellumError } from "@vellum/model";
import robotsParserModule from "robots-parser";
import { networkCode } from "./failures.js";

type Robot = ReturnType<typeof import("robots-parser").default>;
// robots-parser is CommonJS (`module.exports = fn`); its typings declare an ES default export,
// which NodeNext resolution reads as the module namespace. At runtime the default is the function.
const robotsParser = robotsParserModule as unknown as (url: string, text: string) => Robot;

export interface RobotsRules {
  /** True when the URL may be fetched. */
  allows(url: URL): boolean;
  /** The `Crawl-delay` for our user agent, in ms, or null. */
  readonly crawlDelayMs: number | null;
  /** How the rules were obtained, for logs and warcinfo: `fetched`, `none (404)`, `unreachable …`. */
  readonly outcome: string;
  /**
   * Why nothing may be fetched when robots.txt could not be read (RFC 9309 §2.3.1.4: an
   * unreachable robots.txt means do not crawl): what a page of the site fails with instead of
   * `robots-disallowed`, since no rule forbids it. Null when the rules were read or are absent.
   */
  readonly unreachable: VellumError | null;
  /**
   * The `Sitemap:` lines, in order, as absolute URLs (RFC 9309 §2.2.4: they belong to no group,
   * so every crawler reads them whatever its user agent).
   */
  readonly sitemaps: readonly string[];
}

const allowAll = (outcome: string): RobotsRules => ({
  allows: () => true,
  crawlDelayMs: null,
  outcome,
  unreachable: null,
  sitemaps: [],
});
const disallowAll = (outcome: string, unreachable: VellumError): RobotsRules => ({
  allows: () => false,
  crawlDelayMs: null,
  outcome,
  unreachable,
  sitemaps: [],
});

const NOT_CRAWLED = "no page of a site is fetched while its robots.txt cannot be read (RFC 9309)";

function absoluteSitemaps(lines: readonly string[], base: string): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const value = line.trim();
    // The protocol asks for a full URL; a path from the root is taken too, anything else (words,
    // a value with spaces) names nothing.
    if (/\s/.test(value) || !(value.startsWith("/") || /^https?:\/\//i.test(value))) continue;
    try {
      const url = new URL(value, base);
      if ((url.protocol === "http:" || url.protocol === "https:") && !out.includes(url.href))
        out.push(url.href);
    } catch {
      // A Sitemap: line that is no URL names nothing to read.
    }
  }
  return out;
}

/** The product token robots.txt groups are matched against (`Vellum` in `Vellum/0.1.0 (+…)`). */
export function robotsToken(userAgent: string): string {
  return userAgent.trim().split(/\s+/)[0] ?? "*";
}

/**
 * Rules from a fetched robots.txt, per RFC 9309: a 2xx body is parsed; 4xx means no rules
 * (§2.3.1.3, "unavailable"); 5xx means disallow everything (§2.3.1.4, "unreachable").
 */
export function robotsRules(capture: Capture, userAgent: string): RobotsRules {
  const last = capture.exchanges[capture.exchanges.length - 1];
  const status = last?.status ?? 0;
  if (status >= 500) {
    return disallowAll(
      `unreachable (HTTP ${status})`,
      new VellumError("robots-unreachable", `robots.txt answered HTTP ${status}`, {
        value: capture.finalUrl,
        hint: `retry later, or pass --ignore-robots if you have the site's permission; ${NOT_CRAWLED}`,
      }),
    );
  }
  if (status >= 400 || status < 200 || status >= 300) return allowAll(`none (HTTP ${status})`);
  const type = headerValue(capture.headers, "content-type") ?? "text/plain";
  if (!/^\s*text\/plain/i.test(type) && /^\s*text\/html/i.test(type)) {
    // A soft-404 HTML page served at /robots.txt is not a rule file.
    return allowAll("none (HTML served as robots.txt)");
  }
  const text = new TextDecoder().decode(capture.content);
  const robots = robotsParser(capture.finalUrl, text);
  const token = robotsToken(userAgent);
  const delay = robots.getCrawlDelay(token);
  return {
    allows(url: URL) {
      // Rules apply to the origin they were fetched for; a redirect to another origin's
      // robots.txt still governs the original host (RFC 9309 §2.3.1.2), so check the path only.
      const probe = new URL(`${url.pathname}${url.search}`, capture.finalUrl);
      return robots.isAllowed(probe.href, token) !== false;
    },
    crawlDelayMs: delay === undefined || Number.isNaN(delay) ? null : delay * 1000,
    outcome: "fetched",
    unreachable: null,
    sitemaps: absoluteSitemaps(robots.getSitemaps(), capture.finalUrl),
  };
}

/**
 * Rules for an origin whose robots.txt fetch failed. A network failure or timeout keeps its own
 * code (the host refused, did not resolve, timed out: that is what happened, and the page would
 * meet it too); anything else that stopped the read (a redirect loop) is `robots-unreachable`.
 */
export function robotsUnreachable(error: VellumError, robotsUrl: string): RobotsRules {
  // A redirect loop is fetch-failed too, but it is the file's problem, not the host's.
  const network =
    error.code === "fetch-timeout" ||
    (error.code === "fetch-failed" && networkCode(error) !== null);
  const hint = network
    ? `${error.hint ?? "check the URL and your network"}; ${NOT_CRAWLED}`
    : `pass --ignore-robots if you have the site's permission; ${NOT_CRAWLED}`;
  const reason = network ? error.message : `robots.txt could not be read: ${error.message}`;
  const value = network ? robotsUrl : (error.value ?? robotsUrl);
  return disallowAll(
    `unreachable (${error.message})`,
    new VellumError(network ? error.code : "robots-unreachable", reason, {
      value,
      hint,
      cause: error,
    }),
  );
}

export function robotsDisallowed(url: string): VellumError {
  return new VellumError("robots-disallowed", "robots.txt forbids this URL", {
    value: url,
    hint: "pass --ignore-robots if you have the site's permission",
  });
}
