import type { Clock, HeaderList } from "@vellum/model";
import { systemClock, userAgent } from "@vellum/model";
import type { Resolver } from "./resolve.js";
import { systemResolver } from "./resolve.js";

/** Something a fetcher did that a progress display or a log may want to show. */
export type FetchEvent =
  | {
      readonly type: "retry";
      readonly url: string;
      readonly attempt: number;
      readonly delayMs: number;
      readonly reason: string;
    }
  | {
      readonly type: "redirect";
      readonly from: string;
      readonly to: string;
      readonly status: number;
    }
  | { readonly type: "robots"; readonly origin: string; readonly outcome: string };

export interface FetchOptions {
  /** `User-Agent` sent with every request. Default: `userAgent()`, `Vellum/<version> (+<homepage>)`. */
  readonly userAgent?: string;
  /** Extra request headers, sent after the ones Vellum sets. Default: none. */
  readonly headers?: HeaderList;
  /** Redirects followed before giving up. Default: 20 (as browsers do). */
  readonly maxRedirects?: number;
  /** Time to open the TCP (and TLS) connection. Default: 10 000 ms. */
  readonly connectTimeoutMs?: number;
  /** Time from sending the request to receiving the whole response head. Default: 30 000 ms. */
  readonly headersTimeoutMs?: number;
  /** Longest silence while the body is arriving. Default: 30 000 ms. */
  readonly bodyIdleTimeoutMs?: number;
  /** Longest one exchange (one hop) may take in all. Default: 120 000 ms. */
  readonly totalTimeoutMs?: number;
  /** Body bytes kept per response; past it the exchange is marked truncated ("length"). Default: 50 MiB. */
  readonly maxBytes?: number;
  /** Bodies past this size go to a temporary file instead of memory. Default: 1 MiB. */
  readonly spoolThresholdBytes?: number;
  /** Where spooled bodies go. Default: the OS temporary directory. */
  readonly tempDir?: string;
  /** Tries after the first on network errors, timeouts, 429 and 502–504. Default: 3. */
  readonly retries?: number;
  /** First backoff delay; doubles each retry. Default: 1 000 ms. */
  readonly retryBaseMs?: number;
  /** Ceiling on any retry delay, including a server's `Retry-After`. Default: 60 000 ms. */
  readonly retryMaxMs?: number;
  /** Jitter source in [0, 1). Default: `Math.random`. */
  readonly random?: () => number;
  /**
   * Permit loopback and private addresses (RFC 1918, carrier-grade NAT, unique-local) for every
   * host. Link-local and cloud metadata addresses stay refused: see `allowLinkLocal`.
   * Default: false.
   */
  readonly allowPrivate?: boolean;
  /**
   * `allowPrivate` for some hosts only: host names, IP addresses and CIDR ranges
   * (`intranet.example`, `127.0.0.1`, `10.0.0.0/8`). Default: none.
   */
  readonly allowPrivateHosts?: readonly string[];
  /**
   * Permit link-local addresses (169.254.0.0/16, fe80::/10) and the cloud metadata services
   * (169.254.169.254, fd00:ec2::/32, 100.100.100.200 …), which hand out credentials and are
   * what a server-side request forgery goes for. Default: false.
   */
  readonly allowLinkLocal?: boolean;
  /** Host name → addresses. Default: the system resolver (`dns.lookup`, all addresses). */
  readonly resolver?: Resolver;
  /** Honour robots.txt. Default: true. */
  readonly respectRobots?: boolean;
  /** Largest `Crawl-delay` honoured, so one robots.txt cannot stall a run. Default: 60 000 ms. */
  readonly maxCrawlDelayMs?: number;
  /** Pages captured at once across all hosts. Default: 4. */
  readonly concurrency?: number;
  /** Requests at once to one host. Default: 1. */
  readonly perHostConcurrency?: number;
  /** Pause between requests to one host. Default: 1 000 ms (0 for `fetchPage`). */
  readonly delayMs?: number;
  /** Extra trusted CA certificates (PEM) for HTTPS. Default: Node's bundled list. */
  readonly ca?: string;
  /** Refuse invalid TLS certificates. Default: true. */
  readonly rejectUnauthorized?: boolean;
  /** Timestamps for `startedAt`. Default: the system clock. */
  readonly clock?: Clock;
  /** Stops every request in flight and every one not started. */
  readonly signal?: AbortSignal;
  /** Told about retries, redirects and robots.txt outcomes. */
  readonly onEvent?: (event: FetchEvent) => void;
}

export type ResolvedFetchOptions = Required<
  Omit<FetchOptions, "tempDir" | "ca" | "signal" | "onEvent">
> &
  Pick<FetchOptions, "tempDir" | "ca" | "signal" | "onEvent">;

export function resolveOptions(options: FetchOptions): ResolvedFetchOptions {
  return {
    userAgent: options.userAgent ?? userAgent(),
    headers: options.headers ?? [],
    maxRedirects: options.maxRedirects ?? 20,
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    headersTimeoutMs: options.headersTimeoutMs ?? 30_000,
    bodyIdleTimeoutMs: options.bodyIdleTimeoutMs ?? 30_000,
    totalTimeoutMs: options.totalTimeoutMs ?? 120_000,
    maxBytes: options.maxBytes ?? 50 * 1024 * 1024,
    spoolThresholdBytes: options.spoolThresholdBytes ?? 1024 * 1024,
    retries: options.retries ?? 3,
    retryBaseMs: options.retryBaseMs ?? 1_000,
    retryMaxMs: options.retryMaxMs ?? 60_000,
    random: options.random ?? Math.random,
    allowPrivate: options.allowPrivate ?? false,
    allowPrivateHosts: (options.allowPrivateHosts ?? []).map((h) => h.toLowerCase()),
    allowLinkLocal: options.allowLinkLocal ?? false,
    resolver: options.resolver ?? systemResolver,
    respectRobots: options.respectRobots ?? true,
    maxCrawlDelayMs: options.maxCrawlDelayMs ?? 60_000,
    concurrency: options.concurrency ?? 4,
    perHostConcurrency: options.perHostConcurrency ?? 1,
    delayMs: options.delayMs ?? 1_000,
    rejectUnauthorized: options.rejectUnauthorized ?? true,
    clock: options.clock ?? systemClock,
    ...(options.tempDir === undefined ? {} : { tempDir: options.tempDir }),
    ...(options.ca === undefined ? {} : { ca: options.ca }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  };
}
