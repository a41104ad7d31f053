import type { Exchange } from "./capture.js";
import type { RequestGate } from "./gate.js";

/**
 * A document derived from what the browser showed (a screenshot, its thumbnail, a PDF, the DOM
 * after scripts), stored as a WARC `resource` record.
 */
export interface DerivedDocument {
  /**
   * `derivedUri(kind, pageUrl)` of `@vellum/archive` (the one owner of that scheme): tied to the
   * page URL, never the page URL itself, which replay would serve in place of the page.
   */
  readonly targetUri: string;
  readonly contentType: string;
  readonly body: Uint8Array;
}

/**
 * A page captured in a browser: every exchange the page made, what the reader saw, and why it
 * stopped short. Nothing of it is written yet; whoever writes it releases `exchanges`.
 */
export interface RenderedCapture {
  readonly requestedUrl: string;
  /** Where the browser ended up (after redirects, and after the page navigated itself). */
  readonly finalUrl: string;
  /**
   * Every exchange the page and its scripts made, in the order each completed. Bodies are
   * decoded (`bodyDecoded`), large ones spooled to temporary files.
   */
  readonly exchanges: readonly Exchange[];
  /**
   * Indexes in `exchanges` of the page's own document chain, in order: the redirect hops, then
   * the final document. Empty when no document response arrived.
   */
  readonly documents: readonly number[];
  /** The DOM after scripts ran, serialised; null when no HTML document was rendered. */
  readonly html: string | null;
  readonly title: string | null;
  readonly derived: readonly DerivedDocument[];
  /** Things a person should know: did not settle, refused requests, dialogs, navigation. */
  readonly notes: readonly string[];
  /** Why the page failed, or null. The exchanges received before the failure are kept. */
  readonly error: { readonly code: string; readonly reason: string } | null;
  /** ISO 8601 instant of the first request, or null when none was made. */
  readonly startedAt: string | null;
  readonly durationMs: number;
}

/** Per-page settings of `PageRenderer.capture`. */
export interface RenderOptions {
  /**
   * The politeness gate every request of this page passes (robots.txt included), its slot held
   * until the response has been read: a fleet job's, whose first request to the job's host (the
   * navigation) uses the slot the job holds. Default: the renderer's fetcher's (`Fetcher.throttle`).
   */
  readonly gate?: RequestGate;
  /** Stops this page (besides the renderer's own signal): it ends `interrupted`. */
  readonly signal?: AbortSignal;
}

/** Captures pages in a browser (`@vellum/browser`), for an engine that does not depend on it. */
export interface PageRenderer {
  capture(url: string, options?: RenderOptions): Promise<RenderedCapture>;
  /** Closes the browser; pages in flight are finished (or cut, after an abort) first. */
  close(): Promise<void>;
}
