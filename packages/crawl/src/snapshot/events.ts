import type { SnapshotReport, UrlReport } from "@vellum/model";

/** Where a run stands, with each page or requisite event. */
export interface SnapshotProgress {
  /** URLs captured in this run (pages and requisites). */
  readonly captured: number;
  /** URLs that failed in this run. */
  readonly failed: number;
  /** URLs waiting (claimed or queued), requisites included. */
  readonly queued: number;
}

/** What a snapshot run tells its display (progress bar, `--json` lines, plain lines). */
export type SnapshotEvent =
  | { readonly event: "start"; readonly total: number; readonly outDir: string }
  | {
      /** A source handed over URLs: `added` were new to the collection. */
      readonly event: "discovered";
      readonly added: number;
      readonly queued: number;
    }
  | {
      readonly event: "retry";
      readonly url: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | { readonly event: "robots"; readonly origin: string; readonly outcome: string }
  | {
      readonly event: "requisite";
      readonly page: string;
      readonly url: string;
      readonly ok: boolean;
      readonly reason?: string;
      readonly progress: SnapshotProgress;
    }
  | {
      readonly event: "page";
      /** The URL's id in the collection. */
      readonly index: number;
      readonly report: UrlReport;
      readonly progress: SnapshotProgress;
    }
  | { readonly event: "done"; readonly report: SnapshotReport };
