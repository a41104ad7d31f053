import { VellumError } from "@vellum/model";

/** What to photograph: nothing, the first screen, or the whole page. */
export type ScreenshotMode = "none" | "viewport" | "full";
export const SCREENSHOT_MODES: readonly ScreenshotMode[] = ["none", "viewport", "full"];

/**
 * Request filters a capture can turn on by name. `ads`: the advertising categories of Ghostery's
 * TrackerDB (an optional package: its data is CC BY-NC-SA 4.0).
 */
export type BlockList = "ads";
export const BLOCK_LISTS: readonly BlockList[] = ["ads"];

export interface Viewport {
  readonly width: number;
  readonly height: number;
}

export interface BrowserOptions {
  /** The Chromium to drive. Default: `/usr/bin/chromium` (Debian's package). */
  readonly executablePath?: string;
  /**
   * The budget for loading one page: navigation, waiting for the network to go quiet, scrolling
   * and settling. Past it the page is captured as it is, with a note. Default: 30 000 ms.
   */
  readonly timeoutMs?: number;
  /** Quiet network time that counts as "loaded" (no request in flight). Default: 500 ms. */
  readonly idleMs?: number;
  /** Wait until this CSS selector matches (within the timeout) before capturing. Default: none. */
  readonly waitFor?: string;
  /** Scroll to the bottom to make lazy content load. Default: true. */
  readonly scroll?: boolean;
  /** Most screens scrolled; an infinite scroll stops here. Default: 20. */
  readonly maxScrolls?: number;
  /** Default: 1280×800. */
  readonly viewport?: Viewport;
  /** Default: `full` (plus a thumbnail whenever a screenshot is taken). */
  readonly screenshot?: ScreenshotMode;
  /** Also print the page to PDF. Default: false. */
  readonly pdf?: boolean;
  /** Request filters. Default: none. */
  readonly block?: readonly BlockList[];
  /**
   * Filter lists of the user's own, as text in EasyList / Adblock Plus syntax (network rules;
   * `--block-list FILE`). Default: none.
   */
  readonly blockLists?: readonly string[];
  /** Requests one page may make; the rest are refused with a note. Default: 1 000. */
  readonly maxRequestsPerPage?: number;
  /** Full-page screenshots are cut at this height (a page can be endless). Default: 20 000 px. */
  readonly maxScreenshotHeight?: number;
  /**
   * Bodies up to this size are handed back to the page after recording; larger ones are recorded
   * and then refused to the page (its media rarely matters for what a reader saw, and handing a
   * body back means holding it whole). Default: 16 MiB.
   */
  readonly maxDeliverBytes?: number;
  /** Extra Chromium switches, e.g. `--host-resolver-rules` in tests. Default: none. */
  readonly chromiumArgs?: readonly string[];
}

export type ResolvedBrowserOptions = Required<Omit<BrowserOptions, "waitFor">> &
  Pick<BrowserOptions, "waitFor">;

export const DEFAULT_VIEWPORT: Viewport = { width: 1280, height: 800 };

export function resolveBrowserOptions(options: BrowserOptions): ResolvedBrowserOptions {
  return {
    executablePath: options.executablePath ?? "/usr/bin/chromium",
    timeoutMs: options.timeoutMs ?? 30_000,
    idleMs: options.idleMs ?? 500,
    scroll: options.scroll ?? true,
    maxScrolls: options.maxScrolls ?? 20,
    viewport: options.viewport ?? DEFAULT_VIEWPORT,
    screenshot: options.screenshot ?? "full",
    pdf: options.pdf ?? false,
    block: options.block ?? [],
    blockLists: options.blockLists ?? [],
    maxRequestsPerPage: options.maxRequestsPerPage ?? 1_000,
    maxScreenshotHeight: options.maxScreenshotHeight ?? 20_000,
    maxDeliverBytes: options.maxDeliverBytes ?? 16 * 1024 * 1024,
    chromiumArgs: options.chromiumArgs ?? [],
    ...(options.waitFor === undefined ? {} : { waitFor: options.waitFor }),
  };
}

/** `1280x800` → `{ width: 1280, height: 800 }`; throws `usage` for anything else. */
export function parseViewport(text: string): Viewport {
  const match = /^\s*(\d{2,5})\s*[x×]\s*(\d{2,5})\s*$/i.exec(text);
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  if (match === null || width < 100 || height < 100 || width > 10_000 || height > 10_000) {
    throw new VellumError("usage", "A viewport is WIDTHxHEIGHT in CSS pixels, 100 to 10000", {
      value: text,
      hint: "e.g. --viewport 1280x800",
    });
  }
  return { width, height };
}
