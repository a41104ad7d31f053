import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import type { RunSummary, SnapshotReport, Truncation, UrlReport } from "@vellum/model";
import type { Collection } from "../collection/collection.js";
import { collectionError } from "../collection/collection.js";
import type { CaptureRecord, UrlRecord } from "../collection/types.js";

const NOT_DONE = {
  code: "interrupted",
  reason: "not captured yet: the run stopped first (run the same command again to resume)",
};

/** A page URL as report.json lists it: its state and its latest capture. Fixed key order. */
export function urlReport(
  collection: Collection,
  entry: UrlRecord,
  capture: CaptureRecord | null,
): UrlReport {
  const state = collection.url(entry.id)?.state ?? entry.state;
  const outcome = state === "done" ? "ok" : state === "failed" ? "failed" : "not-done";
  return {
    url: entry.url,
    outcome,
    status: capture?.status ?? null,
    finalUrl: capture?.finalUrl ?? null,
    redirects: capture?.redirects ?? 0,
    exchanges: capture?.exchanges ?? 0,
    bytes: capture?.bytes ?? null,
    truncated: (capture?.truncated ?? null) as Truncation | null,
    startedAt: capture?.startedAt ?? null,
    durationMs: capture?.fetchMs ?? null,
    queuedMs: capture?.queuedMs ?? null,
    articleDir: capture?.articleDir ?? null,
    requisites: collection.requisiteCounts(entry.id),
    error: outcome === "not-done" ? NOT_DONE : (capture?.error ?? null),
    notes: capture?.notes ?? [],
  };
}

export interface ReportRun {
  readonly software: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly robots: "obey" | "ignore";
  readonly interrupted: boolean;
  readonly run: RunSummary;
}

/** report.json, from the database: every page URL of the collection with its latest capture. */
export function buildReport(collection: Collection, run: ReportRun): SnapshotReport {
  const urls: UrlReport[] = [];
  for (const entry of collection.urls({ kind: "page" })) {
    const capture = entry.lastCaptureId === null ? null : collection.capture(entry.lastCaptureId);
    urls.push(urlReport(collection, entry, capture));
  }
  const sealed = collection
    .warcFiles()
    .filter((f) => f.closed)
    .map((f) => f.name);
  return assembleReport(run, urls, sealed);
}

/** A report's whole: the run, its sealed WARC files, the URLs and their counts by outcome. */
export function assembleReport(
  run: ReportRun,
  urls: UrlReport[],
  warcFiles: string[],
): SnapshotReport {
  const count = (outcome: UrlReport["outcome"]) => urls.filter((u) => u.outcome === outcome).length;
  return {
    software: run.software,
    startedAt: run.startedAt,
    finishedAt: run.finishedAt,
    robots: run.robots,
    interrupted: run.interrupted,
    run: run.run,
    warcFiles,
    counts: {
      total: urls.length,
      ok: count("ok"),
      failed: count("failed"),
      notDone: count("not-done"),
    },
    urls,
  };
}

/**
 * Writes report.json through a temporary sibling and a rename, one URL at a time, so a large
 * collection's report is never one string in memory and no reader sees half a file.
 */
export async function writeReport(path: string, report: SnapshotReport): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await mkdir(dirname(path), { recursive: true });
    const out = createWriteStream(temp);
    const write = async (text: string) => {
      if (!out.write(text)) await once(out, "drain");
    };
    const { urls, ...head } = report;
    const headText = JSON.stringify(head, null, 2);
    await write(`${headText.slice(0, -2)},\n  "urls": [`);
    let first = true;
    for (const u of urls) {
      const text = JSON.stringify(u, null, 2).replace(/\n/g, "\n    ");
      await write(`${first ? "" : ","}\n    ${text}`);
      first = false;
    }
    await write(`${first ? "" : "\n  "}]\n}\n`);
    out.end();
    await once(out, "close");
    await rename(temp, path);
  } catch (cause) {
    await rm(temp, { force: true });
    throw collectionError(cause, path, "writing report.json");
  }
}
