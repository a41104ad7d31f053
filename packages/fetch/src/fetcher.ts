import type { Capture, HeaderList, RequestAnswer, RequestGate } from "@vellum/model";
import { headerValue, VellumError } from "@vellum/model";
import PQueue from "p-queue";
import { decodeBody } from "./decode.js";
import { runExchange, type SpooledExchange } from "./exchange.js";
import { isTransientFailure, toFetchError } from "./failures.js";
import { HostGate } from "./host-gate.js";
import { type FetchOptions, type ResolvedFetchOptions, resolveOptions } from "./options.js";
import { PartialCaptureError, releaseExchanges, withoutReceived } from "./partial.js";
import { type AddressGuard, addressGuard } from "./resolve.js";
import { backoffDelay, isRetryableStatus, parseRetryAfter } from "./retry.js";
import { type RobotsRules, robotsDisallowed, robotsRules, robotsUnreachable } from "./robots.js";
import { interrupted, sleep } from "./sleep.js";

export interface CaptureOptions {
  /** Stops this capture (in addition to the fetcher's own signal). */
  readonly signal?: AbortSignal;
  /**
   * Decode the final body into `Capture.content`: `true` always; `"text"` only when its
   * `Content-Type` is text, HTML, XML, JSON, JavaScript or CSS (or missing), so a large PDF or
   * video is never held in memory; `false` never (images, fonts). Default: true.
   */
  readonly content?: boolean | "text";
  /** `Accept` header. Default: HTML first, anything else after. */
  readonly accept?: string;
  /** The politeness gate for this capture's requests (see `FetcherOptions.gate`). Default: the fetcher's. */
  readonly gate?: RequestGate;
}

/** Captures many URLs with shared politeness: robots.txt, per-host gates, global concurrency. */
export interface Fetcher {
  readonly options: ResolvedFetchOptions;
  /**
   * Fetches one URL, following redirects, and answers every hop (and, in `attempts`, every
   * answer that was retried). Any HTTP status is an answer (a 404 page is what was served);
   * network failures, timeouts, refusals throw `VellumError`, a `PartialCaptureError` when
   * responses had already arrived.
   */
  capture(url: string, options?: CaptureOptions): Promise<Capture>;
  /**
   * The robots.txt rules for a URL's origin (fetched once per origin), its requests through
   * `options.gate` when given.
   */
  robots(url: string, options?: { readonly gate?: RequestGate }): Promise<RobotsRules>;
  /** Deletes the temporary files holding a capture's large bodies, retried answers included. */
  release(capture: Capture): Promise<void>;
  /**
   * Runs `task` through the politeness gate of `url`'s host, the one this fetcher's own requests
   * pass (`FetcherOptions.gate` when given; else at most `perHostConcurrency` at once, `delayMs`
   * between one's end and the next one's start, raised by a robots.txt `Crawl-delay`): a browser
   * capture holds each request its page makes until the gate lets it go, and settles the task
   * with the host's answer when the response has arrived.
   */
  throttle<T extends RequestAnswer>(
    url: string,
    task: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T>;
  /**
   * The private-address guard this fetcher's own requests pass (`allowPrivate`, its host list,
   * `allowLinkLocal`), for requests made elsewhere: `resolveGuarded(host, fetcher.guard)`.
   */
  readonly guard: AddressGuard;
}

export interface FetcherOptions extends FetchOptions {
  /** Each robots.txt fetched, so it can be archived too. */
  readonly onRobotsCapture?: (capture: Capture) => void | Promise<void>;
  /**
   * A robots.txt fetch that failed after responses arrived (a redirect loop, a refused hop), so
   * they can be archived too. The callee owns `error.received`; without a callee they are
   * released here.
   */
  readonly onRobotsFailure?: (error: PartialCaptureError) => void | Promise<void>;
  /**
   * Every request goes through this gate instead of the fetcher's own per-host gate
   * (`perHostConcurrency`, `delayMs` and `Crawl-delay` are then the gate's business): a fleet's
   * workers share one in Redis. Redirect hops to another host and retries pass it too.
   * Default: the fetcher's own.
   */
  readonly gate?: RequestGate;
  /**
   * robots.txt rules known elsewhere (a fleet's shared cache) for an origin, or null to fetch
   * them here. Asked once per origin. Default: always fetch.
   */
  readonly knownRobots?: (origin: string) => Promise<RobotsRules | null>;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
/** RFC 9309 §2.5: crawlers must parse at least the first 500 KiB. */
const ROBOTS_MAX_BYTES = 500 * 1024;

function parseTarget(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new VellumError("input-invalid", "Not a URL", {
      value: raw,
      hint: "give an absolute http(s) URL",
    });
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new VellumError("input-invalid", "Only http and https URLs can be fetched", {
      value: raw,
      hint: "give an absolute http(s) URL",
    });
  }
  url.hash = "";
  return url;
}

function anySignal(signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  if (present.length === 0) return undefined;
  if (present.length === 1) return present[0];
  return AbortSignal.any(present);
}

const TEXTUAL =
  /^\s*(text\/|application\/(?:[\w.+-]*\+)?(?:xml|json|javascript|ecmascript|xhtml\+xml)\b)/i;

function wantsContent(decode: boolean | "text", contentType: string | null): boolean {
  if (decode !== "text") return decode;
  return contentType === null || contentType.trim() === "" || TEXTUAL.test(contentType);
}

export async function releaseCapture(capture: Capture): Promise<void> {
  await releaseExchanges([...(capture.attempts ?? []), ...capture.exchanges]);
}

export function createFetcher(fetcherOptions: FetcherOptions = {}): Fetcher {
  const options = resolveOptions(fetcherOptions);
  const queue = new PQueue({ concurrency: Math.max(1, options.concurrency) });
  const gates = new Map<string, HostGate>();
  const robotsByOrigin = new Map<string, Promise<RobotsRules>>();
  const exchangeSettings = {
    guard: addressGuard(options),
    connectTimeoutMs: options.connectTimeoutMs,
    headersTimeoutMs: options.headersTimeoutMs,
    bodyIdleTimeoutMs: options.bodyIdleTimeoutMs,
    totalTimeoutMs: options.totalTimeoutMs,
    maxBytes: options.maxBytes,
    spoolThresholdBytes: options.spoolThresholdBytes,
    tempDir: options.tempDir,
    clock: options.clock,
    ca: options.ca,
    rejectUnauthorized: options.rejectUnauthorized,
  };

  function gateFor(url: URL): HostGate {
    let gate = gates.get(url.host);
    if (gate === undefined) {
      gate = new HostGate(options.perHostConcurrency, options.delayMs);
      gates.set(url.host, gate);
    }
    return gate;
  }

  function requestHeaders(accept: string): HeaderList {
    return [
      ["user-agent", options.userAgent],
      ["accept", accept],
      ["accept-encoding", "gzip, deflate, br"],
      ...options.headers,
    ];
  }

  /**
   * One hop, through the host's gate, retried on transient failures. Every response that
   * arrives, the retried 429/502–504 ones too, is pushed onto `received` as it arrives: they are
   * what the site served, and the archive keeps them (Heritrix and Browsertrix record every
   * fetch). Answers the final one.
   */
  async function exchangeWithRetries(
    url: URL,
    headers: HeaderList,
    maxBytes: number,
    signal: AbortSignal | undefined,
    received: SpooledExchange[],
    gate: RequestGate | undefined,
  ): Promise<SpooledExchange> {
    const settings = { ...exchangeSettings, maxBytes };
    for (let attempt = 0; ; attempt += 1) {
      let exchange: SpooledExchange;
      try {
        const request = () => runExchange(url, headers, settings, signal);
        exchange =
          gate === undefined
            ? await gateFor(url).run(request, signal)
            : await gate(url, request, signal);
      } catch (error) {
        const failure = toFetchError(error, url.href);
        if (!isTransientFailure(failure) || attempt >= options.retries) throw failure;
        const delayMs = backoffDelay(attempt + 1, null, backoff);
        options.onEvent?.({
          type: "retry",
          url: url.href,
          attempt: attempt + 1,
          delayMs,
          reason: failure.message,
        });
        await sleep(delayMs, signal);
        continue;
      }
      received.push(exchange);
      if (!isRetryableStatus(exchange.status) || attempt >= options.retries) return exchange;
      const retryAfter = parseRetryAfter(
        headerValue(exchange.responseHeaders, "retry-after"),
        options.clock.now(),
      );
      const delayMs = backoffDelay(attempt + 1, retryAfter, backoff);
      options.onEvent?.({
        type: "retry",
        url: url.href,
        attempt: attempt + 1,
        delayMs,
        reason: `HTTP ${exchange.status}`,
      });
      await sleep(delayMs, signal);
    }
  }
  const backoff = {
    baseMs: options.retryBaseMs,
    maxMs: options.retryMaxMs,
    random: options.random,
  };

  async function follow(
    start: URL,
    accept: string,
    maxBytes: number,
    decode: boolean | "text",
    checkRobots: boolean,
    signal: AbortSignal | undefined,
    gate: RequestGate | undefined,
  ): Promise<Capture> {
    /** The redirect chain: one exchange per hop. */
    const exchanges: SpooledExchange[] = [];
    /** Everything that arrived, in order: the chain plus the answers retried along it. */
    const received: SpooledExchange[] = [];
    const seen = new Set<string>([start.href]);
    let url = start;
    try {
      for (;;) {
        if (checkRobots && options.respectRobots) {
          const rules = await robotsFor(url, signal, gate);
          if (!rules.allows(url)) throw rules.unreachable ?? robotsDisallowed(url.href);
        }
        const exchange = await exchangeWithRetries(
          url,
          requestHeaders(accept),
          maxBytes,
          signal,
          received,
          gate,
        );
        exchanges.push(exchange);
        const location = headerValue(exchange.responseHeaders, "location");
        if (!REDIRECTS.has(exchange.status) || location === null) break;
        let next: URL;
        try {
          next = new URL(location, url);
        } catch {
          throw new VellumError("fetch-failed", "Redirect to an unreadable Location", {
            value: location,
          });
        }
        next.hash = "";
        if (next.protocol !== "http:" && next.protocol !== "https:") {
          throw new VellumError("fetch-failed", "Redirect to a non-HTTP URL", { value: next.href });
        }
        if (seen.has(next.href)) {
          throw new VellumError("fetch-failed", "Redirect loop", {
            value: `${start.href} → … → ${next.href}`,
            hint: "the site redirects in a circle; check the URL in a browser",
          });
        }
        if (exchanges.length > options.maxRedirects) {
          throw new VellumError("fetch-failed", `More than ${options.maxRedirects} redirects`, {
            value: start.href,
          });
        }
        options.onEvent?.({
          type: "redirect",
          from: url.href,
          to: next.href,
          status: exchange.status,
        });
        seen.add(next.href);
        url = next;
      }
    } catch (error) {
      const failure = toFetchError(error, url.href);
      throw received.length === 0 ? failure : new PartialCaptureError(failure, received);
    }
    const last = exchanges[exchanges.length - 1] as SpooledExchange;
    const content = wantsContent(decode, headerValue(last.responseHeaders, "content-type"))
      ? (
          await decodeBody(
            last.body,
            headerValue(last.responseHeaders, "content-encoding"),
            options.maxBytes,
          )
        ).bytes
      : new Uint8Array(0);
    return {
      requestedUrl: start.href,
      finalUrl: url.href,
      exchanges,
      ...(received.length > exchanges.length ? { attempts: received } : {}),
      content,
      headers: last.responseHeaders,
    };
  }

  function robotsFor(
    url: URL,
    signal: AbortSignal | undefined,
    gate: RequestGate | undefined,
  ): Promise<RobotsRules> {
    const origin = url.origin;
    let rules = robotsByOrigin.get(origin);
    if (rules === undefined) {
      rules = (async () => {
        const known = await fetcherOptions.knownRobots?.(origin);
        if (known !== undefined && known !== null) return known;
        const robotsUrl = new URL("/robots.txt", origin);
        let result: RobotsRules;
        try {
          const capture = await follow(
            robotsUrl,
            "text/plain,*/*;q=0.1",
            ROBOTS_MAX_BYTES,
            true,
            false,
            signal,
            gate,
          );
          await fetcherOptions.onRobotsCapture?.(capture);
          result = robotsRules(capture, options.userAgent);
        } catch (error) {
          if (error instanceof PartialCaptureError) {
            const handOver = fetcherOptions.onRobotsFailure;
            if (handOver === undefined) await releaseExchanges(error.received);
            else await handOver(error);
          }
          // A refusal or Ctrl-C is about the host or the run, not about robots.txt: say so.
          if (
            error instanceof VellumError &&
            (error.code === "private-address" || error.code === "interrupted")
          ) {
            robotsByOrigin.delete(origin);
            throw withoutReceived(error);
          }
          result = robotsUnreachable(
            withoutReceived(toFetchError(error, robotsUrl.href)),
            robotsUrl.href,
          );
        }
        if (result.crawlDelayMs !== null) {
          const gate = gateFor(url);
          gate.delayMs = Math.max(
            gate.delayMs,
            Math.min(result.crawlDelayMs, options.maxCrawlDelayMs),
          );
        }
        options.onEvent?.({ type: "robots", origin, outcome: result.outcome });
        return result;
      })();
      robotsByOrigin.set(origin, rules);
    }
    return rules;
  }

  return {
    options,
    async capture(raw, captureOptions = {}) {
      const url = parseTarget(raw);
      const signal = anySignal([options.signal, captureOptions.signal]);
      if (signal?.aborted) throw interrupted(url.href);
      const accept = captureOptions.accept ?? DEFAULT_ACCEPT;
      // The signal is not handed to p-queue: it would settle the promise at once while the task
      // runs on, and a capture finishing after that could never be released. The task checks
      // the signal when it starts, and a running one stops through its exchange's signal.
      return queue.add(() => {
        if (signal?.aborted) throw interrupted(url.href);
        return follow(
          url,
          accept,
          options.maxBytes,
          captureOptions.content ?? true,
          true,
          signal,
          captureOptions.gate ?? fetcherOptions.gate,
        );
      });
    },
    robots(raw, robotsOptions = {}) {
      return robotsFor(parseTarget(raw), options.signal, robotsOptions.gate ?? fetcherOptions.gate);
    },
    release: releaseCapture,
    throttle(raw, task, signal) {
      const url = parseTarget(raw);
      const gate = fetcherOptions.gate;
      return gate === undefined ? gateFor(url).run(task, signal) : gate(url, task, signal);
    },
    guard: exchangeSettings.guard,
  };
}

export interface FetchPageOptions extends FetchOptions {
  /** Answer a 4xx/5xx page instead of throwing `http-status`. Default: false. */
  readonly allowErrorStatus?: boolean;
}

/**
 * Fetches one page, as `vellum extract <url>` needs it. Throws `http-status` for an error
 * status unless `allowErrorStatus`. Large bodies spooled to disk are removed at process exit, or
 * earlier with `releaseCapture`.
 */
export async function fetchPage(url: string, options: FetchPageOptions = {}): Promise<Capture> {
  const fetcher = createFetcher({ delayMs: 0, ...options });
  const capture = await fetcher.capture(url);
  const last = capture.exchanges[capture.exchanges.length - 1];
  const status = last?.status ?? 0;
  if (!(options.allowErrorStatus ?? false) && (status < 200 || status >= 300)) {
    await releaseCapture(capture);
    throw new VellumError(
      "http-status",
      `The server answered HTTP ${status} ${last?.statusText ?? ""}`.trim(),
      {
        value: capture.finalUrl,
        hint: status >= 500 ? "the site has a problem; retry later" : "check the URL",
      },
    );
  }
  return capture;
}
