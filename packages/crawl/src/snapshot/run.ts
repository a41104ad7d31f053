import { createHash } from "node:crypto";
import { setMaxListeners } from "node:events";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { derivedUri, type RevisitOriginal } from "@vellum/archive";
import { decodeHtml, extract } from "@vellum/extract";
import {
  createFetcher,
  type Fetcher,
  type FetchOptions,
  findCssRequisites,
  findRequisites,
  type Requisite,
  releaseCapture,
  releaseExchanges,
} from "@vellum/fetch";
import {
  type Capture,
  type Clock,
  type Exchange,
  headerValue,
  type IdSource,
  isVellumError,
  randomIds,
  type SnapshotReport,
  systemClock,
  userAgent,
} from "@vellum/model";
import { articleInput, compareArticles } from "../changes/compare.js";
import { Collection, collectionError } from "../collection/collection.js";
import type {
  ArticleInput,
  ChangeInput,
  ErrorInfo,
  NewUrl,
  RecordInput,
  RecordRole,
  UrlRecord,
} from "../collection/types.js";
import { articleFiles } from "../render.js";
import { fetcherSource } from "../sources/fetcher.js";
import type { DiscoveredUrl, SourceFetcher } from "../sources/types.js";
import type { SnapshotEvent } from "./events.js";
import { writeFileAtomic } from "./files.js";
import { Frontier } from "./frontier.js";
import { receivedBefore, receivedOf } from "./record.js";
import { buildReport, urlReport, writeReport } from "./report.js";
import { recoverWarcs, type WarcGroup, WarcLog } from "./warc-log.js";

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
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** WARC record ids. Default: random UUIDs. */
  readonly ids?: IdSource;
  /** Stops the run cleanly: what is written stays valid, the rest stays queued for a resume. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: SnapshotEvent) => void;
}

const REQUISITE_ACCEPT: Record<string, string> = {
  image: "image/avif,image/webp,image/*,*/*;q=0.8",
  icon: "image/avif,image/webp,image/*,*/*;q=0.8",
  stylesheet: "text/css,*/*;q=0.1",
  script: "*/*",
  font: "font/woff2,font/woff,*/*;q=0.8",
  media: "*/*",
};
/** Stylesheets importing stylesheets: how deep requisites are followed from a page. */
const MAX_REQUISITE_DEPTH = 3;
/** URLs a discovery stream hands over per database transaction. */
const DISCOVERY_BATCH = 200;
/** Discovery pauses while this many URLs wait in the queue, so a huge list is not all queued first. */
const DISCOVERY_AHEAD = 5000;

function isHtml(capture: Capture): boolean {
  const type = headerValue(capture.headers, "content-type");
  if (type !== null) return /html/i.test(type);
  const head = new TextDecoder().decode(capture.content.subarray(0, 512)).trimStart().toLowerCase();
  return head.startsWith("<!doctype html") || head.startsWith("<html");
}

/**
 * The text of an HTML page or a stylesheet, for reading the URLs it uses: through extract's
 * `decodeHtml`, the one charset path (BOM, then the header, then `<meta>`, then the bytes), so
 * a page whose charset is only in its `<meta>` yields the same URLs as its article.
 */
function decodeText(capture: Capture): string {
  return decodeHtml(capture.content, capture.headers).html;
}

/** The error as one line; the URL is left out when it is the value, since the report names it. */
function errorOf(error: unknown, url?: string): ErrorInfo {
  if (isVellumError(error)) {
    if (error.value !== undefined && error.value !== url)
      return { code: error.code, reason: error.toLine() };
    const hint = error.hint === undefined ? "" : ` (${error.hint})`;
    return { code: error.code, reason: `${error.message}${hint}` };
  }
  return { code: "internal", reason: error instanceof Error ? error.message : String(error) };
}

function isStop(error: unknown): boolean {
  return isVellumError(error) && error.code === "interrupted";
}

async function sha256(exchange: Exchange): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of exchange.body.stream()) hash.update(chunk);
  return `sha256:${hash.digest("hex")}`;
}

function mimeOf(exchange: Exchange): string | null {
  return headerValue(exchange.responseHeaders, "content-type")?.split(";")[0]?.trim() ?? null;
}

/**
 * Writes a capture's exchanges, each as a response or, when its payload is already in the
 * collection, a revisit (identical-payload-digest). Answers the records as the collection
 * stores them; the last is the final response.
 */
async function writeExchanges(
  group: WarcGroup,
  collection: Collection,
  exchanges: readonly Exchange[],
  role: RecordRole,
  counters: { revisits: number },
): Promise<RecordInput[]> {
  const out: RecordInput[] = [];
  for (const exchange of exchanges) {
    const digest = await sha256(exchange);
    // An empty or cut-off payload saves nothing as a revisit and may not be the same resource.
    const original =
      exchange.body.byteLength > 0 && exchange.truncated === null
        ? collection.findOriginal(digest, exchange.url)
        : null;
    let at: Awaited<ReturnType<WarcGroup["exchange"]>>;
    if (original !== null) {
      const refers: RevisitOriginal = {
        recordId: original.warc.recordId,
        targetUri: original.targetUri,
        date: original.date,
        payloadDigest: digest,
      };
      at = await group.revisit(exchange, refers);
      counters.revisits += 1;
    } else {
      at = await group.exchange(exchange);
    }
    out.push({
      role,
      type: original === null ? "response" : "revisit",
      targetUri: exchange.url,
      date: exchange.startedAt,
      status: exchange.status,
      mime: mimeOf(exchange),
      payloadDigest: digest,
      payloadBytes: exchange.body.byteLength,
      truncated: exchange.truncated,
      warc: {
        file: at.response.filename,
        offset: at.response.offset,
        length: at.response.length,
        recordId: at.response.recordId,
      },
      refersTo: original?.id ?? null,
    });
  }
  return out;
}

/** The target URI of the record that carries an article's edits: never the page's own URL. */
export function changesUri(pageUrl: string): string {
  return derivedUri("changes", pageUrl);
}

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
    return await runCaptures(collection, run.id, options, clock, emit, software, outDir, signal);
  } finally {
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

  /** Archives records that belong to no queued URL (robots.txt, sitemaps, feeds) and commits them. */
  const archiveLoose = (exchanges: readonly Exchange[], role: RecordRole) =>
    log.group(async (group) => {
      const records = await writeExchanges(group, collection, exchanges, role, counters);
      collection.commitRecords(records, group.marks());
    });

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

  async function captureUrl(entry: UrlRecord, claimedAt: number): Promise<void> {
    const isPage = entry.kind === "page";
    const t0 = performance.now();
    let capture: Capture;
    try {
      capture = await fetcher.capture(entry.url, {
        content: isPage ? "text" : entry.requisiteKind === "stylesheet",
        ...(isPage ? {} : { accept: REQUISITE_ACCEPT[entry.requisiteKind ?? "media"] ?? "*/*" }),
      });
    } catch (error) {
      await captureFailed(entry, error, claimedAt, t0);
      return;
    }
    try {
      await captureDone(entry, capture, claimedAt, t0);
    } finally {
      await releaseCapture(capture);
    }
  }

  async function captureFailed(entry: UrlRecord, error: unknown, claimedAt: number, t0: number) {
    const received = receivedBefore(error);
    const stopped = isStop(error);
    try {
      // A chain that failed midway (a loop, a refused hop, Ctrl-C while waiting to retry) still
      // received responses; they are what the site served, so they go into the WARC.
      await log.group(async (group) => {
        const records = await writeExchanges(
          group,
          collection,
          received,
          entry.kind === "page" ? "page" : "requisite",
          counters,
        );
        const info = errorOf(error, entry.url);
        const result = collection.commit({
          capture: {
            urlId: entry.id,
            // Stopped: not a failure of the URL; it stays queued, and what arrived is kept.
            outcome: stopped ? "interrupted" : "failed",
            status: null,
            finalUrl: null,
            redirects: received.filter((e) => e.status >= 300 && e.status < 400).length,
            exchanges: records.length,
            bytes: null,
            truncated: null,
            startedAt: received[0]?.startedAt ?? null,
            fetchMs: Math.round(performance.now() - t0),
            queuedMs: Math.round(t0 - claimedAt),
            error: info,
            notes: [],
            articleDir: null,
          },
          records,
          finalRecord: null,
          state: stopped ? "queued" : "failed",
          warcFiles: group.marks(),
        });
        if (!stopped) finished(entry, result.captureId, info);
      });
    } catch (writeError) {
      fail(writeError);
    } finally {
      await releaseExchanges(received);
    }
    if (stopped) frontier.putBack(entry.id);
  }

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

  async function captureDone(entry: UrlRecord, capture: Capture, claimedAt: number, t0: number) {
    const isPage = entry.kind === "page";
    const final = capture.exchanges[capture.exchanges.length - 1] as Exchange;
    const received = receivedOf(capture);
    const status = final.status;
    const notes: string[] = [];
    let error: ErrorInfo | null = null;
    let article: ArticleInput | undefined;
    let files: ReturnType<typeof articleFiles> | null = null;
    let change: Omit<ChangeInput, "warcRecordId"> | null = null;
    let previousRecordId: string | null = null;
    const found: NewUrl[] = [];
    if (final.truncated) {
      notes.push(`body truncated (${final.truncated}) at ${final.body.byteLength} bytes`);
    }
    if (status < 200 || status >= 300) {
      error = {
        code: "http-status",
        reason: `The server answered HTTP ${status} ${final.statusText}`.trim(),
      };
    } else if (isPage && !isHtml(capture)) {
      notes.push(
        `not HTML (${headerValue(capture.headers, "content-type") ?? "no Content-Type"}): archived, no article`,
      );
    } else if (isPage) {
      const extracted = extract(capture.content, {
        url: capture.finalUrl,
        headers: capture.headers,
      });
      // The same renderings as `vellum extract --format json|jsonld|markdown` (a test holds
      // them equal).
      files = articleFiles(extracted);
      article = articleInput(extracted);
      const previous = collection.latestArticle(entry.id);
      if (previous !== null) {
        const compared = compareArticles(previous, article);
        if (compared !== null) change = { fromArticleId: previous.id, ...compared };
        previousRecordId = collection.capture(previous.captureId)?.record?.warc.recordId ?? null;
      }
      if (options.requisites ?? false)
        found.push(...requisitesOf(entry, decodeText(capture), capture.finalUrl));
    } else if (entry.requisiteKind === "stylesheet" && entry.depth < MAX_REQUISITE_DEPTH) {
      found.push(...requisitesOf(entry, decodeText(capture), capture.finalUrl, true));
    }
    const articleDir = files !== null && entry.slug !== null ? `articles/${entry.slug}` : null;
    if (files !== null && articleDir !== null) {
      // Written before the commit: a crash in between leaves files that the capture made again
      // will overwrite; never a committed capture without its files.
      for (const [name, text] of Object.entries(files))
        await writeFileAtomic(join(outDir, articleDir, name), text);
    }
    const changeJson =
      change === null
        ? null
        : JSON.stringify(
            {
              url: capture.finalUrl,
              previousRecord: previousRecordId,
              fields: change.fields,
              silent: change.silent,
              diff: change.diff,
            },
            null,
            2,
          );
    await log.group(async (group) => {
      const records = await writeExchanges(
        group,
        collection,
        received,
        isPage ? "page" : "requisite",
        counters,
      );
      const responseId = records.at(-1)?.warc.recordId;
      const encoder = new TextEncoder();
      if (files !== null) {
        // Never the page's own URL (replay would serve these as the page): each its own
        // urn:vellum: URI, tied to the response it was derived from.
        for (const [kind, contentType, text] of [
          ["article", "application/json", files["article.json"]],
          ["jsonld", "application/ld+json", files["article.jsonld"]],
          ["markdown", "text/markdown; charset=utf-8", files["article.md"]],
        ] as const) {
          await group.metadata({
            targetUri: derivedUri(kind, capture.finalUrl),
            ...(responseId === undefined
              ? {}
              : {
                  concurrentTo: responseId,
                  refersTo: responseId,
                  refersToTargetUri: capture.finalUrl,
                  refersToDate: final.startedAt,
                }),
            contentType,
            body: encoder.encode(text),
          });
        }
      }
      let changeRecordId: string | null = null;
      if (changeJson !== null) {
        changeRecordId = (
          await group.metadata({
            targetUri: changesUri(capture.finalUrl),
            ...(responseId === undefined ? {} : { concurrentTo: responseId }),
            ...(previousRecordId === null ? {} : { refersTo: previousRecordId }),
            contentType: "application/json",
            body: encoder.encode(`${changeJson}\n`),
          })
        ).recordId;
      }
      const limit = options.maxRequisitesPerPage ?? 300;
      const result = collection.commit({
        capture: {
          urlId: entry.id,
          outcome: error === null ? "ok" : "failed",
          status,
          finalUrl: capture.finalUrl,
          redirects: capture.exchanges.length - 1,
          exchanges: records.length,
          bytes: final.body.byteLength,
          truncated: final.truncated,
          startedAt: received[0]?.startedAt ?? null,
          fetchMs: Math.round(performance.now() - t0),
          queuedMs: Math.round(t0 - claimedAt),
          error,
          notes,
          articleDir,
        },
        records,
        finalRecord: records.length - 1,
        ...(article === undefined ? {} : { article }),
        ...(change === null ? {} : { change: { ...change, warcRecordId: changeRecordId } }),
        found: found.slice(0, limit),
        state: error === null ? "done" : "failed",
        warcFiles: group.marks(),
      });
      if (change !== null) {
        counters.changes += 1;
        if (change.silent) counters.silent += 1;
      }
      finished(entry, result.captureId, error);
    });
    if (found.length > 0) frontier.wake();
  }

  function requisitesOf(entry: UrlRecord, text: string, base: string, css = false): NewUrl[] {
    const list: Requisite[] = css ? findCssRequisites(text, base) : findRequisites(text, base);
    const page = entry.kind === "page" ? entry.id : (entry.parentId ?? entry.id);
    return list.map((r) => ({
      url: r.url,
      kind: "requisite" as const,
      parentId: page,
      depth: entry.depth + 1,
      requisiteKind: r.kind,
    }));
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
        await captureUrl(next.entry, next.claimedAt);
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
