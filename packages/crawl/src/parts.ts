import { readdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { isVellumError, type SnapshotReport, type UrlReport } from "@vellum/model";
import { type CollectionBundle, type CollectionBundleOptions, collectionBundle } from "./bundle.js";
import { Collection } from "./collection/collection.js";
import type { CollectionStatus, RunRecord, UrlState } from "./collection/types.js";
import { assembleReport, type ReportRun, urlReport } from "./snapshot/report.js";
import { recoverWarcs } from "./snapshot/warc-log.js";

/**
 * A fleet's collection is written by many processes, and an SQLite file (with its WARC files)
 * by one: each `vellum worker` writes its own *part*, a whole collection directory
 * `DIR/parts/<worker-id>/` (its `collection.db`, its WARC files named `vellum-<worker-id>-…`, its
 * `articles/`), and the coordinator writes `DIR` itself (its runs, the sitemaps and feeds it
 * read). Readers (`vellum status DIR`, `vellum bundle DIR`) take the parts as one collection.
 */
export const PARTS_DIR = "parts";

/** The part directory of a worker. */
export function partDir(dir: string, workerId: string): string {
  return join(resolve(dir), PARTS_DIR, workerId);
}

/**
 * The collection directories `dir` is made of: `dir` itself when it holds a collection, then
 * each part under `dir/parts/` that does, by name.
 */
export function collectionParts(dir: string): string[] {
  const root = resolve(dir);
  const out = Collection.exists(root) ? [root] : [];
  let names: string[] = [];
  try {
    names = readdirSync(join(root, PARTS_DIR)).sort();
  } catch {
    // No parts: a collection of one process.
  }
  for (const name of names) {
    const part = join(root, PARTS_DIR, name);
    if (Collection.exists(part)) out.push(part);
  }
  return out;
}

/** Whether `dir` is a collection, of one process or of parts. */
export function isCollection(dir: string): boolean {
  return collectionParts(dir).length > 0;
}

/**
 * Opens a part to read it. A part a worker is creating at this very moment may be caught before
 * its schema is in: then it is read again a moment later.
 */
export function openPart(dir: string): Collection {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return Collection.open(dir, { create: false });
    } catch (error) {
      if (attempt >= 20 || !/already exists/.test(String((error as Error).cause ?? error)))
        throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
}

function withParts<T>(dir: string, read: (collection: Collection, part: string) => T): T[] {
  const parts = collectionParts(dir);
  if (parts.length === 0) {
    // The usual message for a directory that is no collection.
    Collection.open(dir, { create: false }).close();
  }
  return parts.map((part) => {
    const collection = openPart(part);
    try {
      return read(collection, part);
    } finally {
      collection.close();
    }
  });
}

const COMMITTED: readonly UrlState[] = ["done", "failed"];

/**
 * Whether a part's entry of a URL tells more than the one known: the latest committed state
 * (done or failed) wins, then `fetching` over `queued`.
 */
function better(
  known: { readonly state: UrlState; readonly updatedAt: string } | undefined,
  u: { readonly state: UrlState; readonly updatedAt: string },
): boolean {
  const committed = COMMITTED.includes(u.state);
  return (
    known === undefined ||
    (committed && (!COMMITTED.includes(known.state) || u.updatedAt > known.updatedAt)) ||
    (!committed && !COMMITTED.includes(known.state) && u.state === "fetching")
  );
}

/**
 * The status of a collection and its parts as one. A URL is counted once: by its latest
 * committed state in any part (done or failed), else as still to do. A URL a killed worker had
 * in flight is in that worker's part as `fetching` and, once another worker captured it, done
 * in that one's: it counts as done.
 */
export function combinedStatus(dir: string): CollectionStatus & { readonly parts: number } {
  const urls = new Map<
    string,
    { state: UrlState; kind: string; updatedAt: string; code: string | null }
  >();
  const statuses = withParts(dir, (collection) => {
    for (const u of collection.urls()) {
      if (better(urls.get(u.url), u))
        urls.set(u.url, {
          state: u.state,
          kind: u.kind,
          updatedAt: u.updatedAt,
          code: u.error?.code ?? null,
        });
    }
    return collection.status();
  });
  const count = (kind?: string) => {
    const c = { total: 0, queued: 0, fetching: 0, done: 0, failed: 0 };
    for (const u of urls.values()) {
      if (kind !== undefined && u.kind !== kind) continue;
      c.total += 1;
      c[u.state] += 1;
    }
    return c;
  };
  const failedBy: Record<string, number> = {};
  for (const u of urls.values())
    if (u.state === "failed")
      failedBy[u.code ?? "unknown"] = (failedBy[u.code ?? "unknown"] ?? 0) + 1;
  const sum = (pick: (s: CollectionStatus) => number) => statuses.reduce((n, s) => n + pick(s), 0);
  const runs: RunRecord[] = statuses
    .flatMap((s) => s.runs)
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  const first = statuses[0] as CollectionStatus;
  return {
    dir: resolve(dir),
    schemaVersion: first.schemaVersion,
    urls: count(),
    pages: count("page"),
    failedBy: Object.fromEntries(
      Object.entries(failedBy).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
    ),
    captures: sum((s) => s.captures),
    records: {
      responses: sum((s) => s.records.responses),
      revisits: sum((s) => s.records.revisits),
    },
    articles: sum((s) => s.articles),
    changes: { total: sum((s) => s.changes.total), silent: sum((s) => s.changes.silent) },
    warcFiles: sum((s) => s.warcFiles),
    warcBytes: sum((s) => s.warcBytes),
    runs,
    locked: statuses.some((s) => s.locked),
    parts: statuses.length,
  };
}

/** `collectionBundle` over a collection and its parts: every part's WARC files and pages. */
export function combinedBundle(
  dir: string,
  options: CollectionBundleOptions = {},
): CollectionBundle {
  const bundles = withParts(dir, (collection) => collectionBundle(collection, options));
  return {
    warcFiles: bundles.flatMap((b) => b.warcFiles),
    pages: bundles.flatMap((b) => b.pages),
  };
}

/**
 * Makes the parts of processes that died (killed, or their machine gone) whole: each part
 * whose writer's lock is free has its WARC files cut back to what its database committed and
 * sealed, so they can be bundled. A part still written (its lock held) is left alone. Answers
 * the parts recovered.
 */
export async function recoverParts(dir: string): Promise<string[]> {
  const recovered: string[] = [];
  for (const part of collectionParts(dir)) {
    if (part === resolve(dir)) continue;
    let collection: Collection;
    try {
      collection = Collection.open(part, { lock: true, create: false });
    } catch (error) {
      if (isVellumError(error) && error.code === "collection-locked") continue;
      throw error;
    }
    try {
      const open = collection.warcFiles().some((f) => !f.closed);
      if (open || readdirSync(part).some((n) => n.endsWith(".open"))) {
        await recoverWarcs(collection);
        recovered.push(part);
      }
    } finally {
      collection.close();
    }
  }
  return recovered;
}

/** What a fleet's run is, for its report: the figures are counted from the parts. */
export interface CombinedReportRun extends Omit<ReportRun, "run"> {
  /** The coordinator's run number in `DIR`'s own collection. */
  readonly runId: number;
  /** Captures that started at or after this instant (ISO 8601) count as this run's. */
  readonly since: string;
}

/**
 * report.json of a collection and its parts (a fleet's run), the shape `snapshot()` writes: every
 * page URL once, with its latest committed capture in any part (else its claim, else as queued:
 * not done), paths (`articleDir`, `warcFiles`: the sealed ones) relative to `dir`, and the run's
 * figures counted
 * from the captures the parts committed since the run began.
 */
export function combinedReport(dir: string, run: CombinedReportRun): SnapshotReport {
  const root = resolve(dir);
  const prefix = (part: string, path: string) => {
    const rel = relative(root, part).split("\\").join("/");
    return rel === "" ? path : `${rel}/${path}`;
  };
  const best = new Map<string, { part: string; state: UrlState; updatedAt: string }>();
  const warcFiles: string[] = [];
  const figures = { captured: 0, failed: 0, revisits: 0, changes: 0, silent: 0 };
  const failedBy = new Map<string, number>();
  /** Requisites by URL: a worker queues a page's requisites, any worker may capture them. */
  const requisites = new Map<string, { state: UrlState; updatedAt: string }>();
  withParts(root, (collection, part) => {
    for (const u of collection.urls({ kind: "page" }))
      if (better(best.get(u.url), u))
        best.set(u.url, { part, state: u.state, updatedAt: u.updatedAt });
    for (const u of collection.urls({ kind: "requisite" }))
      if (better(requisites.get(u.url), u))
        requisites.set(u.url, { state: u.state, updatedAt: u.updatedAt });
    // Sealed files only (as `snapshot()` lists them, and a bundle reads them): the file a live
    // worker is still writing is sealed when it stops.
    for (const f of collection.warcFiles()) if (f.closed) warcFiles.push(prefix(part, f.name));
    for (const c of collection.captures()) {
      // A refusal (robots.txt) sends no request: it counts by when its URL was committed.
      const at = c.startedAt ?? collection.url(c.urlId)?.updatedAt ?? "";
      if (at < run.since) continue;
      if (c.outcome === "ok") figures.captured += 1;
      else if (c.outcome === "failed") {
        figures.failed += 1;
        const code = c.error?.code ?? "unknown";
        failedBy.set(code, (failedBy.get(code) ?? 0) + 1);
      }
      if (c.record?.type === "revisit") figures.revisits += 1;
    }
    for (const ch of collection.changes({ since: run.since })) {
      figures.changes += 1;
      if (ch.silent) figures.silent += 1;
    }
  });
  const reports = new Map<string, UrlReport>();
  withParts(root, (collection, part) => {
    for (const entry of collection.urls({ kind: "page" })) {
      if (best.get(entry.url)?.part !== part) continue;
      const capture = entry.lastCaptureId === null ? null : collection.capture(entry.lastCaptureId);
      const report = urlReport(collection, entry, capture);
      // The requisites this page's worker queued for it, as captured in whichever part.
      const counts = { captured: 0, failed: 0 };
      for (const r of collection.urls({ parentId: entry.id, kind: "requisite" })) {
        const state = requisites.get(r.url)?.state;
        if (state === "done") counts.captured += 1;
        else if (state === "failed") counts.failed += 1;
      }
      reports.set(entry.url, {
        ...report,
        articleDir: report.articleDir === null ? null : prefix(part, report.articleDir),
        requisites: counts,
      });
    }
  });
  const urls = [...best.keys()].map((url) => reports.get(url) as UrlReport);
  return assembleReport(
    {
      software: run.software,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      robots: run.robots,
      interrupted: run.interrupted,
      run: {
        id: run.runId,
        captured: figures.captured,
        failed: figures.failed,
        failedBy: Object.fromEntries(failedBy),
        revisits: figures.revisits,
        changes: figures.changes,
        silentChanges: figures.silent,
      },
    },
    urls,
    warcFiles,
  );
}
