import { Collection, type NewUrl, openPart, type SourceRef } from "@vellum/crawl";
import type { UrlJob } from "@vellum/queue";

/**
 * A fleet job as a worker's part of the collection records it, and back: the URL entry a job
 * becomes, the jobs a capture's requisites become, and what a dead worker's commit had found.
 */

/** How the coordinator found a page (`UrlJob.source`); anything else is recorded as a URL named. */
const SOURCE_KINDS: readonly SourceRef["kind"][] = [
  "url",
  "list",
  "sitemap",
  "feed",
  "robots",
  "recapture",
];

/**
 * How a job's URL enters this worker's part: a page as the coordinator found it, a requisite
 * under its page when this part has that page (the worker that captured the page found it),
 * without one when another worker did (`vellum status` and report.json join the parts by URL).
 */
export function partEntry(job: UrlJob, part: Collection): NewUrl {
  if (job.kind === "requisite") {
    const page = job.page === undefined ? null : part.url(job.page);
    return {
      url: job.url,
      kind: "requisite",
      ...(page === null ? {} : { parentId: page.id }),
      ...(job.depth === undefined ? {} : { depth: job.depth }),
      ...(job.requisiteKind === undefined ? {} : { requisiteKind: job.requisiteKind }),
    };
  }
  const kind = SOURCE_KINDS.find((k) => k === job.source) ?? "url";
  return {
    url: job.url,
    kind: "page",
    source: { kind, location: job.location ?? job.url },
    ...(job.lastmod === undefined ? {} : { lastmod: job.lastmod }),
    ...(job.published === undefined ? {} : { published: job.published }),
    ...(job.title === undefined ? {} : { title: job.title }),
  };
}

/** The requisites a capture of `job` found, as jobs for the fleet, each naming its page. */
export function requisiteJobs(job: UrlJob, found: readonly NewUrl[]): UrlJob[] {
  const page = job.kind === "requisite" ? (job.page ?? job.url) : job.url;
  return found.map((r) => ({
    url: r.url,
    kind: "requisite",
    page,
    ...(r.depth === undefined ? {} : { depth: r.depth }),
    ...(r.requisiteKind === undefined ? {} : { requisiteKind: r.requisiteKind }),
  }));
}

/**
 * What a committed attempt of `job` in a worker's part found: the requisites its commit queued
 * there (under the page, or under the stylesheet when the page is in another part).
 */
export function foundIn(dir: string, job: UrlJob): UrlJob[] {
  if (!Collection.exists(dir)) return [];
  const part = openPart(dir);
  try {
    const entry = part.url(job.url);
    if (entry === null) return [];
    const parentId = entry.kind === "page" ? entry.id : (entry.parentId ?? entry.id);
    const found = [...part.urls({ parentId, kind: "requisite" })].filter((u) => u.id !== entry.id);
    return requisiteJobs(
      job,
      found.map((u) => ({
        url: u.url,
        kind: "requisite",
        depth: u.depth,
        ...(u.requisiteKind === null ? {} : { requisiteKind: u.requisiteKind }),
      })),
    );
  } finally {
    part.close();
  }
}
