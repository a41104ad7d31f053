/**
 * An entry as a format reader found it, before the shared checks: the location is resolved
 * against `base` and validated, the dates parsed, once, for every format.
 */
export interface RawEntry {
  /** A page to capture, or (in a sitemap index) another sitemap to read. */
  readonly type: "page" | "sitemap";
  readonly loc: string;
  /** The URL relative locations resolve against (`xml:base`, the document URL). */
  readonly base: string;
  readonly lastmod?: string;
  readonly published?: string;
  readonly title?: string;
  readonly images?: readonly string[];
  /** The line of a text sitemap or list it was on, for messages. */
  readonly line?: number;
}
