import type { SnapshotReport, UrlReport } from "@vellum/model";

/** What a snapshot run tells its display (progress bar, `--json` lines, plain lines). */
export type SnapshotEvent =
  | { readonly event: "start"; readonly total: number; readonly outDir: string }
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
    }
  | { readonly event: "page"; readonly index: number; readonly report: UrlReport }
  | { readonly event: "done"; readonly report: SnapshotReport };
