import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { WarcWriter } from "@vellum/archive";
import { decodeHtml, extract } from "@vellum/extract";
import {
  createFetcher,
  type Fetcher,
  type FetchOptions,
  findCssRequisites,
  findRequisites,
  type Requisite,
  releaseCapture,
} from "@vellum/fetch";
import {
  type Capture,
  type Clock,
  headerValue,
  type IdSource,
  isVellumError,
  randomIds,
  type SnapshotReport,
  systemClock,
  type UrlReport,
  userAgent,
  VellumError,
} from "@vellum/model";
import { articleFiles } from "../render.js";
import type { SnapshotEvent } from "./events.js";
import { writeFileAtomic } from "./files.js";
import {
  archiveReceived,
  receivedBefore,
  receivedOf,
  type Written,
  writeExchanges,
} from "./record.js";
import { uniqueSlugs } from "./slug.js";

export interface SnapshotOptions {
  /** Absolute http(s) URLs, in the order they are reported. Duplicates are captured once. */
  readonly urls: readonly string[];
  /** Output directory: WARC files, `articles/<slug>/…`, `report.json`. Created if missing. */
  readonly outDir: string;
  /**
   * How to fetch. Defaults are @vellum/fetch's (robots obeyed, private addresses refused, one
   * request at a time per host with a 1 s pause, 4 pages at once). `signal` and `clock` are
   * taken from the options below.
   */
  readonly fetch?: Omit<FetchOptions, "signal" | "clock" | "onEvent">;
  /** Also capture images, stylesheets, scripts and fonts the pages use. Default: false. */
  readonly requisites?: boolean;
  /** Most requisites captured for one page. Default: 300. */
  readonly maxRequisitesPerPage?: number;
  /** WARC file name prefix. Default: `vellum`. */
  readonly warcPrefix?: string;
  /** Roll to a new WARC file past this size. Default: 1 GB. */
  readonly maxWarcBytes?: number;
  /** Who ran the capture, for warcinfo `operator`. Default: none. */
  readonly operator?: string;
  /** Default: the system clock. */
  readonly clock?: Clock;
  /** WARC record ids. Default: random UUIDs. */
  readonly ids?: IdSource;
  /** Stops the run cleanly: what is written stays valid, the report lists what was not done. */
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: SnapshotEvent) => void;
}

const REQUISITE_ACCEPT: Record<Requisite["kind"], string> = {
  image: "image/avif,image/webp,image/*,*/*;q=0.8",
  icon: "image/avif,image/webp,image/*,*/*;q=0.8",
  stylesheet: "text/css,*/*;q=0.1",
  script: "*/*",
  font: "font/woff2,font/woff,*/*;q=0.8",
  media: "*/*",
};

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
function errorOf(error: unknown, url?: string): { code: string; reason: string } {
  if (isVellumError(error)) {
    if (error.value !== undefined && error.value !== url)
      return { code: error.code, reason: error.toLine() };
    const hint = error.hint === undefined ? "" : ` (${error.hint})`;
    return { code: error.code, reason: `${error.message}${hint}` };
  }
  return { code: "internal", reason: error instanceof Error ? error.message : String(error) };
}

/**
 * Captures every URL into WARC files, writes each page's article, JSON-LD and Markdown, and
 * `report.json`. One failed URL never stops the others; an abort stops the rest and still
 * leaves valid WARC files and a report that names what was not done. Never throws for a URL's
 * failure; throws `VellumError` only when the output cannot be written at all.
 */
export async function snapshot(options: SnapshotOptions): Promise<SnapshotReport> {
  const clock = options.clock ?? systemClock;
  const outDir = resolve(options.outDir);
  const emit = options.onEvent ?? (() => undefined);
  const urls = [...new Set(options.urls)];
  const slugs = uniqueSlugs(urls);
  const respectRobots = options.fetch?.respectRobots ?? true;
  const startedAt = clock.now().toISOString();
  const software = userAgent();

  const warc = await WarcWriter.open({
    dir: outDir,
    prefix: options.warcPrefix ?? "vellum",
    clock,
    ids: options.ids ?? randomIds,
    info: {
      software: userAgent(),
      robots: respectRobots ? "obey" : "ignore",
      description: `vellum snapshot of ${urls.length} URL${urls.length === 1 ? "" : "s"}`,
      ...(options.operator === undefined ? {} : { operator: options.operator }),
    },
    ...(options.maxWarcBytes === undefined ? {} : { maxFileBytes: options.maxWarcBytes }),
  });

  /** Every exchange of a capture, retried answers included; answers the final response's id. */
  const writeCapture = async (capture: Capture) =>
    (await writeExchanges(warc, receivedOf(capture))).lastResponseId;

  const fetcher: Fetcher = createFetcher({
    ...options.fetch,
    clock,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onRobotsCapture: async (capture) => {
      try {
        await writeCapture(capture);
      } finally {
        await releaseCapture(capture);
      }
    },
    // The hops of a robots.txt that failed midway are exchanges too; a write failure here is the
    // run's (it fails the page that asked), as for a robots.txt that arrived.
    onRobotsFailure: async (error) => {
      const { writeError } = await archiveReceived(warc, error);
      if (writeError !== null) throw writeError;
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

  emit({ event: "start", total: urls.length, outDir });
  const seenRequisites = new Set<string>(urls);

  async function captureRequisites(page: string, html: string, base: string) {
    let captured = 0;
    let failed = 0;
    const limit = options.maxRequisitesPerPage ?? 300;
    const pending: Requisite[] = findRequisites(html, base);
    let depth = 0;
    while (pending.length > 0 && depth < 3) {
      const round = pending.splice(0).filter((r) => !seenRequisites.has(r.url));
      depth += 1;
      // allSettled, not all: every capture started here must finish writing before the run can
      // close the WARC, even when one of them fails.
      const results = await Promise.allSettled(
        round.slice(0, Math.max(0, limit - captured - failed)).map(async (req) => {
          seenRequisites.add(req.url);
          try {
            const capture = await fetcher.capture(req.url, {
              accept: REQUISITE_ACCEPT[req.kind],
              content: req.kind === "stylesheet",
            });
            try {
              await writeCapture(capture);
              const status = capture.exchanges[capture.exchanges.length - 1]?.status ?? 0;
              const ok = status >= 200 && status < 400;
              emit({
                event: "requisite",
                page,
                url: req.url,
                ok,
                ...(ok ? {} : { reason: `HTTP ${status}` }),
              });
              if (ok && req.kind === "stylesheet") {
                pending.push(...findCssRequisites(decodeText(capture), capture.finalUrl));
              }
              return ok;
            } finally {
              await releaseCapture(capture);
            }
          } catch (error) {
            const { writeError } = await archiveReceived(warc, error);
            if (writeError !== null) throw writeError;
            if (isVellumError(error) && (error.code === "interrupted" || error.code === "io"))
              throw error;
            emit({
              event: "requisite",
              page,
              url: req.url,
              ok: false,
              reason: errorOf(error, req.url).reason,
            });
            return false;
          }
        }),
      );
      for (const result of results) {
        if (result.status === "rejected") throw result.reason;
        if (result.value) captured += 1;
        else failed += 1;
      }
    }
    return { captured, failed };
  }

  /** Fixed key order, so report.json reads the same way for every URL. */
  function urlReport(r: UrlReport): UrlReport {
    return {
      url: r.url,
      outcome: r.outcome,
      status: r.status,
      finalUrl: r.finalUrl,
      redirects: r.redirects,
      exchanges: r.exchanges,
      bytes: r.bytes,
      truncated: r.truncated,
      startedAt: r.startedAt,
      durationMs: r.durationMs,
      articleDir: r.articleDir,
      requisites: r.requisites,
      error: r.error,
      notes: r.notes,
    };
  }

  async function capturePage(url: string, index: number): Promise<UrlReport> {
    const slug = slugs[index] as string;
    const t0 = performance.now();
    const notes: string[] = [];
    let capture: Capture;
    try {
      capture = await fetcher.capture(url, { content: "text" });
    } catch (error) {
      const stopped = isVellumError(error) && error.code === "interrupted";
      // A chain that failed midway (a loop, a refused hop, Ctrl-C while waiting to retry) still
      // received responses; they are what the site served, so they go into the WARC.
      const received = receivedBefore(error);
      const { written, writeError } = await archiveReceived(warc, error);
      if (writeError !== null) {
        notes.push(
          `${received.length - written} of the responses received could not be archived: ${errorOf(writeError).reason}`,
        );
      }
      return {
        url,
        outcome: stopped ? "not-done" : "failed",
        status: null,
        finalUrl: null,
        redirects: received.filter((e) => e.status >= 300 && e.status < 400).length,
        exchanges: written,
        bytes: null,
        truncated: null,
        startedAt: received[0]?.startedAt ?? null,
        durationMs: Math.round(performance.now() - t0),
        articleDir: null,
        requisites: { captured: 0, failed: 0 },
        error: errorOf(error, url),
        notes,
      };
    }
    const final = capture.exchanges[capture.exchanges.length - 1];
    const first = receivedOf(capture)[0];
    const status = final?.status ?? 0;
    const written: Written = { count: 0, lastResponseId: null };
    const base = {
      url,
      status,
      finalUrl: capture.finalUrl,
      redirects: capture.exchanges.length - 1,
      bytes: final?.body.byteLength ?? null,
      truncated: final?.truncated ?? null,
      startedAt: first?.startedAt ?? null,
    };
    let error: { code: string; reason: string } | null = null;
    let articleDir: string | null = null;
    let requisites = { captured: 0, failed: 0 };
    try {
      const responseId = (await writeExchanges(warc, receivedOf(capture), written)).lastResponseId;
      if (final?.truncated) {
        notes.push(`body truncated (${final.truncated}) at ${final.body.byteLength} bytes`);
      }
      if (status < 200 || status >= 300) {
        error = {
          code: "http-status",
          reason: `The server answered HTTP ${status} ${final?.statusText ?? ""}`.trim(),
        };
      } else if (!isHtml(capture)) {
        notes.push(
          `not HTML (${headerValue(capture.headers, "content-type") ?? "no Content-Type"}): archived, no article`,
        );
      } else {
        const article = extract(capture.content, {
          url: capture.finalUrl,
          headers: capture.headers,
        });
        // The same renderings as `vellum extract --format json|jsonld|markdown` (a test holds
        // them equal).
        const files = articleFiles(article);
        articleDir = `articles/${slug}`;
        const dir = join(outDir, "articles", slug);
        for (const [name, text] of Object.entries(files))
          await writeFileAtomic(join(dir, name), text);
        const encoder = new TextEncoder();
        for (const [contentType, text] of [
          ["application/json", files["article.json"]],
          ["application/ld+json", files["article.jsonld"]],
        ] as const) {
          await warc.writeMetadata({
            targetUri: capture.finalUrl,
            ...(responseId === null ? {} : { concurrentTo: responseId }),
            contentType,
            body: encoder.encode(text),
          });
        }
        if (options.requisites ?? false) {
          try {
            requisites = await captureRequisites(url, decodeText(capture), capture.finalUrl);
          } catch (caught) {
            // The page itself is archived; only some of its requisites are missing.
            if (!(isVellumError(caught) && caught.code === "interrupted")) throw caught;
            notes.push("stopped before all of its requisites were captured");
          }
        }
      }
    } catch (caught) {
      const stopped = isVellumError(caught) && caught.code === "interrupted";
      await releaseCapture(capture);
      return {
        ...base,
        exchanges: written.count,
        outcome: stopped ? "not-done" : "failed",
        durationMs: Math.round(performance.now() - t0),
        articleDir,
        requisites,
        error: errorOf(caught, url),
        notes,
      };
    }
    await releaseCapture(capture);
    return {
      ...base,
      exchanges: written.count,
      outcome: error === null ? "ok" : "failed",
      durationMs: Math.round(performance.now() - t0),
      articleDir,
      requisites,
      error,
      notes,
    };
  }

  const reports = await Promise.all(
    urls.map(async (url, index) => {
      const report = urlReport(await capturePage(url, index));
      emit({ event: "page", index, report });
      return report;
    }),
  );

  let closeError: unknown = null;
  try {
    await warc.close();
  } catch (error) {
    closeError = error;
  }
  const count = (outcome: UrlReport["outcome"]) =>
    reports.filter((r) => r.outcome === outcome).length;
  const report: SnapshotReport = {
    software,
    startedAt,
    finishedAt: clock.now().toISOString(),
    robots: respectRobots ? "obey" : "ignore",
    interrupted: options.signal?.aborted ?? false,
    warcFiles: [...warc.files],
    counts: {
      total: reports.length,
      ok: count("ok"),
      failed: count("failed"),
      notDone: count("not-done"),
    },
    urls: reports,
  };
  await writeFileAtomic(join(outDir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  if (closeError !== null) {
    throw isVellumError(closeError)
      ? closeError
      : new VellumError("io", "Could not finish the WARC file", {
          value: outDir,
          cause: closeError,
        });
  }
  emit({ event: "done", report });
  return report;
}
