import { VellumError } from "@vellum/model";
import { type Browser, type CDPSession, chromium } from "playwright-core";
import type { RequestPausedEvent } from "./cdp.js";

/**
 * The switches every capture runs Chromium with. Headless, no sandbox (containers and CI run as
 * root), and the services Chromium calls on its own turned off where a switch exists; what is
 * left of them is refused at the browser-level session (see `launchChromium`).
 */
export const CHROMIUM_ARGS: readonly string[] = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-default-apps",
  "--disable-extensions",
  "--disable-breakpad",
  "--disable-client-side-phishing-detection",
  "--disable-domain-reliability",
  "--disable-dev-shm-usage",
  "--metrics-recording-only",
  "--no-default-browser-check",
  "--no-service-autorun",
  "--password-store=basic",
  // A cross-site iframe (an embedded video, post, map or comment thread) would otherwise render in
  // a process of its own, a target the page's CDP session does not see: its requests would reach
  // only the browser-level gate, which refuses them. In one process with the page, they pass the
  // page's recorder like the page's own.
  "--disable-site-isolation-trials",
  // Chromium keeps only the last --disable-features: one list. IsolateOrigins and site-per-process:
  // see above. LocalNetworkAccessChecks: Vellum's own address guard decides what a page may reach
  // (refusing private addresses unless --allow-private names them); Chromium's check would also
  // block what the user allowed.
  "--disable-features=Translate,OptimizationHints,OptimizationGuideModelDownloading,OptimizationHintsFetching,MediaRouter,DialMediaRouteProvider,CertificateTransparencyComponentUpdater,InterestFeedContentSuggestions,AutofillServerCommunication,IsolateOrigins,site-per-process,LocalNetworkAccessChecks",
];

export interface LaunchedChromium {
  readonly browser: Browser;
  /** Network ids of requests a page's recorder let through; everything else is refused. */
  readonly owned: Set<string>;
  /** Requests Chromium made on its own behalf (updates, safe browsing …), refused. */
  readonly refusedBackground: () => number;
  /** The User-Agent Chromium sends, before any override. */
  readonly userAgent: string;
}

/**
 * Starts Chromium and attaches a browser-level CDP session that pauses every request of every
 * target at the request stage. A page's own recorder sees its requests first and lets them through
 * (it adds their network ids to `owned`); whatever else reaches this session — a component update,
 * safe browsing, an optimisation guide, a service worker's script — was not made by a page being
 * captured, so it is failed here and never leaves the machine nor enters a WARC.
 *
 * Chromium is driven over a pipe (playwright's default), so when Node dies, even by SIGKILL, the
 * pipe closes and Chromium shuts itself and its renderers down; the tests kill a capturing process
 * with SIGKILL and look for leftovers.
 */
export async function launchChromium(
  executablePath: string,
  extraArgs: readonly string[],
): Promise<LaunchedChromium> {
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath,
      args: [...CHROMIUM_ARGS, ...extraArgs],
      // Ctrl-C is the caller's to handle (finish the records in flight, then close); playwright's
      // own handler would kill Chromium under a page still being written.
      handleSIGINT: false,
      timeout: 60_000,
    });
  } catch (cause) {
    const missing = /ENOENT|doesn't exist|no such file/i.test(String(cause));
    throw new VellumError(
      "browser-failed",
      missing ? "Chromium is not installed" : "Chromium would not start",
      {
        value: executablePath,
        hint: missing
          ? "install it (apt-get install chromium, or scripts/setup.sh)"
          : "run with --verbose to see why",
        cause,
      },
    );
  }
  const owned = new Set<string>();
  let refused = 0;
  let session: CDPSession;
  let userAgent: string;
  try {
    session = await browser.newBrowserCDPSession();
    session.on("Fetch.requestPaused", (event: RequestPausedEvent) => {
      const id = event.networkId ?? "";
      if (owned.has(id)) {
        // A redirect's next hop comes back with the same id; keep it known until then.
        session.send("Fetch.continueRequest", { requestId: event.requestId }).catch(() => {});
        return;
      }
      refused += 1;
      session
        .send("Fetch.failRequest", { requestId: event.requestId, errorReason: "BlockedByClient" })
        .catch(() => {});
    });
    await session.send("Fetch.enable", {
      patterns: [{ urlPattern: "*", requestStage: "Request" }],
    });
    userAgent = (await session.send("Browser.getVersion")).userAgent;
  } catch (cause) {
    await browser.close().catch(() => undefined);
    throw new VellumError("browser-failed", "Chromium started but could not be controlled", {
      value: executablePath,
      cause,
    });
  }
  return { browser, owned, refusedBackground: () => refused, userAgent };
}
