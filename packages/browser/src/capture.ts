import { performance } from "node:perf_hooks";
import { type DerivedKind, derivedUri } from "@vellum/archive";
import { type Fetcher, releaseExchanges, resolveGuarded, robotsDisallowed } from "@vellum/fetch";
import {
  type DerivedDocument,
  headerValue,
  isVellumError,
  type PageRenderer,
  type RenderedCapture,
  type RenderOptions,
  type RequestGate,
  VellumError,
} from "@vellum/model";
import PQueue from "p-queue";
import type { BrowserContext, CDPSession, Dialog, Page } from "playwright-core";
import { type RequestFilter, requestFilter } from "./blocklist.js";
import { type LaunchedChromium, launchChromium } from "./launch.js";
import {
  type BrowserOptions,
  type ResolvedBrowserOptions,
  resolveBrowserOptions,
} from "./options.js";
import { PAGE_SIZE, SCROLL_ONE_SCREEN, SCROLL_TO_TOP } from "./page-scripts.js";
import { PageRecorder, type RecordedExchange } from "./recorder.js";

export interface BrowserCaptureOptions extends BrowserOptions {
  /**
   * The fetcher whose rules every request obeys: its private-address guard, robots.txt (fetched
   * and archived through it), per-host politeness gates (unless a page's `capture` is given a
   * `gate` of its own, a fleet job's), `maxBytes`, spool and clock. Its `concurrency` is the
   * number of pages open at once.
   */
  readonly fetcher: Fetcher;
  /** Stops captures: pages in flight end with what they recorded, the rest are not started. */
  readonly signal?: AbortSignal;
}

/**
 * Captures pages in a shared Chromium, one fresh browser context per page. Each capture answers
 * its exchanges and derived documents unwritten: the caller writes them (the crawl engine through
 * its collection, with revisits) and releases the exchanges' spooled bodies.
 */
export interface BrowserCapturer extends PageRenderer {
  /** Requests Chromium made on its own and that were refused, since the start. */
  readonly backgroundRequestsRefused: number;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise that rejects after `ms` with `what`, so no browser call can hang a capture. */
async function bounded<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function describe(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]?.replace(/^\w+\.\w+: /, "") ?? text;
}

const THUMBNAIL_WIDTH = 320;

/**
 * Opens Chromium for a run. Throws `browser-failed` when it cannot start. The caller captures
 * pages with `capture` and must `close()` at the end (also after an error).
 */
export async function openBrowser(options: BrowserCaptureOptions): Promise<BrowserCapturer> {
  const settings = resolveBrowserOptions(options);
  const { fetcher } = options;
  const filter = await requestFilter(settings.block, settings.blockLists);
  let chromium: LaunchedChromium | null = null;
  let starting: Promise<LaunchedChromium> | null = null;
  let refusedBefore = 0;
  const queue = new PQueue({ concurrency: Math.max(1, fetcher.options.concurrency) });

  /** The running Chromium, started again if it died (a crash must not end the run). */
  function browser(): Promise<LaunchedChromium> {
    if (chromium?.browser.isConnected()) return Promise.resolve(chromium);
    if (chromium !== null) {
      refusedBefore += chromium.refusedBackground();
      chromium = null;
    }
    starting ??= launchChromium(settings.executablePath, settings.chromiumArgs).then(
      (launched) => {
        chromium = launched;
        starting = null;
        return launched;
      },
      (error: unknown) => {
        starting = null;
        throw error;
      },
    );
    return starting;
  }
  await browser();

  return {
    capture(url, page: RenderOptions = {}) {
      const signals = [options.signal, page.signal].filter((s) => s !== undefined);
      const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
      return queue.add(async () => {
        if (signal?.aborted) return stoppedBefore(url);
        return capturePage(await browser(), url, settings, fetcher, filter, signal, page.gate);
      }) as Promise<RenderedCapture>;
    },
    get backgroundRequestsRefused() {
      return refusedBefore + (chromium?.refusedBackground() ?? 0);
    },
    async close() {
      await queue.onIdle();
      const running = chromium ?? (starting === null ? null : await starting.catch(() => null));
      chromium = null;
      await running?.browser.close().catch(() => undefined);
    },
  };
}

function stoppedBefore(url: string): RenderedCapture {
  return failedPage(url, 0, { code: "interrupted", reason: "Stopped before it started" }, []);
}

function failedPage(
  url: string,
  durationMs: number,
  error: { code: string; reason: string },
  notes: readonly string[],
): RenderedCapture {
  return {
    requestedUrl: url,
    finalUrl: url,
    exchanges: [],
    documents: [],
    html: null,
    title: null,
    derived: [],
    notes,
    error,
    startedAt: null,
    durationMs,
  };
}

function errorOf(error: unknown): { code: string; reason: string } {
  if (isVellumError(error)) {
    const hint = error.hint === undefined ? "" : ` (${error.hint})`;
    return { code: error.code, reason: `${error.message}${hint}` };
  }
  return { code: "fetch-failed", reason: describe(error) };
}

/** The checks the page URL itself must pass before a browser is opened for it. */
async function admitPage(
  url: string,
  fetcher: Fetcher,
  gate: RequestGate | undefined,
): Promise<URL> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new VellumError("input-invalid", "Not a URL", {
      value: url,
      hint: "give an absolute http(s) URL",
    });
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new VellumError("input-invalid", "Only http and https URLs can be captured", {
      value: url,
      hint: "give an absolute http(s) URL",
    });
  }
  await resolveGuarded(parsed.hostname, fetcher.guard);
  if (fetcher.options.respectRobots) {
    const rules = await fetcher.robots(url, gate === undefined ? undefined : { gate });
    if (!rules.allows(parsed)) throw robotsDisallowed(url);
  }
  return parsed;
}

async function capturePage(
  chromium: LaunchedChromium,
  url: string,
  settings: ResolvedBrowserOptions,
  fetcher: Fetcher,
  filter: RequestFilter,
  signal: AbortSignal | undefined,
  gate: RequestGate | undefined,
): Promise<RenderedCapture> {
  const t0 = performance.now();
  // The budget is for loading: it starts when the page is open, not while a busy machine is
  // still creating the context.
  let deadline = t0 + settings.timeoutMs;
  let crashed = false;
  let gone = false;
  /** Why the page cannot go on: its renderer crashed, or Chromium itself went away. */
  const broken = (): { code: string; reason: string } | null =>
    gone
      ? { code: "browser-failed", reason: "Chromium closed while the page was loading" }
      : crashed
        ? { code: "fetch-failed", reason: "The page's renderer crashed" }
        : null;
  // Nothing is worth waiting for once the run stops or the page's renderer is gone.
  const left = () =>
    signal?.aborted || broken() !== null ? 0 : Math.max(0, deadline - performance.now());
  const onGone = () => {
    gone = true;
  };
  const notes: string[] = [];
  try {
    await admitPage(url, fetcher, gate);
  } catch (error) {
    return failedPage(url, Math.round(performance.now() - t0), errorOf(error), notes);
  }

  const exchanges: RecordedExchange[] = [];
  /** Indexes in `exchanges` of the page's main-frame documents, in order. */
  const documents: number[] = [];
  let mainFrameId: string | null = null;
  const ownedHere = new Set<string>();
  let context: BrowserContext | null = null;
  let recorder: PageRecorder | null = null;
  let download: string | null = null;
  const dialogs: string[] = [];
  const navigations: string[] = [];
  const derived: DerivedDocument[] = [];
  let html: string | null = null;
  let title: string | null = null;
  let failure: { code: string; reason: string } | null = null;

  let returned = false;
  const onExchange = (exchange: RecordedExchange) => {
    // A response still being read when the page was given up on: nobody will write it.
    if (returned) {
      releaseExchanges([exchange]).catch(() => undefined);
      return;
    }
    ownedHere.add(exchange.networkId);
    exchanges.push(exchange);
    if (exchange.resourceType !== "Document") return;
    const first = mainFrameId === null && documents.length === 0;
    if (exchange.networkId === mainFrameId || first) documents.push(exchanges.length - 1);
  };
  const mainDocument = () => {
    const at = documents[documents.length - 1];
    return at === undefined ? undefined : exchanges[at];
  };

  try {
    // Killed or dead, Chromium is started again for the next page; this one fails.
    chromium.browser.on("disconnected", onGone);
    if (!chromium.browser.isConnected()) onGone();
    context = await bounded(
      chromium.browser.newContext({
        viewport: settings.viewport,
        serviceWorkers: "block",
        acceptDownloads: false,
        userAgent: `${chromium.userAgent.replace("HeadlessChrome", "Chrome")} ${fetcher.options.userAgent}`,
      }),
      30_000,
      "opening a browser context",
    );
    const page = await context.newPage();
    const cdp: CDPSession = await context.newCDPSession(page);
    recorder = new PageRecorder(cdp, {
      fetcher,
      ...(gate === undefined ? {} : { gate }),
      maxRequests: settings.maxRequestsPerPage,
      maxDeliverBytes: settings.maxDeliverBytes,
      blocked: (u, type) => filter(u, type, url),
      owned: chromium.owned,
      onExchange,
    });
    // The main document's network id: the first Document request of the main frame.
    cdp.on(
      "Network.requestWillBeSent",
      (e: { requestId: string; type?: string; frameId?: string; loaderId?: string }) => {
        if (mainFrameId === null && e.type === "Document" && e.requestId === e.loaderId) {
          mainFrameId = e.requestId;
        }
      },
    );
    await recorder.start();
    deadline = performance.now() + settings.timeoutMs;
    page.on("dialog", (dialog: Dialog) => {
      dialogs.push(`${dialog.type()} "${dialog.message().slice(0, 80)}"`);
      dialog.dismiss().catch(() => undefined);
    });
    page.on("crash", () => {
      crashed = true;
    });
    page.on("download", (d) => {
      download = d.suggestedFilename();
    });
    page.on("framenavigated", (frame) => {
      if (frame === page.mainFrame()) navigations.push(frame.url());
    });
    const stop = () => {
      page.close().catch(() => undefined);
    };
    signal?.addEventListener("abort", stop, { once: true });
    try {
      await loadPage(page, url, settings, recorder, left, notes, () => broken() !== null);
    } catch (error) {
      const text = describe(error);
      if (signal?.aborted) failure = { code: "interrupted", reason: "Stopped while loading" };
      else if (broken() !== null) failure = broken();
      else if (/download is starting/i.test(text) || download !== null) {
        notes.push(
          `a download (${download ?? "attachment"}), not a page: archived, no screenshot or article`,
        );
      } else if (documents.length === 0) {
        failure = /timeout/i.test(text)
          ? {
              code: "fetch-timeout",
              reason: `No answer within the browser timeout (${settings.timeoutMs} ms)`,
            }
          : { code: "fetch-failed", reason: text };
      } else notes.push(`loading stopped: ${text}`);
    } finally {
      signal?.removeEventListener("abort", stop);
    }
    const served = mainDocument();
    const disposition =
      served === undefined ? null : headerValue(served.responseHeaders, "content-disposition");
    if (download === null && disposition !== null && /^\s*attachment/i.test(disposition)) {
      download = /filename="?([^";]+)/i.exec(disposition)?.[1] ?? "attachment";
      notes.push(`a download (${download}), not a page: archived, no screenshot or article`);
    }
    if (failure === null && broken() === null && download === null && !signal?.aborted) {
      const shown = await photograph(page, cdp, settings, notes, () => broken() !== null);
      html = shown.html;
      title = shown.title;
      const pageUrl = mainDocument()?.url ?? url;
      for (const { kind, ...item } of shown.items) {
        derived.push({ ...item, targetUri: derivedUri(kind, pageUrl) });
      }
    }
    failure ??= broken();
    if (signal?.aborted && failure === null) {
      failure = { code: "interrupted", reason: "Stopped while loading" };
    }
  } catch (error) {
    failure ??= broken() ?? errorOf(error);
  } finally {
    chromium.browser.off("disconnected", onGone);
    await recorder?.stop();
    if (context !== null) {
      const closing = context.close().catch(() => undefined);
      // A renderer stuck in a script can keep a context from closing; then the whole browser
      // goes (and is started again for the next page) rather than leaving a page behind.
      await bounded(closing, 10_000, "closing the page").catch(async () => {
        await chromium.browser.close().catch(() => undefined);
      });
    }
    for (const id of ownedHere) chromium.owned.delete(id);
    returned = true;
  }

  const refused = recorder?.refused;
  if (refused !== undefined) {
    const parts: string[] = [];
    if (refused.robots > 0) parts.push(`${refused.robots} by robots.txt`);
    if (refused.privateAddress > 0) parts.push(`${refused.privateAddress} to private addresses`);
    if (refused.blockList > 0) parts.push(`${refused.blockList} by the block list`);
    if (refused.overLimit > 0) parts.push(`${refused.overLimit} over the limit of requests`);
    if (refused.other > 0) parts.push(`${refused.other} unreachable or not http(s)`);
    if (parts.length > 0) notes.push(`requests refused: ${parts.join(", ")}`);
    const cut = recorder?.truncatedBodies ?? 0;
    if (cut > 0) notes.push(`${cut} ${cut === 1 ? "body" : "bodies"} cut at the size cap`);
  }
  if (dialogs.length > 0) notes.push(`dialogs dismissed: ${dialogs.join("; ")}`);
  const main = mainDocument();
  // The last main-frame navigation that is not where the page's own document ended.
  const landed = navigations.filter((u) => u.startsWith("http")).pop();
  const away = landed !== undefined && main !== undefined && landed !== main.url ? landed : null;
  if (away !== null) notes.push(`the page navigated itself to ${away}`);
  return {
    requestedUrl: url,
    finalUrl: away ?? main?.url ?? url,
    exchanges,
    documents,
    html,
    title,
    derived,
    notes,
    error: failure,
    startedAt: exchanges.reduce<string | null>(
      (first, e) => (first === null || e.startedAt < first ? e.startedAt : first),
      null,
    ),
    durationMs: Math.round(performance.now() - t0),
  };
}

/** Waits until no request is in flight for `idleMs`, or the budget runs out. */
async function networkIdle(
  recorder: PageRecorder,
  idleMs: number,
  left: () => number,
): Promise<boolean> {
  for (;;) {
    if (recorder.inFlight === 0 && recorder.quietMs >= idleMs) return true;
    if (left() <= 0) return false;
    await sleep(Math.min(50, Math.max(1, left())));
  }
}

/**
 * Navigation, network idle, the `waitFor` selector, scrolling to the end (lazy images, lazily
 * inserted text), back to the top, and network idle again — each bounded by what is left of the
 * page's budget. Past the budget the page is captured as it is and a note says so.
 */
async function loadPage(
  page: Page,
  url: string,
  settings: ResolvedBrowserOptions,
  recorder: PageRecorder,
  left: () => number,
  notes: string[],
  crashed: () => boolean,
): Promise<void> {
  await page.goto(url, { waitUntil: "load", timeout: Math.max(1, left()) });
  if (!(await networkIdle(recorder, settings.idleMs, left))) {
    notes.push(`the network never went quiet within ${settings.timeoutMs} ms: captured as it was`);
    return;
  }
  if (settings.waitFor !== undefined) {
    try {
      await page.waitForSelector(settings.waitFor, {
        state: "attached",
        timeout: Math.max(1, left()),
      });
    } catch {
      notes.push(`"${settings.waitFor}" did not appear within the browser timeout`);
    }
  }
  if (settings.scroll && !crashed()) {
    const scrolled = await scrollToEnd(page, settings, recorder, left);
    if (scrolled === "endless") {
      notes.push(
        `the page kept growing after ${settings.maxScrolls} screens (infinite scroll): stopped there`,
      );
    } else if (scrolled === "timeout") {
      notes.push(`scrolling stopped at the browser timeout (${settings.timeoutMs} ms)`);
    }
    if (!(await networkIdle(recorder, settings.idleMs, left))) {
      notes.push(
        `the network never went quiet within ${settings.timeoutMs} ms: captured as it was`,
      );
    }
  }
}

/** Scrolls a screen at a time until the end of the page, a limit, or the budget. */
async function scrollToEnd(
  page: Page,
  settings: ResolvedBrowserOptions,
  recorder: PageRecorder,
  left: () => number,
): Promise<"end" | "endless" | "timeout"> {
  for (let step = 0; step < settings.maxScrolls; step++) {
    if (left() <= 0) return "timeout";
    const atEnd = await bounded(
      page.evaluate<boolean>(SCROLL_ONE_SCREEN),
      Math.max(1, Math.min(left(), 5_000)),
      "scrolling",
    ).catch(() => null);
    if (atEnd === null) return "timeout";
    // Whatever the scroll started gets a moment before the next screen.
    await networkIdle(recorder, 50, () => Math.min(left(), 1_000));
    if (atEnd) {
      await page.evaluate(SCROLL_TO_TOP).catch(() => undefined);
      return "end";
    }
  }
  await page.evaluate(SCROLL_TO_TOP).catch(() => undefined);
  return "endless";
}

interface Derived {
  readonly items: Array<Omit<DerivedDocument, "targetUri"> & { readonly kind: DerivedKind }>;
  readonly html: string | null;
  readonly title: string | null;
}

/** Screenshot(s), thumbnail, PDF and the rendered DOM; each bounded, each optional on failure. */
async function photograph(
  page: Page,
  cdp: CDPSession,
  settings: ResolvedBrowserOptions,
  notes: string[],
  crashed: () => boolean,
): Promise<Derived> {
  const items: Derived["items"] = [];
  const step = async <T>(what: string, work: () => Promise<T>): Promise<T | null> => {
    if (crashed()) return null;
    try {
      return await bounded(work(), 15_000, what);
    } catch (error) {
      notes.push(`no ${what}: ${describe(error)}`);
      return null;
    }
  };
  const { width, height } = settings.viewport;
  if (settings.screenshot !== "none") {
    const full = settings.screenshot === "full";
    const size = full
      ? await step("page size", () => page.evaluate<{ width: number; height: number }>(PAGE_SIZE))
      : null;
    const shotHeight = Math.min(
      Math.max(height, size?.height ?? height),
      settings.maxScreenshotHeight,
    );
    if (full && size !== null && size.height > settings.maxScreenshotHeight) {
      notes.push(`the screenshot stops at ${settings.maxScreenshotHeight} px of ${size.height}`);
    }
    const shot = await step("screenshot", () =>
      cdp.send("Page.captureScreenshot", {
        format: "png",
        captureBeyondViewport: full,
        clip: { x: 0, y: 0, width, height: full ? shotHeight : height, scale: 1 },
      }),
    );
    if (shot !== null) {
      items.push({
        kind: "screenshot",
        contentType: "image/png",
        body: Buffer.from(shot.data, "base64"),
      });
    }
    const thumb = await step("thumbnail", () =>
      cdp.send("Page.captureScreenshot", {
        format: "jpeg",
        quality: 70,
        clip: { x: 0, y: 0, width, height, scale: THUMBNAIL_WIDTH / width },
      }),
    );
    if (thumb !== null) {
      items.push({
        kind: "thumbnail",
        contentType: "image/jpeg",
        body: Buffer.from(thumb.data, "base64"),
      });
    }
  }
  if (settings.pdf) {
    const pdf = await step("PDF", () => page.pdf({ printBackground: true }));
    if (pdf !== null) items.push({ kind: "pdf", contentType: "application/pdf", body: pdf });
  }
  const html = await step("rendered DOM", () => page.content());
  const title = await step("title", () => page.title());
  if (html !== null) {
    items.push({
      kind: "dom",
      contentType: "text/html; charset=utf-8",
      body: Buffer.from(html, "utf8"),
    });
  }
  return { items, html, title: title === "" ? null : title };
}
