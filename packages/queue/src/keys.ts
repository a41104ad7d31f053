/**
 * Every Redis key the fleet uses besides BullMQ's own (`bull:<queue>:…`), in one place so that
 * `status` and the tests read what the workers write.
 */
export class FleetKeys {
  readonly prefix: string;

  constructor(queueName: string) {
    this.prefix = `vellum:${queueName}`;
  }

  /**
   * Hash per host: `next` (ms, Redis clock), `delay`, `crawlDelay`, `backoff`, `last`,
   * `throttled`, `took` (a moving average of its requests' durations, ms).
   */
  host(host: string): string {
    return `${this.prefix}:host:${host}`;
  }
  /** Sorted set per host: lease token → expiry (ms, Redis clock). */
  leases(host: string): string {
    return `${this.prefix}:leases:${host}`;
  }
  /** Sorted set of the hosts the gate has seen, scored by their last grant. */
  get hosts(): string {
    return `${this.prefix}:hosts`;
  }
  /** String per origin: the robots.txt as fetched (JSON), with the expiry of the cache. */
  robots(origin: string): string {
    return `${this.prefix}:robots:${origin}`;
  }
  /** Short-lived lock: the one worker fetching an origin's robots.txt for the fleet. */
  robotsLock(origin: string): string {
    return `${this.prefix}:robots-lock:${origin}`;
  }
  /** Hash: worker id → JSON heartbeat (host, pid, started, jobs, state, at). */
  get workers(): string {
    return `${this.prefix}:workers`;
  }
  /**
   * String per worker, set at each heartbeat to expire (on Redis's clock, so no machine's clock
   * decides) `LIVE_MS` later: a worker is live while it exists.
   */
  alive(workerId: string): string {
    return `${this.prefix}:alive:${workerId}`;
  }
  /** Set of canonical URLs already put on the queue (one job per URL, ever). */
  get seen(): string {
    return `${this.prefix}:seen`;
  }
  /** Hash: job id → the worker whose attempt it is (so a retry can look at a dead worker's commit). */
  get owners(): string {
    return `${this.prefix}:owners`;
  }
  /** Hash: the run's settings the coordinator fixed (delay, concurrency per host, robots …). */
  get settings(): string {
    return `${this.prefix}:settings`;
  }
  /** Hash of counters the workers keep: done, failed, refused (jobs acknowledged). */
  get stats(): string {
    return `${this.prefix}:stats`;
  }
  /** Counter of robots.txt fetches, for tests and the bench (each origin once). */
  get robotsFetches(): string {
    return `${this.prefix}:robots-fetches`;
  }
}
