import type { BrowserOptions } from "@vellum/browser";
import {
  type FetchOptions,
  parseRetryAfter,
  type RobotsRules,
  robotsRules,
  robotsUnreachable,
} from "@vellum/fetch";
import { type Capture, headerValue, type RequestGate, VellumError } from "@vellum/model";
import type { HopGate, StoredRobots } from "@vellum/queue";
import type { BrowserMode } from "../browser-options.js";

/**
 * `--browser` in a fleet: the mode and the capture's options as the coordinator read them
 * (`--block-list` files as their text), for every worker to capture with. The Chromium to run is
 * each worker's own (`vellum worker --chromium`).
 */
export interface FleetBrowser {
  readonly mode: BrowserMode;
  readonly options: Omit<BrowserOptions, "executablePath" | "chromiumArgs">;
}

/**
 * The settings of a fleet's run as the coordinator (`vellum snapshot --queue`) records them in
 * Redis and every worker reads them: one politeness and one fetch policy for the whole fleet.
 */
export interface FleetSettings {
  readonly delayMs: number;
  readonly perHost: number;
  readonly robots: "obey" | "ignore";
  readonly userAgent: string | null;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly retries: number;
  /** Absent: private addresses refused; `""`: all allowed; else a comma-separated list. */
  readonly allowPrivate: string | null;
  readonly allowLinkLocal: boolean;
  /** `--requisites`: the worker that captures a page queues what it uses as jobs of their own. */
  readonly requisites: boolean;
  /** `--operator`: who runs the capture, in the warcinfo of every worker's WARC files. */
  readonly operator: string | null;
  /** The collection directory on the coordinator's machine (for `status`). */
  readonly out: string;
  /** `--browser`: pages captured in Chromium by every worker; null: over HTTP. */
  readonly browser: FleetBrowser | null;
}

/** The browser settings of a run as a fleet's workers take them: without the Chromium to run. */
export function fleetBrowser(mode: BrowserMode, options: BrowserOptions): FleetBrowser {
  const { executablePath: _here, chromiumArgs: _switches, ...shared } = options;
  return { mode, options: shared };
}

export function settingsRecord(s: FleetSettings): Record<string, string | number | boolean> {
  return {
    delayMs: s.delayMs,
    perHost: s.perHost,
    robots: s.robots,
    timeoutMs: s.timeoutMs,
    maxBytes: s.maxBytes,
    retries: s.retries,
    allowLinkLocal: s.allowLinkLocal,
    requisites: s.requisites,
    // Always written: a run without one must not inherit the previous run's.
    operator: s.operator ?? "",
    out: s.out,
    // Always written too: "" for a run over HTTP.
    browser: s.browser === null ? "" : JSON.stringify(s.browser),
    ...(s.userAgent === null ? {} : { userAgent: s.userAgent }),
    ...(s.allowPrivate === null ? {} : { allowPrivate: s.allowPrivate }),
  };
}

/** Reads the recorded settings; null when no coordinator recorded any yet. */
export function readSettings(raw: Record<string, string>): FleetSettings | null {
  if (raw.delayMs === undefined) return null;
  return {
    delayMs: Number(raw.delayMs),
    perHost: Number(raw.perHost ?? 1),
    robots: raw.robots === "ignore" ? "ignore" : "obey",
    userAgent: raw.userAgent ?? null,
    timeoutMs: Number(raw.timeoutMs ?? 120_000),
    maxBytes: Number(raw.maxBytes ?? 50 * 1024 * 1024),
    retries: Number(raw.retries ?? 3),
    allowPrivate: raw.allowPrivate ?? null,
    allowLinkLocal: raw.allowLinkLocal === "true",
    requisites: raw.requisites === "true",
    operator: raw.operator ? raw.operator : null,
    out: raw.out ?? "",
    browser: raw.browser ? (JSON.parse(raw.browser) as FleetBrowser) : null,
  };
}

/**
 * The fetch options of a fleet process: politeness is the fleet gate's (every request passes a
 * `RequestGate`), so the fetcher's own per-host gate lets everything through.
 */
export function fleetFetchOptions(s: FleetSettings): FetchOptions {
  const list = (s.allowPrivate ?? "")
    .split(",")
    .map((e) => e.trim())
    .filter((e) => e !== "");
  return {
    allowPrivate: s.allowPrivate !== null && list.length === 0,
    allowPrivateHosts: list,
    allowLinkLocal: s.allowLinkLocal,
    respectRobots: s.robots === "obey",
    retries: s.retries,
    maxBytes: s.maxBytes,
    totalTimeoutMs: s.timeoutMs,
    connectTimeoutMs: Math.min(10_000, s.timeoutMs),
    headersTimeoutMs: Math.min(30_000, s.timeoutMs),
    bodyIdleTimeoutMs: Math.min(30_000, s.timeoutMs),
    ...(s.userAgent === null ? {} : { userAgent: s.userAgent }),
    concurrency: 10_000,
    perHostConcurrency: 10_000,
    delayMs: 0,
  };
}

/** Every request of a job through the fleet gate, its 429/503 and `Retry-After` told to it. */
export function requestGate(hops: HopGate): RequestGate {
  return async (url, request, signal) => {
    try {
      return await hops.run(
        url.host,
        request,
        (exchange) => {
          const throttled = exchange.status === 429 || exchange.status === 503;
          const after = throttled
            ? parseRetryAfter(headerValue(exchange.responseHeaders, "retry-after"), new Date())
            : null;
          return { throttled, ...(after === null ? {} : { retryAfterMs: after }) };
        },
        signal,
      );
    } catch (error) {
      if (signal?.aborted === true)
        throw new VellumError("interrupted", "Stopped before the request was sent", {
          value: url.href,
        });
      throw error;
    }
  };
}

/** A fetched robots.txt in the form the fleet shares through Redis. */
export function storedRobots(capture: Capture): StoredRobots {
  const last = capture.exchanges[capture.exchanges.length - 1];
  const status = last?.status ?? 0;
  return {
    status,
    contentType: headerValue(capture.headers, "content-type"),
    finalUrl: capture.finalUrl,
    body: status >= 200 && status < 300 ? new TextDecoder().decode(capture.content) : "",
    error: null,
    fetchedAt: new Date().toISOString(),
  };
}

/** The rules of a shared robots.txt, read as the fetcher reads its own (RFC 9309). */
export function rulesOf(stored: StoredRobots, userAgent: string): RobotsRules {
  if (stored.status === 0) {
    return robotsUnreachable(
      new VellumError("fetch-failed", stored.error ?? "robots.txt could not be fetched", {
        value: stored.finalUrl,
      }),
      stored.finalUrl,
    );
  }
  const capture = {
    requestedUrl: stored.finalUrl,
    finalUrl: stored.finalUrl,
    exchanges: [{ status: stored.status }],
    content: new TextEncoder().encode(stored.body),
    headers: stored.contentType === null ? [] : [["content-type", stored.contentType]],
  } as unknown as Capture;
  return robotsRules(capture, userAgent);
}

/** `--max-memory 800` (MB), `--max-jobs 100`, `--concurrency 4`: whole numbers read from their text. */
export function wholeNumber(name: string, raw: string, min: 0 | 1, command: string): number {
  const text = String(raw).trim();
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new VellumError("usage", `--${name} must be a whole number, ${min} or more`, {
      value: String(raw),
      hint: `see vellum ${command} --help`,
    });
  }
  return Number(text);
}
