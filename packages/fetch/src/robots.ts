import type { Capture } from "@vellum/model";
import { headerValue, VellumError } from "@vellum/model";
import robotsParserModule from "robots-parser";

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
}

const allowAll = (outcome: string): RobotsRules => ({
  allows: () => true,
  crawlDelayMs: null,
  outcome,
});
const disallowAll = (outcome: string): RobotsRules => ({
  allows: () => false,
  crawlDelayMs: null,
  outcome,
});

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
  if (status >= 500) return disallowAll(`unreachable (HTTP ${status})`);
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
  };
}

export function robotsUnreachable(error: unknown): RobotsRules {
  const reason = error instanceof VellumError ? error.message : String(error);
  return disallowAll(`unreachable (${reason})`);
}

export function robotsDisallowed(url: string): VellumError {
  return new VellumError("robots-disallowed", "robots.txt forbids this URL", {
    value: url,
    hint: "pass --ignore-robots if you have the site's permission",
  });
}
