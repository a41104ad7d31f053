import type { Redis } from "ioredis";
import { FleetKeys } from "./keys.js";

/**
 * The fleet-wide politeness gate, kept in Redis so that every worker on every machine obeys one
 * rate per host. BullMQ's open-source queue has only a per-queue rate limit (per-group limits are
 * a paid feature), so this is the project's own: two Lua scripts, each atomic in Redis, reading
 * Redis's own clock (`TIME`), so the workers' clocks never decide who may go.
 *
 * Per host: `next`, the earliest start of the next request; a set of leases (one per request in
 * flight, each with an expiry so a worker killed mid-request frees its slot); the delay (the
 * run's, raised by the host's `Crawl-delay`) and a backoff that a 429 or 503 doubles.
 * A grant moves `next` to now + delay; a release moves it to (release time) + delay at least, so
 * with one request per host the gap the host sees is never under the delay, however late the
 * request leaves the worker. A job that is not granted is told how long to wait and is delayed
 * to that moment in the queue: nothing polls.
 */

/** Redis ≥ 5 replicates scripts by effects, so TIME inside a script that writes is allowed. */
const NOW = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
`;

// KEYS: host hash, leases zset, hosts zset. ARGV: token, delayMs, concurrency, leaseMs, host,
// minWaitMs. Answers {granted (1|0), waitMs, now}.
const ACQUIRE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
local h = redis.call('HMGET', KEYS[1], 'next', 'crawlDelay', 'took')
local nextAt = tonumber(h[1] or '0') or 0
local delay = tonumber(ARGV[2])
local crawl = tonumber(h[2] or '0') or 0
if crawl > delay then delay = crawl end
local minWait = tonumber(ARGV[6])
if now < nextAt then
  return {0, nextAt - now, now}
end
local active = redis.call('ZCARD', KEYS[2])
if active >= tonumber(ARGV[3]) then
  -- Full: a lease's end is only the bound for a holder that died. Look again after one delay,
  -- or with no delay after about as long as this host's requests take (500 ms while unknown).
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  local wait = tonumber(first[2]) - now
  local soon = delay
  if soon <= 0 then soon = tonumber(h[3] or '500') or 500 end
  if wait > soon then wait = soon end
  if wait < minWait then wait = minWait end
  return {0, wait, now}
end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[2], tonumber(ARGV[4]) * 2)
redis.call('HSET', KEYS[1], 'next', now + delay, 'delay', delay, 'last', now)
redis.call('ZADD', KEYS[3], now, ARGV[5])
return {1, 0, now}
`;

// KEYS: host hash, leases zset. ARGV: token, delayMs, throttled (1|0), retryAfterMs, maxBackoffMs,
// grantedAt (the lease's grant, Redis clock). Answers {next, backoff}.
const RELEASE = `${NOW}
redis.call('ZREM', KEYS[2], ARGV[1])
local h = redis.call('HMGET', KEYS[1], 'next', 'crawlDelay', 'backoff', 'took')
-- How long this host's requests take (a moving average): how long a refused job waits for a slot.
local took = now - tonumber(ARGV[6])
if took < 0 then took = 0 end
local before = tonumber(h[4] or '')
if before then took = math.floor((before * 3 + took) / 4) end
local nextAt = tonumber(h[1] or '0') or 0
local delay = tonumber(ARGV[2])
local crawl = tonumber(h[2] or '0') or 0
if crawl > delay then delay = crawl end
local backoff = tonumber(h[3] or '0') or 0
local maxBackoff = tonumber(ARGV[5])
if ARGV[3] == '1' then
  -- A 429 or 503: this host only waits longer, doubling up to the ceiling, or as it asked.
  backoff = backoff * 2
  if backoff < 1000 then backoff = 1000 end
  local asked = tonumber(ARGV[4])
  if asked > backoff then backoff = asked end
  if backoff > maxBackoff then backoff = maxBackoff end
  redis.call('HINCRBY', KEYS[1], 'throttled', 1)
else
  backoff = math.floor(backoff / 2)
  if backoff < 1000 then backoff = 0 end
end
local wait = delay
if backoff > wait then wait = backoff end
if now + wait > nextAt then nextAt = now + wait end
redis.call('HSET', KEYS[1], 'next', nextAt, 'backoff', backoff, 'took', took)
return {nextAt, backoff}
`;

// KEYS: host hash. ARGV: crawlDelayMs. The request that read the Crawl-delay (robots.txt) has
// let its slot go already: the next start is moved to that request's start plus the Crawl-delay.
const CRAWL_DELAY = `
local crawl = tonumber(ARGV[1])
redis.call('HSET', KEYS[1], 'crawlDelay', crawl)
local h = redis.call('HMGET', KEYS[1], 'next', 'last')
local nextAt = tonumber(h[1] or '0') or 0
local last = tonumber(h[2] or '0') or 0
if last > 0 and last + crawl > nextAt then redis.call('HSET', KEYS[1], 'next', last + crawl) end
return 1
`;

// KEYS: leases zset. ARGV: token, leaseMs. Answers 1 when the lease was still held.
const RENEW = `${NOW}
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
  redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]) * 2)
  return 1
end
return 0
`;

interface GateCommands {
  vellumGateAcquire(
    host: string,
    leases: string,
    hosts: string,
    token: string,
    delayMs: number,
    concurrency: number,
    leaseMs: number,
    hostName: string,
    minWaitMs: number,
  ): Promise<[number, number, number]>;
  vellumGateRelease(
    host: string,
    leases: string,
    token: string,
    delayMs: number,
    throttled: number,
    retryAfterMs: number,
    maxBackoffMs: number,
    grantedAt: number,
  ): Promise<[number, number]>;
  vellumGateRenew(leases: string, token: string, leaseMs: number): Promise<number>;
  vellumGateCrawlDelay(host: string, crawlDelayMs: number): Promise<number>;
}

export interface HostGateOptions {
  /** The queue's name: keys are `vellum:<name>:…`. Default: `vellum`. */
  readonly queueName?: string;
  /** Pause between requests to one host, fleet-wide (raised by the host's Crawl-delay). Default: 1 000 ms. */
  readonly delayMs?: number;
  /** Requests at once to one host across the fleet. Default: 1. */
  readonly perHost?: number;
  /**
   * How long a lease lives without renewal: a worker killed mid-request frees its host's slot
   * after this. The holder renews it every third of it. Default: 30 000 ms.
   */
  readonly leaseMs?: number;
  /** Shortest wait a refused job is given, so a full host is not asked again at once. Default: 20 ms. */
  readonly minWaitMs?: number;
  /** Longest backoff a run of 429/503 answers builds up. Default: 60 000 ms. */
  readonly maxBackoffMs?: number;
}

export type GateAnswer =
  | { readonly granted: true; readonly lease: Lease }
  | { readonly granted: false; readonly waitMs: number };

/** A request slot held on a host; release it when the request's answer is in. */
export interface Lease {
  readonly host: string;
  readonly token: string;
  /** When the slot was granted, on Redis's clock (ms). */
  readonly grantedAt: number;
}

export interface HostState {
  readonly host: string;
  /** Earliest next start, Redis clock (ms). */
  readonly next: number;
  /** The delay in force: the run's or the host's Crawl-delay, whichever is longer (ms). */
  readonly delayMs: number;
  readonly crawlDelayMs: number;
  /** Extra wait after 429/503 answers (ms); 0 when the host is answering normally. */
  readonly backoffMs: number;
  /** How many 429/503 answers the host gave. */
  readonly throttled: number;
  /** Requests in flight now. */
  readonly active: number;
  /** Last grant, Redis clock (ms). */
  readonly last: number;
}

let tokenCounter = 0;

export class HostGate {
  readonly #redis: Redis & GateCommands;
  readonly #keys: FleetKeys;
  readonly #delayMs: number;
  readonly #perHost: number;
  readonly #leaseMs: number;
  readonly #minWaitMs: number;
  readonly #maxBackoffMs: number;
  readonly #tokenPrefix: string;

  constructor(redis: Redis, options: HostGateOptions = {}) {
    if (!("vellumGateAcquire" in redis)) {
      redis.defineCommand("vellumGateAcquire", { numberOfKeys: 3, lua: ACQUIRE });
      redis.defineCommand("vellumGateRelease", { numberOfKeys: 2, lua: RELEASE });
      redis.defineCommand("vellumGateRenew", { numberOfKeys: 1, lua: RENEW });
      redis.defineCommand("vellumGateCrawlDelay", { numberOfKeys: 1, lua: CRAWL_DELAY });
    }
    this.#redis = redis as Redis & GateCommands;
    this.#keys = new FleetKeys(options.queueName ?? "vellum");
    this.#delayMs = Math.max(0, Math.round(options.delayMs ?? 1_000));
    this.#perHost = Math.max(1, options.perHost ?? 1);
    this.#leaseMs = Math.max(100, options.leaseMs ?? 30_000);
    this.#minWaitMs = Math.max(1, options.minWaitMs ?? 20);
    this.#maxBackoffMs = Math.max(1_000, options.maxBackoffMs ?? 60_000);
    this.#tokenPrefix = `${process.pid}-${Math.random().toString(36).slice(2, 10)}`;
  }

  get leaseMs(): number {
    return this.#leaseMs;
  }

  /** Asks for a slot on `host` (a URL's `host`, port included) now. */
  async acquire(host: string): Promise<GateAnswer> {
    tokenCounter += 1;
    const token = `${this.#tokenPrefix}-${tokenCounter}`;
    const [granted, waitMs, now] = await this.#redis.vellumGateAcquire(
      this.#keys.host(host),
      this.#keys.leases(host),
      this.#keys.hosts,
      token,
      this.#delayMs,
      this.#perHost,
      this.#leaseMs,
      host,
      this.#minWaitMs,
    );
    if (granted === 1) return { granted: true, lease: { host, token, grantedAt: now } };
    return { granted: false, waitMs };
  }

  /** Keeps a lease alive while its request runs; false when it had expired (the slot was lost). */
  async renew(lease: Lease): Promise<boolean> {
    return (
      (await this.#redis.vellumGateRenew(
        this.#keys.leases(lease.host),
        lease.token,
        this.#leaseMs,
      )) === 1
    );
  }

  /**
   * Frees the slot once the request's answer is in. `throttled`: the host answered 429 or 503
   * (then `retryAfterMs`, its `Retry-After`, if any), so it alone is slowed.
   */
  async release(
    lease: Lease,
    outcome: { readonly throttled?: boolean; readonly retryAfterMs?: number } = {},
  ): Promise<void> {
    await this.#redis.vellumGateRelease(
      this.#keys.host(lease.host),
      this.#keys.leases(lease.host),
      lease.token,
      this.#delayMs,
      outcome.throttled === true ? 1 : 0,
      Math.max(0, Math.round(outcome.retryAfterMs ?? 0)),
      this.#maxBackoffMs,
      lease.grantedAt,
    );
  }

  /**
   * Raises a host's delay to its robots.txt `Crawl-delay` (null clears it), from the start of
   * the host's latest request on (the robots.txt request that said so).
   */
  async setCrawlDelay(host: string, crawlDelayMs: number | null): Promise<void> {
    await this.#redis.vellumGateCrawlDelay(this.#keys.host(host), Math.round(crawlDelayMs ?? 0));
  }

  /** The state of the hosts most recently granted, newest first. */
  async hosts(limit = 50): Promise<HostState[]> {
    return hostStates(this.#redis, this.#keys, limit);
  }
}

/** Per-host state for `status`, read without the gate's options. */
export async function hostStates(
  redis: Redis,
  keys: FleetKeys,
  limit: number,
): Promise<HostState[]> {
  const names = await redis.zrevrange(keys.hosts, 0, Math.max(0, limit - 1));
  if (names.length === 0) return [];
  const pipeline = redis.pipeline();
  const [seconds, micros] = await redis.time();
  const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
  for (const name of names) {
    pipeline.hgetall(keys.host(name));
    pipeline.zcount(keys.leases(name), now, "+inf");
  }
  const results = (await pipeline.exec()) ?? [];
  return names.map((host, i) => {
    const h = (results[i * 2]?.[1] ?? {}) as Record<string, string>;
    const active = Number(results[i * 2 + 1]?.[1] ?? 0);
    const num = (v: string | undefined) => (v === undefined ? 0 : Number(v));
    return {
      host,
      next: num(h.next),
      delayMs: num(h.delay),
      crawlDelayMs: num(h.crawlDelay),
      backoffMs: num(h.backoff),
      throttled: num(h.throttled),
      active,
      last: num(h.last),
    };
  });
}
