import { createHash, randomBytes } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { derivedUri, type RevisitOriginal } from "@vellum/archive";
import { decodeHtml, type ExtractPool, extract, type PoolExtractOptions } from "@vellum/extract";
import {
  type Fetcher,
  findCssRequisites,
  findRequisites,
  type Requisite,
  releaseCapture,
  releaseExchanges,
} from "@vellum/fetch";
import {
  type Article,
  type Capture,
  type Exchange,
  headerValue,
  isVellumError,
  type PageRenderer,
  type RenderedCapture,
  type RequestGate,
} from "@vellum/model";
import { articleInput, compareArticles } from "../changes/compare.js";
import { type Collection, collectionError } from "../collection/collection.js";
import type {
  ArticleInput,
  ChangeInput,
  ErrorInfo,
  NewUrl,
  RecordInput,
  RecordRole,
  UrlRecord,
} from "../collection/types.js";
import { articleFiles, type ExtractedFrom } from "../render.js";
import { receivedBefore, receivedOf } from "./record.js";
import type { WarcGroup, WarcLog } from "./warc-log.js";

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

/**
 * `--browser auto`: a page whose HTTP capture reads as an article of fewer words than this is
 * captured again in the browser (its text is most likely inserted by scripts).
 */
export const AUTO_BROWSER_MIN_WORDS = 100;

/**
 * Pages captured in a browser (`vellum snapshot --browser`). `always`: every page; `auto`: a page
 * is fetched over HTTP first and rendered only when that capture is an HTML page with too little
 * text for an article (`AUTO_BROWSER_MIN_WORDS`), or none; its HTTP capture is then dropped
 * unwritten. Requisites are always fetched over HTTP.
 */
export interface BrowserCapture {
  /** `openBrowser` of @vellum/browser, on the same fetcher (its rules apply to every request). */
  readonly renderer: PageRenderer;
  readonly mode: "always" | "auto";
}

/**
 * What reads a page's article: a function with `extract`'s signature (answering the article or a
 * promise of it), or an `ExtractPool` of @vellum/extract (`createExtractPool`), which extracts on
 * worker threads so the capture's thread stays free for fetching and writing. Either must answer
 * exactly what `extract` answers: the article files are rendered from it.
 */
export type Extractor =
  | ((input: Uint8Array | string, options: PoolExtractOptions) => Article | Promise<Article>)
  | ExtractPool;

export interface CaptureStepOptions {
  /** The collection, opened for writing (`Collection.open(dir, { lock: true })`). */
  readonly collection: Collection;
  /**
   * The fetcher (`createFetcher` of @vellum/fetch): politeness, robots.txt, retries. Aborting
   * its signal stops a capture in flight; the URL then goes back to the queue.
   */
  readonly fetcher: Fetcher;
  /**
   * Where the records go: `new WarcLog({ dir: collection.dir, prefix, clock, ids, info,
   * transaction: (work) => collection.transaction(work) })`, after `prepare()`. One per
   * writing process; its prefix names its files.
   */
  readonly warcs: WarcLog;
  /** Also queue the images, stylesheets, scripts and fonts a page uses. Default: false. */
  readonly requisites?: boolean;
  /** Most requisites queued for one page. Default: 300. */
  readonly maxRequisitesPerPage?: number;
  /** Capture pages in a browser. Default: none (HTTP only). */
  readonly browser?: BrowserCapture;
  /**
   * Reads the articles. Default: `extract` of @vellum/extract, in this thread. The caller owns
   * a pool it passes: the step never closes it.
   */
  readonly extractor?: Extractor;
}

/** What one capture step did, once it is committed. */
export interface CaptureStepResult {
  /**
   * `done`: captured; `failed`: the URL failed (HTTP error, refused, unreachable …), recorded
   * as such; `stopped`: the fetcher's signal stopped it — nothing of it counts, the URL is
   * queued again (what had arrived is kept in the WARC).
   */
  readonly outcome: "done" | "failed" | "stopped";
  /** The capture's row in the collection (null only when stopped before anything arrived). */
  readonly captureId: number | null;
  readonly error: ErrorInfo | null;
  /** Responses written as revisit records (their payload was already in the collection). */
  readonly revisits: number;
  /**
   * The requisites it queued, committed with it (at most `maxRequisitesPerPage`; a URL the
   * collection already had is in the list but was not queued again).
   */
  readonly found: readonly NewUrl[];
  /** An edit found against the page's previous capture; `silent`: dateModified unchanged. */
  readonly change: "none" | "edited" | "silent";
}

/** A response written in this process whose commit may still be waiting. */
interface PendingOriginal {
  readonly recordId: string;
  readonly targetUri: string;
  readonly date: string;
  /** Its row id, set when its capture commits (always before a revisit of it commits). */
  dbId: number | null;
}

/** A record written, with what its revisit points at until the commit knows the row id. */
interface WrittenRecord {
  readonly input: Omit<RecordInput, "refersTo">;
  readonly refersTo: number | PendingOriginal | null;
  /** Set when this record is a response others may revisit before it commits. */
  readonly original: PendingOriginal | null;
}

/** A page that has an article to read: answered 2xx with HTML. */
function readable(capture: Capture): boolean {
  const status = capture.exchanges.at(-1)?.status ?? 0;
  return status >= 200 && status < 300 && isHtml(capture);
}

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
export function errorOf(error: unknown, url?: string): ErrorInfo {
  if (isVellumError(error)) {
    if (error.value !== undefined && error.value !== url)
      return { code: error.code, reason: error.toLine() };
    const hint = error.hint === undefined ? "" : ` (${error.hint})`;
    return { code: error.code, reason: `${error.message}${hint}` };
  }
  return { code: "internal", reason: error instanceof Error ? error.message : String(error) };
}

export function isStop(error: unknown): boolean {
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

/** The target URI of the record that carries an article's edits: never the page's own URL. */
export function changesUri(pageUrl: string): string {
  return derivedUri("changes", pageUrl);
}

/**
 * An article's files, each through a temporary sibling and a rename (no reader sees half a
 * file), the directory made once. Written before the commit: a crash in between leaves files
 * that the capture made again will overwrite; never a committed capture without its files.
 */
async function writeArticleFiles(dir: string, files: Record<string, string>): Promise<void> {
  try {
    await mkdir(dir, { recursive: true });
    const tag = randomBytes(4).toString("hex");
    await Promise.all(
      Object.entries(files).map(async ([name, text]) => {
        const path = join(dir, name);
        const temp = join(dir, `.${name}.${tag}.tmp`);
        try {
          await writeFile(temp, text);
          await rename(temp, path);
        } catch (error) {
          await rm(temp, { force: true });
          throw error;
        }
      }),
    );
  } catch (cause) {
    throw collectionError(cause, dir, "writing an article file");
  }
}

interface Timings {
  readonly fetchMs: number;
  readonly queuedMs: number;
}

/**
 * A capture's time split in two, taken the moment the fetch ends: `fetchMs`, the time in its
 * requests (each from sent to the end of its response, summed over redirect hops and retried
 * answers), and `queuedMs`, the rest since a worker took the URL: the host's politeness pause or
 * a free slot, robots.txt, retry pauses. Without a response to measure (a connection refused, a
 * timeout), the time from the fetch's start to the failure is the fetch time.
 */
function timings(
  received: readonly { readonly durationMs: number }[],
  claimedAt: number,
  t0: number,
): Timings {
  const now = performance.now();
  if (received.length === 0) {
    return { fetchMs: Math.round(now - t0), queuedMs: Math.round(t0 - claimedAt) };
  }
  const onWire = received.reduce((sum, e) => sum + e.durationMs, 0);
  return {
    fetchMs: Math.round(onWire),
    queuedMs: Math.round(Math.max(0, now - claimedAt - onWire)),
  };
}

/** Per-capture settings of `CaptureStep.capture`. */
export interface CaptureStepCallOptions {
  /**
   * The politeness gate of this capture's requests (a fleet job's slot), over HTTP and in the
   * browser. Default: the fetcher's.
   */
  readonly gate?: RequestGate;
  /** Stops this capture (besides the fetcher's own signal): it ends `stopped`. */
  readonly signal?: AbortSignal;
}

/**
 * The capture of one URL of a collection — fetch it, write its records (responses, or revisits
 * of a payload the collection already holds; the article's JSON and JSON-LD and any edit as
 * metadata records), write the article's files, and commit all of it to the collection in one
 * transaction after the WARC bytes are on disk. `vellum snapshot` runs it from its workers;
 * a queue worker (`vellum worker`) runs it for each job and acknowledges the job once
 * `capture` resolves.
 */
export class CaptureStep {
  readonly #options: CaptureStepOptions;
  readonly #collection: Collection;
  /** Responses written whose commit may be waiting, by payload digest: revisits see them. */
  readonly #originals = new Map<string, PendingOriginal>();

  readonly #extractor: (
    input: Uint8Array | string,
    options: PoolExtractOptions,
  ) => Article | Promise<Article>;

  constructor(options: CaptureStepOptions) {
    this.#options = options;
    this.#collection = options.collection;
    const extractor = options.extractor ?? extract;
    this.#extractor =
      typeof extractor === "function"
        ? extractor
        : (input, extractOptions) => extractor.extract(input, extractOptions);
  }

  /**
   * Captures `entry` (a URL of the collection, claimed: state `fetching`) and answers once it
   * is committed. Throws only when the collection cannot be written (a full disk, a damaged
   * database): the URL's state is then left to the next run, which fetches it again.
   * `claimedAt` (a `performance.now()` time) measures how long the URL waited.
   */
  async capture(
    entry: UrlRecord,
    claimedAt: number = performance.now(),
    options: CaptureStepCallOptions = {},
  ): Promise<CaptureStepResult> {
    const isPage = entry.kind === "page";
    const browser = isPage ? this.#options.browser : undefined;
    if (browser?.mode === "always")
      return await this.#render(entry, browser, claimedAt, [], options);
    const t0 = performance.now();
    let capture: Capture;
    try {
      capture = await this.#options.fetcher.capture(entry.url, {
        content: isPage ? "text" : entry.requisiteKind === "stylesheet",
        ...(isPage ? {} : { accept: REQUISITE_ACCEPT[entry.requisiteKind ?? "media"] ?? "*/*" }),
        ...(options.gate === undefined ? {} : { gate: options.gate }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      return await this.#failed(entry, error, timings(receivedBefore(error), claimedAt, t0));
    }
    let released = false;
    try {
      const time = timings(receivedOf(capture), claimedAt, t0);
      const article = isPage && readable(capture) ? await this.#extract(capture) : null;
      if (browser !== undefined && article !== null && article.wordCount < AUTO_BROWSER_MIN_WORDS) {
        const words = article.wordCount;
        released = true;
        await releaseCapture(capture);
        return await this.#render(
          entry,
          browser,
          claimedAt,
          [`${words} ${words === 1 ? "word" : "words"} over HTTP: captured in the browser`],
          options,
        );
      }
      return await this.#done(
        entry,
        capture,
        time,
        article,
        browser === undefined ? undefined : "response",
      );
    } finally {
      if (!released) await releaseCapture(capture);
    }
  }

  async #extract(capture: Capture): Promise<Article> {
    return await this.#extractor(capture.content, {
      url: capture.finalUrl,
      headers: capture.headers,
    });
  }

  /** The page captured in the browser, then written and committed like an HTTP capture. */
  async #render(
    entry: UrlRecord,
    browser: BrowserCapture,
    claimedAt: number,
    notes: readonly string[],
    options: CaptureStepCallOptions,
  ): Promise<CaptureStepResult> {
    const t0 = performance.now();
    let page: RenderedCapture;
    try {
      page = await browser.renderer.capture(entry.url, {
        ...(options.gate === undefined ? {} : { gate: options.gate }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
    } catch (error) {
      return await this.#failed(entry, error, timings([], claimedAt, t0));
    }
    try {
      const time = {
        fetchMs: page.durationMs,
        queuedMs: Math.round(Math.max(0, performance.now() - claimedAt - page.durationMs)),
      };
      return await this.#rendered(entry, page, time, notes);
    } finally {
      await releaseExchanges(page.exchanges);
    }
  }

  /**
   * Archives exchanges that belong to no URL of the queue (robots.txt, sitemaps, feeds) and
   * commits them. Answers, once committed, how many were written as revisits.
   */
  archive(exchanges: readonly Exchange[], role: RecordRole): Promise<number> {
    return this.#options.warcs.group(async (group) => {
      const written = await this.#write(group, exchanges, role);
      return () => {
        const records = this.#resolve(written);
        this.#committed(written, this.#collection.commitRecords(records, group.marks()));
        return records.filter((r) => r.type === "revisit").length;
      };
    });
  }

  /**
   * Writes exchanges, each as a response or, when its payload is already in the collection
   * (committed, or written by this process and waiting for its commit), a revisit
   * (identical-payload-digest). The last is the final response.
   */
  async #write(
    group: WarcGroup,
    exchanges: readonly Exchange[],
    role: RecordRole | ((index: number) => RecordRole),
  ): Promise<WrittenRecord[]> {
    const out: WrittenRecord[] = [];
    for (const [index, exchange] of exchanges.entries()) {
      const digest = await sha256(exchange);
      // An empty or cut-off payload saves nothing as a revisit and may not be the same resource.
      const reusable = exchange.body.byteLength > 0 && exchange.truncated === null;
      const stored = reusable ? this.#collection.findOriginal(digest, exchange.url) : null;
      let pending = reusable && stored === null ? (this.#originals.get(digest) ?? null) : null;
      // Twice in one capture (a retried answer): the commit inserts both at once, so the
      // second cannot point at the first's row yet; it is written whole.
      if (pending !== null && out.some((w) => w.original === pending)) pending = null;
      const refers: RevisitOriginal | null =
        stored !== null
          ? {
              recordId: stored.warc.recordId,
              targetUri: stored.targetUri,
              date: stored.date,
              payloadDigest: digest,
            }
          : pending !== null
            ? {
                recordId: pending.recordId,
                targetUri: pending.targetUri,
                date: pending.date,
                payloadDigest: digest,
              }
            : null;
      const at =
        refers === null ? await group.exchange(exchange) : await group.revisit(exchange, refers);
      let original: PendingOriginal | null = null;
      if (refers === null && reusable) {
        original = {
          recordId: at.response.recordId,
          targetUri: exchange.url,
          date: exchange.startedAt,
          dbId: null,
        };
        this.#originals.set(digest, original);
      }
      out.push({
        input: {
          role: typeof role === "function" ? role(index) : role,
          type: refers === null ? "response" : "revisit",
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
        },
        refersTo: stored !== null ? stored.id : pending,
        original,
      });
    }
    return out;
  }

  /** The records as the collection stores them, revisits pointing at their original's row. */
  #resolve(written: readonly WrittenRecord[]): RecordInput[] {
    return written.map((w) => {
      let refersTo: number | null = null;
      if (typeof w.refersTo === "number") refersTo = w.refersTo;
      else if (w.refersTo !== null) {
        if (w.refersTo.dbId === null)
          throw new Error("a revisit was committed before the response it refers to");
        refersTo = w.refersTo.dbId;
      }
      return { ...w.input, refersTo };
    });
  }

  /** After a commit: the responses have rows now, and the database answers for them. */
  #committed(written: readonly WrittenRecord[], ids: readonly number[]): void {
    written.forEach((w, i) => {
      if (w.original === null) return;
      w.original.dbId = ids[i] ?? null;
      const digest = w.input.payloadDigest;
      if (digest !== null && this.#originals.get(digest) === w.original)
        this.#originals.delete(digest);
    });
  }

  async #failed(entry: UrlRecord, error: unknown, time: Timings): Promise<CaptureStepResult> {
    const received = receivedBefore(error);
    const stopped = isStop(error);
    const info = errorOf(error, entry.url);
    try {
      // A chain that failed midway (a loop, a refused hop, Ctrl-C while waiting to retry) still
      // received responses; they are what the site served, so they go into the WARC.
      return await this.#options.warcs.group(async (group) => {
        const written = await this.#write(
          group,
          received,
          entry.kind === "page" ? "page" : "requisite",
        );
        return (): CaptureStepResult => {
          const records = this.#resolve(written);
          const result = this.#collection.commit({
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
              ...time,
              error: info,
              notes: [],
              articleDir: null,
            },
            records,
            finalRecord: null,
            state: stopped ? "queued" : "failed",
            warcFiles: group.marks(),
          });
          this.#committed(written, result.recordIds);
          return {
            outcome: stopped ? "stopped" : "failed",
            captureId: result.captureId,
            error: info,
            revisits: records.filter((r) => r.type === "revisit").length,
            found: [],
            change: "none",
          };
        };
      });
    } finally {
      await releaseExchanges(received);
    }
  }

  /**
   * `extracted`: the page's article, already extracted (null for anything but a readable page);
   * `extractedFrom`: recorded in `article.json` when the run could use a browser.
   */
  async #done(
    entry: UrlRecord,
    capture: Capture,
    time: Timings,
    extracted: Article | null,
    extractedFrom: ExtractedFrom | undefined,
  ): Promise<CaptureStepResult> {
    const collection = this.#collection;
    const isPage = entry.kind === "page";
    const final = capture.exchanges[capture.exchanges.length - 1] as Exchange;
    const received = receivedOf(capture);
    const status = final.status;
    const notes: string[] = [];
    let error: ErrorInfo | null = null;
    let prepared: PreparedArticle | null = null;
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
      prepared = await this.#prepareArticle(
        entry,
        extracted ?? (await this.#extract(capture)),
        capture.finalUrl,
        extractedFrom,
      );
      if (this.#options.requisites ?? false)
        found.push(...requisitesOf(entry, decodeText(capture), capture.finalUrl));
    } else if (entry.requisiteKind === "stylesheet" && entry.depth < MAX_REQUISITE_DEPTH) {
      found.push(...requisitesOf(entry, decodeText(capture), capture.finalUrl, true));
    }
    const queued = found.slice(0, this.#options.maxRequisitesPerPage ?? 300);
    return await this.#options.warcs.group(async (group) => {
      const written = await this.#write(group, received, isPage ? "page" : "requisite");
      const responseId = written.at(-1)?.input.warc.recordId;
      const changeRecordId = await articleRecords(
        group,
        prepared,
        capture.finalUrl,
        responseId,
        final.startedAt,
      );
      return (): CaptureStepResult => {
        const records = this.#resolve(written);
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
            ...time,
            error,
            notes,
            articleDir: prepared?.articleDir ?? null,
          },
          records,
          finalRecord: records.length - 1,
          ...committedArticle(prepared, changeRecordId),
          found: queued,
          state: error === null ? "done" : "failed",
          warcFiles: group.marks(),
        });
        this.#committed(written, result.recordIds);
        return {
          outcome: error === null ? "done" : "failed",
          captureId: result.captureId,
          error,
          revisits: records.filter((r) => r.type === "revisit").length,
          found: queued,
          change: changeOf(prepared),
        };
      };
    });
  }

  /**
   * A page captured in the browser: every exchange it made (its document chain as `page`
   * records, the rest as `requisite`), what it showed as `resource` records tied to the page's
   * response, and the article read from the rendered DOM. Stopped (Ctrl-C): what arrived is kept,
   * the URL is queued again.
   */
  async #rendered(
    entry: UrlRecord,
    page: RenderedCapture,
    time: Timings,
    stepNotes: readonly string[],
  ): Promise<CaptureStepResult> {
    const collection = this.#collection;
    const mainAt = page.documents.at(-1);
    const main = mainAt === undefined ? undefined : page.exchanges[mainAt];
    const stopped = page.error?.code === "interrupted";
    const notes = [...stepNotes, ...page.notes];
    let error: ErrorInfo | null = page.error;
    if (error === null && main === undefined) {
      error = { code: "fetch-failed", reason: "No document arrived in the browser" };
    } else if (error === null && main !== undefined && (main.status < 200 || main.status >= 300)) {
      error = {
        code: "http-status",
        reason: `The server answered HTTP ${main.status} ${main.statusText}`.trim(),
      };
    }
    if (main?.truncated) {
      notes.push(`body truncated (${main.truncated}) at ${main.body.byteLength} bytes`);
    }
    // The page's own URL (after redirects), where its records are; not where it navigated itself.
    const pageUrl = main?.url ?? page.finalUrl;
    let prepared: PreparedArticle | null = null;
    if (error === null && page.html !== null) {
      const extracted = await this.#extractor(page.html, {
        url: pageUrl,
        headers: [["content-type", "text/html; charset=utf-8"]],
      });
      prepared = await this.#prepareArticle(entry, extracted, pageUrl, "rendered-dom");
    } else if (error === null && !notes.some((n) => /not a page|not HTML/.test(n))) {
      notes.push("no rendered page: archived, no article");
    }
    const outcome = stopped ? "stopped" : error === null ? "done" : "failed";
    return await this.#options.warcs.group(async (group) => {
      const documents = new Set(page.documents);
      const written = await this.#write(group, page.exchanges, (i) =>
        documents.has(i) ? "page" : "requisite",
      );
      const responseId = mainAt === undefined ? undefined : written[mainAt]?.input.warc.recordId;
      for (const item of page.derived) {
        await group.resource({
          targetUri: item.targetUri,
          ...(responseId === undefined ? {} : { concurrentTo: responseId }),
          contentType: item.contentType,
          body: item.body,
        });
      }
      const changeRecordId = await articleRecords(
        group,
        prepared,
        pageUrl,
        responseId,
        main?.startedAt ?? null,
      );
      return (): CaptureStepResult => {
        const records = this.#resolve(written);
        const result = collection.commit({
          capture: {
            urlId: entry.id,
            outcome: stopped ? "interrupted" : error === null ? "ok" : "failed",
            status: main?.status ?? null,
            finalUrl: main === undefined ? null : pageUrl,
            redirects: Math.max(0, page.documents.length - 1),
            exchanges: records.length,
            bytes: main?.body.byteLength ?? null,
            truncated: main?.truncated ?? null,
            startedAt: page.startedAt,
            ...time,
            error,
            notes,
            articleDir: prepared?.articleDir ?? null,
          },
          records,
          finalRecord: stopped ? null : (mainAt ?? null),
          ...committedArticle(prepared, changeRecordId),
          found: [],
          state: stopped ? "queued" : error === null ? "done" : "failed",
          warcFiles: group.marks(),
        });
        this.#committed(written, result.recordIds);
        return {
          outcome,
          captureId: result.captureId,
          error,
          revisits: records.filter((r) => r.type === "revisit").length,
          found: [],
          change: changeOf(prepared),
        };
      };
    });
  }

  /**
   * The article's files (written now, before the commit), its row, and its edit against the
   * page's previous capture.
   */
  async #prepareArticle(
    entry: UrlRecord,
    extracted: Article,
    finalUrl: string,
    extractedFrom: ExtractedFrom | undefined,
  ): Promise<PreparedArticle> {
    const collection = this.#collection;
    // The same renderings as `vellum extract --format json|jsonld|markdown` (a test holds
    // them equal).
    const files = articleFiles(extracted, extractedFrom);
    const article = articleInput(extracted);
    let change: Omit<ChangeInput, "warcRecordId"> | null = null;
    let previousRecordId: string | null = null;
    const previous = collection.latestArticle(entry.id);
    if (previous !== null) {
      const compared = compareArticles(previous, article);
      if (compared !== null) change = { fromArticleId: previous.id, ...compared };
      previousRecordId = collection.capture(previous.captureId)?.record?.warc.recordId ?? null;
    }
    const articleDir = entry.slug !== null ? `articles/${entry.slug}` : null;
    if (articleDir !== null) await writeArticleFiles(join(collection.dir, articleDir), files);
    const changeJson =
      change === null
        ? null
        : JSON.stringify(
            {
              url: finalUrl,
              previousRecord: previousRecordId,
              fields: change.fields,
              silent: change.silent,
              diff: change.diff,
            },
            null,
            2,
          );
    return { files, article, change, previousRecordId, changeJson, articleDir };
  }
}

/** An article ready to be written and committed with its capture. */
interface PreparedArticle {
  readonly files: ReturnType<typeof articleFiles>;
  readonly article: ArticleInput;
  readonly change: Omit<ChangeInput, "warcRecordId"> | null;
  readonly previousRecordId: string | null;
  readonly changeJson: string | null;
  readonly articleDir: string | null;
}

/**
 * The article's JSON, JSON-LD and Markdown and its edit as metadata records. Never the page's
 * own URL (replay would serve these as the page): each its own urn:vellum: URI, tied to the
 * response it was derived from. Answers the edit's record id.
 */
async function articleRecords(
  group: WarcGroup,
  prepared: PreparedArticle | null,
  finalUrl: string,
  responseId: string | undefined,
  responseDate: string | null,
): Promise<string | null> {
  if (prepared === null) return null;
  const { files } = prepared;
  const encoder = new TextEncoder();
  for (const [kind, contentType, text] of [
    ["article", "application/json", files["article.json"]],
    ["jsonld", "application/ld+json", files["article.jsonld"]],
    ["markdown", "text/markdown; charset=utf-8", files["article.md"]],
  ] as const) {
    await group.metadata({
      targetUri: derivedUri(kind, finalUrl),
      ...(responseId === undefined
        ? {}
        : {
            concurrentTo: responseId,
            refersTo: responseId,
            refersToTargetUri: finalUrl,
            ...(responseDate === null ? {} : { refersToDate: responseDate }),
          }),
      contentType,
      body: encoder.encode(text),
    });
  }
  if (prepared.changeJson === null) return null;
  return (
    await group.metadata({
      targetUri: changesUri(finalUrl),
      ...(responseId === undefined ? {} : { concurrentTo: responseId }),
      ...(prepared.previousRecordId === null ? {} : { refersTo: prepared.previousRecordId }),
      contentType: "application/json",
      body: encoder.encode(`${prepared.changeJson}\n`),
    })
  ).recordId;
}

function committedArticle(prepared: PreparedArticle | null, changeRecordId: string | null) {
  if (prepared === null) return {};
  return {
    article: prepared.article,
    ...(prepared.change === null
      ? {}
      : { change: { ...prepared.change, warcRecordId: changeRecordId } }),
  };
}

function changeOf(prepared: PreparedArticle | null): CaptureStepResult["change"] {
  const change = prepared?.change ?? null;
  return change === null ? "none" : change.silent ? "silent" : "edited";
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
