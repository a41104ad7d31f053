import { createHash } from "node:crypto";

/** What a job carries: the URL and where it was found. Kept small: Redis holds one per URL. */
export interface UrlJob {
  readonly url: string;
  /**
   * `requisite`: an image, stylesheet, script, font … a captured page uses, queued by the
   * worker that captured the page (`--requisites`). Absent: a page.
   */
  readonly kind?: "requisite";
  /** A requisite's page: the URL of the page (or of the stylesheet's page) that uses it. */
  readonly page?: string;
  /** A requisite's kind as found (`image`, `stylesheet`, `script`, `font`, `icon`, `media`). */
  readonly requisiteKind?: string;
  /** A requisite's steps from its page: 1 for what the page uses, 2 for what its stylesheets use. */
  readonly depth?: number;
  /** How the coordinator found it (`url`, `input`, `sitemap`, `feed`, `recapture`). */
  readonly source?: string;
  /** The sitemap or feed it came from. */
  readonly location?: string;
  readonly lastmod?: string;
  readonly published?: string;
  readonly title?: string;
  /**
   * When a URL was queued again on purpose (a recapture, a retry of failed URLs): a previous
   * attempt counts as this job's only if it committed after this instant (ISO 8601).
   */
  readonly queuedAt?: string;
}

/**
 * The URL as the queue knows it: WHATWG-parsed (scheme and host lower-cased, default port
 * dropped, percent-encoding normalised) without its fragment, which never reaches the server.
 */
export function canonicalUrl(raw: string): string {
  const url = new URL(raw);
  url.hash = "";
  return url.href;
}

/**
 * One job per canonical URL: the id is derived from it, so adding the same URL twice (two
 * sitemaps, a coordinator restarted) is a no-op in BullMQ. Hex, never a bare integer, which
 * BullMQ reserves for its own ids.
 */
export function jobIdFor(url: string): string {
  return `u${createHash("sha256").update(canonicalUrl(url)).digest("hex").slice(0, 40)}`;
}

/** The host a URL's requests go to, as the gate keys it (port included). */
export function hostOf(url: string): string {
  return new URL(url).host.toLowerCase();
}
