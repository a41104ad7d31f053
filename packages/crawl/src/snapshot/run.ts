import { setMaxListeners } from "node:events";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { createExtractPool, type ExtractPool } from "@vellum/extract";
import {
  createFetcher,
  type Fetcher,
  type FetchOptions,
  releaseCapture,
  releaseExchanges,
} from "@vellum/fetch";
import {
  type Clock,
  type Exchange,
  type IdSource,
  isVellumError,
  type PageRenderer,
  randomIds,
  type SnapshotReport,
  systemClock,
  userAgent,
} from "@vellum/model";
import { Collection, collectionError } from "../collection/collection.js";
import type { ErrorInfo, NewUrl, RecordRole, UrlRecord } from "../collection/types.js";
import { fetcherSource } from "../sources/fetcher.js";
import type { DiscoveredUrl, SourceFetcher } from "../sources/types.js";
import { CaptureStep, type Extractor, isStop } from "./capture.js";
import type { SnapshotEvent } from "./events.js";
import { Frontier } from "./frontier.js";
import { receivedOf } from "./record.js";
import { buildReport, urlReport, writeReport } from "./report.js";
import { recoverWarcs, WarcLog } from "./warc-log.js";

export interface SnapshotOptions {
  /** Absolute http(s) URLs to capture, queued in this order. Default: none. */
  readonly urls?: readonly string[];
  /**
   * More URLs, discovered while the run goes (a list file read line by line, sitemaps, feeds).
   * Called once with the run's document fetcher; the stream is read as the queue needs it, so
   * a 50,000-line list or a sitemap index is never held in memory.
   */
  readonly discover?: (fetcher: SourceFetcher) => AsyncIterable<DiscoveredUrl>;
  /**
   * The collection directory: WARC files, `collection.db`, `articles/<slug>/…`, `report.json`.
   * Created if missing; an existing collection is resumed (nothing done is fetched again).
   */
  readonly outDir: string;
  /**
   * How to fetch. Defaults are @vellum/fetch's (robots obeyed, private addresses refused, one
   * request at a time per host with a 1 s pause, 4 pages at once). `signal` and `clock` are
   * taken from the options below.
   */
  readonly fetch?: Omit<FetchOptions, "signal" | "clock" | "onEvent">;
  /** Also capture images, stylesheets, scripts and fonts the pages use. Default: false. */
  readonly requisites?: boolean;
  /** Most requisites queued for one page. Default: 300. */
  readonly maxRequisitesPerPage?: number;
  /** WARC file name prefix. Default: `vellum`. */
  readonly warcPrefix?: string;
  /** Roll to a new WARC file past this size. Default: 1 GB. */
  readonly maxWarcBytes?: number;
  /** Who ran the capture, for warcinfo `operator`. Default: none. */
  readonly operator?: string;
  /** Capture every page of the collection again (`--recapture`). Default: false. */
  readonly recapture?: boolean;
  /** Capture again the pages last captured before this ISO 8601 instant. Default: none. */
  readonly recaptureBefore?: string;
  /** Queue again the URLs that failed in earlier runs. Default: false. */
  readonly retryFailed?: boolean;
  /**
   * Capture pages in a browser (`vellum snapshot --browser`): `open` starts it on the run's
   * fetcher and signal (`openBrowser` of @vellum/browser), before any URL is taken; it is closed
   * at the end. A browser that cannot start ends the run before anything is captured. Default:
   * none (HTTP only).
   */
  readonly browser?: {
    readonly mode: "always" | "auto";
    readonly open: (fetcher: Fetcher, signal: AbortSignal) => Promise<PageRenderer>;
  };
  /**
   * Worker threads that extract the articles, so the run's own thread only fetches, renders and
   * writes. 0 extracts in the run's thread. Default: `defaultExtractWorkers()`, one fewer than
   * the cores (`os.availableParallelism()`), at least 1: the run's thread keeps a core of its own
   * for fetching and writing, and extraction (about a third of its CPU time per page) runs beside
   * it. The articles are the same either way. The threads end with the run, however it ends.
   */
  readonly extractWorkers?: number;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** WARC record ids. Default: random UUIDs. */
  readonly ids?: IdSource;
  /** Stops the run cleanly: what is written stays valid, the rest stays queued for a resume. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: SnapshotEvent) => void;
}

/**
 * `SnapshotOptions.extractWorkers` left unset: one fewer than the cores this process may use, at
 * least one, so the run's own thread keeps a core for fetching and writing.
 */
export function defaultExtractWorkers(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** URLs a discovery stream hands over per database transaction. */
const DISCOVERY_BATCH = 200;
/** Discovery pauses while this many URLs wait in the queue, so a huge list is not all queued first. */
const DISCOVERY_AHEAD = 5000;

/**
 * Captures URLs into a collection (`outDir`): WARC files, `collection.db`, each page's
 * article, JSON-LD and Markdown, and `report.json` written from the database. An existing
 * collection is resumed: URLs done are not fetched again, URLs a killed run had in flight are.
 * A response whose payload the collection already holds is written as a revisit record; a page
 * captured again is compared with its previous capture and its edits recorded.
 *
 * One failed URL never stops the others; an abort stops the run with what is written valid
 * and the rest queued. Throws `VellumError` when the collection cannot be used at all (locked,
 * unreadable, a full disk), after keeping everything committed.
 */
export async function snapshot(options: SnapshotOptions): Promise<SnapshotReport> {
  const clock = options.clock ?? systemClock;
  const outDir = resolve(options.outDir);
  const emit = options.onEvent ?? (() => undefined);
  const respectRobots = options.fetch?.respectRobots ?? true;
  const software = userAgent();
  const signal = options.signal;

  const collection = Collection.open(outDir, { lock: true, clock });
  let pool: ExtractPool | null = null;
  try {
    await recoverWarcs(collection);
    const run = collection.beginRun({
      software,
      robots: respectRobots ? "obey" : "ignore",
      options: {
        requisites: options.requisites ?? false,
        recapture: options.recapture ?? false,
        ...(options.recaptureBefore === undefined
          ? {}
          : { recaptureBefore: options.recaptureBefore }),
        ...(options.operator === undefined ? {} : { operator: options.operator }),
      },
    });
    if (options.retryFailed) collection.requeueFailed();
    if (options.recapture || options.recaptureBefore !== undefined) {
      collection.requeuePages(
        options.recaptureBefore === undefined ? {} : { olderThan: options.recaptureBefore },
      );
    }
    const seeds = options.urls ?? [];
    for (let i = 0; i < seeds.length; i += DISCOVERY_BATCH) {
      collection.addUrls(
        seeds.slice(i, i + DISCOVERY_BATCH).map((url) => ({
          url,
          kind: "page" as const,
          source: { kind: "url" as const, location: url },
        })),
      );
    }
    const extractWorkers = Math.floor(options.extractWorkers ?? defaultExtractWorkers());
    // Started with the first page to read: a run with nothing to extract starts no thread.
    const extractor: Extractor | undefined =
      extractWorkers > 0
        ? (input, extractOptions) => {
            pool ??= createExtractPool({ workers: extractWorkers });
            return pool.extract(input, extractOptions);
          }
        : undefined;
    return await runCaptures(
      collection,
      run.id,
      options,
      clock,
      emit,
      software,
      outDir,
      signal,
      extractor,
    );
  } finally {
    // After every capture has ended: no page is still being read. Idle threads would not hold
    // the process, but they end with the run all the same.
    await (pool as ExtractPool | null)?.close();
    collection.close();
  }
}

async function runCaptures(
  collection: Collection,
  runId: number,
  options: SnapshotOptions,
  clock: Clock,
  emit: (event: SnapshotEvent) => void,
  software: string,
  outDir: string,
  signal: AbortSignal | undefined,
  extractor: Extractor | undefined,
): Promise<SnapshotReport> {
  const startedAt = clock.now().toISOString();
  const respectRobots = options.fetch?.respectRobots ?? true;
  const log = new WarcLog({
    dir: outDir,
    prefix: options.warcPrefix ?? "vellum",
    clock,
    ids: options.ids ?? randomIds,
    info: {
      software,
      robots: respectRobots ? "obey" : "ignore",
      description: `vellum collection ${outDir.split(/[\\/]/).pop() ?? ""}, run ${runId}`,
      ...(options.operator === undefined ? {} : { operator: options.operator }),
    },
    ...(options.maxWarcBytes === undefined ? {} : { maxFileBytes: options.maxWarcBytes }),
    transaction: (work) => collection.transaction(work),
  });
  await log.prepare();

  const counters = { captured: 0, failed: 0, revisits: 0, changes: 0, silent: 0 };
  const failedBy = new Map<string, number>();
  let fatal: unknown = null;
  const stopAll = new AbortController();
  const runSignal =
    signal === undefined ? stopAll.signal : AbortSignal.any([signal, stopAll.signal]);
  // Every waiting worker and every request listens to it: more than Node's default ten.
  setMaxListeners(0, runSignal);
  const fail = (error: unknown) => {
    if (fatal === null) fatal = error;
    stopAll.abort();
  };

  // The fetcher's robots.txt and the sources' documents are archived through the step too.
  let step: CaptureStep | null = null;
  const archiveLoose = async (exchanges: readonly Exchange[], role: RecordRole) => {
    counters.revisits += await (step as CaptureStep).archive(exchanges, role);
  };

  const fetcher: Fetcher = createFetcher({
    ...options.fetch,
    clock,
    signal: runSignal,
    onRobotsCapture: async (capture) => {
      try {
        await archiveLoose(receivedOf(capture), "robots");
      } finally {
        await releaseCapture(capture);
      }
    },
    onRobotsFailure: async (error) => {
      try {
        await archiveLoose(error.received, "robots");
      } finally {
        await releaseExchanges(error.received);
      }
    },
    onEvent: (e) => {
      if (e.type === "retry")
        emit({
          event: "retry",
          url: e.url,
          attempt: e.attempt,
          delayMs: e.delayMs,
          reason: e.reason,
        });
      else if (e.type === "robots") emit({ event: "robots", origin: e.origin, outcome: e.outcome });
    },
  });

  // Sitemaps and feeds go through the same fetcher, and every exchange into the WARC.
  const documents = fetcherSource(fetcher, {
    onCapture: (capture) => archiveLoose(receivedOf(capture), "source"),
    onPartial: async (error) => {
      try {
        await archiveLoose(error.received, "source");
      } finally {
        await releaseExchanges(error.received);
      }
    },
  });

  let renderer: PageRenderer | null = null;
  if (options.browser !== undefined) {
    try {
      renderer = await options.browser.open(fetcher, runSignal);
    } catch (error) {
      fail(error);
    }
  }

  step = new CaptureStep({
    collection,
    fetcher,
    warcs: log,
    ...(extractor === undefined ? {} : { extractor }),
    ...(renderer === null || options.browser === undefined
      ? {}
      : { browser: { renderer, mode: options.browser.mode } }),
    ...(options.requisites === undefined ? {} : { requisites: options.requisites }),
    ...(options.maxRequisitesPerPage === undefined
      ? {}
      : { maxRequisitesPerPage: options.maxRequisitesPerPage }),
  });
  const capturer = step;

  const fetchOptions = fetcher.options;
  const frontier = new Frontier(collection, {
    concurrency: fetchOptions.concurrency,
    perHost: fetchOptions.perHostConcurrency,
    delayMs: fetchOptions.delayMs,
  });

  // Discovery: read the sources' stream into the queue in batches, staying ahead of the workers.
  const discovery = (async () => {
    let batch: NewUrl[] = [];
    const flush = () => {
      if (batch.length === 0) return;
      const added = collection.addUrls(batch);
      batch = [];
      frontier.wake();
      emit({ event: "discovered", added, queued: frontier.queued() });
    };
    try {
      if (options.discover === undefined) return;
      for await (const found of options.discover(documents)) {
        if (runSignal.aborted) break;
        batch.push({
          url: found.url,
          kind: "page",
          ...(found.source === undefined ? {} : { source: found.source }),
          ...(found.lastmod === undefined ? {} : { lastmod: found.lastmod }),
          ...(found.published === undefined ? {} : { published: found.published }),
          ...(found.title === undefined ? {} : { title: found.title }),
        });
        if (batch.length >= DISCOVERY_BATCH) {
          flush();
          await frontier.belowQueued(DISCOVERY_AHEAD, runSignal);
        }
      }
      flush();
    } catch (error) {
      if (!isStop(error)) fail(error);
    } finally {
      frontier.discoveryDone();
    }
  })();

  emit({ event: "start", total: frontier.queued(), outDir });

  function finished(entry: UrlRecord, captureId: number, error: ErrorInfo | null) {
    if (error === null) counters.captured += 1;
    else {
      counters.failed += 1;
      failedBy.set(error.code, (failedBy.get(error.code) ?? 0) + 1);
    }
    const progress = {
      captured: counters.captured,
      failed: counters.failed,
      queued: frontier.queued(),
    };
    if (entry.kind === "page") {
      const capture = collection.capture(captureId);
      if (capture !== null) {
        emit({
          event: "page",
          index: entry.id,
          report: urlReport(collection, entry, capture),
          progress,
        });
      }
    } else {
      const parent = entry.parentId === null ? null : collection.url(entry.parentId);
      emit({
        event: "requisite",
        page: parent?.url ?? "",
        url: entry.url,
        ok: error === null,
        ...(error === null ? {} : { reason: error.reason }),
        progress,
      });
    }
  }

  // Workers: each takes the next URL whose host is free and captures it.
  const workers = Array.from({ length: Math.max(1, fetchOptions.concurrency) }, async () => {
    for (;;) {
      if (runSignal.aborted) return;
      let next: { entry: UrlRecord; claimedAt: number } | null;
      try {
        next = await frontier.next(runSignal);
      } catch (error) {
        if (!isStop(error)) fail(error);
        return;
      }
      if (next === null) return;
      try {
        const result = await capturer.capture(next.entry, next.claimedAt);
        if (result.outcome === "stopped") frontier.putBack(next.entry.id);
        else if (result.captureId !== null) {
          if (result.change !== "none") {
            counters.changes += 1;
            if (result.change === "silent") counters.silent += 1;
          }
          counters.revisits += result.revisits;
          finished(next.entry, result.captureId, result.error);
          if (result.found.length > 0) frontier.wake();
        }
      } catch (error) {
        if (isStop(error)) frontier.putBack(next.entry.id);
        else fail(error);
      } finally {
        frontier.done(next.entry);
      }
    }
  });
  await Promise.all(workers);
  stopAll.abort();
  await renderer?.close();
  await discovery;
  frontier.releaseUnstarted();

  let closeError: unknown = null;
  try {
    await log.close();
  } catch (error) {
    closeError = error;
  }
  if (log.broken !== null || closeError !== null) {
    // Cut what was written but not committed, so the files are whole right now.
    await recoverWarcs(collection).catch(() => undefined);
  }
  const interrupted = signal?.aborted === true && collection.countUrls().queued > 0;
  const problem = fatal ?? log.broken ?? closeError;
  collection.finishRun(problem !== null || interrupted ? "interrupted" : "finished");
  const report = buildReport(collection, {
    software,
    startedAt,
    finishedAt: clock.now().toISOString(),
    robots: respectRobots ? "obey" : "ignore",
    interrupted,
    run: {
      id: runId,
      captured: counters.captured,
      failed: counters.failed,
      failedBy: Object.fromEntries(failedBy),
      revisits: counters.revisits,
      changes: counters.changes,
      silentChanges: counters.silent,
    },
  });
  await writeReport(join(outDir, "report.json"), report);
  if (problem !== null) {
    throw isVellumError(problem)
      ? problem
      : collectionError(problem, outDir, "writing the collection");
  }
  emit({ event: "done", report });
  return report;
}
