import type { Truncation } from "./capture.js";

/*
 * The report a capture run writes as `report.json`. @vellum/crawl writes it, @vellum/archive's
 * bundle reads it (provenance.json, the WACZ pages) and @vellum/cli displays it; archive cannot
 * depend on crawl (crawl depends on archive), so the one declaration lives here.
 */

/** How one URL ended. `not-done`: the run was stopped before it finished. */
export type UrlOutcome = "ok" | "failed" | "not-done";

export interface UrlReport {
  readonly url: string;
  readonly outcome: UrlOutcome;
  /** HTTP status of the final response, when one arrived. */
  readonly status: number | null;
  readonly finalUrl: string | null;
  /** Redirect hops before the final response (for a chain that failed: the hops followed). */
  readonly redirects: number;
  /**
   * Request/response pairs written to the WARC for this URL: every redirect hop and every answer
   * that was retried (a 503 before its 200), also when the URL failed. robots.txt and requisites
   * are not counted.
   */
  readonly exchanges: number;
  /** Payload bytes of the final response as served (content coding kept). */
  readonly bytes: number | null;
  /** Set when the body was cut (WARC-Truncated). */
  readonly truncated: Truncation | null;
  readonly startedAt: string | null;
  readonly durationMs: number | null;
  /** Where the article files went, relative to the output directory. */
  readonly articleDir: string | null;
  readonly requisites: { readonly captured: number; readonly failed: number };
  /** Why it failed: the error code and one readable line. */
  readonly error: { readonly code: string; readonly reason: string } | null;
  /** Things that did not fail the URL but a person should know (truncated, not HTML …). */
  readonly notes: readonly string[];
}

export interface SnapshotReport {
  readonly software: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** `obey` or `ignore`, as recorded in warcinfo. */
  readonly robots: "obey" | "ignore";
  readonly interrupted: boolean;
  /** WARC file names in the output directory, in order. */
  readonly warcFiles: readonly string[];
  readonly counts: {
    readonly total: number;
    readonly ok: number;
    readonly failed: number;
    readonly notDone: number;
  };
  readonly urls: readonly UrlReport[];
}
