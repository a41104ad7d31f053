import type { Truncation } from "./capture.js";

/*
 * The report a capture run writes as `report.json`. @vellum/crawl writes it, @vellum/archive's
 * bundle reads it (provenance.json, the WACZ pages) and @vellum/cli displays it; archive cannot
 * depend on crawl (crawl depends on archive), so the one declaration lives here.
 */

/** How one URL ended. `not-done`: not captured yet (the run was stopped); a resume captures it. */
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
  /**
   * Time in the URL's requests, each from sent to the end of its response, summed over redirect
   * hops and retried answers (waits excluded). Null when never started.
   */
  readonly durationMs: number | null;
  /**
   * Time the URL waited once a worker took it: for the host's politeness pause (`--delay`,
   * `Crawl-delay`) or a free slot, robots.txt, retry pauses. Null when never started.
   */
  readonly queuedMs: number | null;
  /** Where the article files went, relative to the output directory. */
  readonly articleDir: string | null;
  readonly requisites: { readonly captured: number; readonly failed: number };
  /** Why it failed: the error code and one readable line. */
  readonly error: { readonly code: string; readonly reason: string } | null;
  /** Things that did not fail the URL but a person should know (truncated, not HTML …). */
  readonly notes: readonly string[];
}

/** What one run of a collection did (a collection is captured over one run or many). */
export interface RunSummary {
  /** The run's number in the collection, from 1. */
  readonly id: number;
  /** URLs (pages and requisites) captured and failed in this run. */
  readonly captured: number;
  readonly failed: number;
  /** Failures of this run by error code. */
  readonly failedBy: Readonly<Record<string, number>>;
  /** Responses written as revisit records (payload already in the collection). */
  readonly revisits: number;
  /** Articles found edited since their previous capture, and how many of them silently. */
  readonly changes: number;
  readonly silentChanges: number;
}

export interface SnapshotReport {
  readonly software: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  /** `obey` or `ignore`, as recorded in warcinfo. */
  readonly robots: "obey" | "ignore";
  readonly interrupted: boolean;
  /** This run's figures; `counts` and `urls` cover the whole collection. */
  readonly run?: RunSummary;
  /** WARC file names in the output directory, in order (every run's). */
  readonly warcFiles: readonly string[];
  readonly counts: {
    readonly total: number;
    readonly ok: number;
    readonly failed: number;
    readonly notDone: number;
  };
  readonly urls: readonly UrlReport[];
}
