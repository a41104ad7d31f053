import { join } from "node:path";
import type { WaczPage } from "@vellum/archive";
import type { Collection } from "./collection/collection.js";

export interface CollectionBundleOptions {
  /** Only captures taken at or after this ISO 8601 instant (or date). Default: all. */
  readonly since?: string;
}

export interface CollectionBundle {
  /** The WARC files to package, absolute, in the order they were written. */
  readonly warcFiles: readonly string[];
  /** One page per capture of an article, dated by its final response (or revisit), in the order the URLs were named. */
  readonly pages: readonly WaczPage[];
}

/** A WARC date at the second, as CDXJ timestamps are, so replay lands on that very capture. */
function pageTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}Z`;
}

/**
 * What `vellum bundle` packages of a collection: the WARC files holding its captures (with
 * `since`, those of the period and the files their revisit records refer to, so replay can
 * find every payload) and a `pages.jsonl` entry for every capture of an article, so each
 * version of an edited article can be opened in ReplayWeb.page.
 */
export function collectionBundle(
  collection: Collection,
  options: CollectionBundleOptions = {},
): CollectionBundle {
  const since = options.since;
  const wanted = new Set<string>();
  for (const record of collection.records(since === undefined ? {} : { since })) {
    wanted.add(record.warc.file);
    if (record.refersTo !== null) {
      const original = collection.record(record.refersTo);
      if (original !== null) wanted.add(original.warc.file);
    }
  }
  const warcFiles = collection
    .warcFiles()
    .filter((f) => f.closed && wanted.has(f.name))
    .map((f) => join(collection.dir, f.name));
  const pages: { urlId: number; page: WaczPage }[] = [];
  for (const article of collection.articles(since === undefined ? {} : { since })) {
    const capture = collection.capture(article.captureId);
    const record = capture?.record;
    if (capture === null || record === null || record === undefined) continue;
    pages.push({
      urlId: article.urlId,
      page: { url: record.targetUri, ts: pageTime(record.date), title: article.headline },
    });
  }
  // In the order the URLs were named (their ids), each URL's captures oldest first: the WACZ's
  // main page is the first page the user named, not the first to finish.
  pages.sort((a, b) => a.urlId - b.urlId);
  return { warcFiles, pages: pages.map((p) => p.page) };
}
