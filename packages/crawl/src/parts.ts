import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { isVellumError } from "@vellum/model";
import { type CollectionBundle, type CollectionBundleOptions, collectionBundle } from "./bundle.js";
import { Collection } from "./collection/collection.js";
import type { CollectionStatus, RunRecord, UrlState } from "./collection/types.js";
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
      const known = urls.get(u.url);
      const committed = COMMITTED.includes(u.state);
      const better =
        known === undefined ||
        (committed && (!COMMITTED.includes(known.state) || u.updatedAt > known.updatedAt)) ||
        (!committed && !COMMITTED.includes(known.state) && u.state === "fetching");
      if (better)
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
