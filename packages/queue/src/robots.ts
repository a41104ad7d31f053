import type { Redis } from "ioredis";
import type { FleetKeys } from "./keys.js";

/** A robots.txt as fetched, the form the fleet shares through Redis. */
export interface StoredRobots {
  /** HTTP status of the final answer; 0 when nothing arrived (network failure). */
  readonly status: number;
  readonly contentType: string | null;
  /** The URL the file finally came from (after redirects). */
  readonly finalUrl: string;
  /** The body as text (robots.txt is UTF-8 by RFC 9309 §2.3); empty when not 2xx. */
  readonly body: string;
  /** Why nothing arrived, when `status` is 0. */
  readonly error: string | null;
  /** When it was fetched (ISO 8601). */
  readonly fetchedAt: string;
}

export type RobotsLookup =
  | { readonly kind: "cached"; readonly robots: StoredRobots }
  /** This worker holds the fetch lock: fetch, then `store` (or `abandon`). */
  | { readonly kind: "fetch" }
  /** Another worker is fetching it: look again after `waitMs`. */
  | { readonly kind: "wait"; readonly waitMs: number };

export interface RobotsCacheOptions {
  /** How long a fetched robots.txt is trusted (RFC 9309 §2.4: at most 24 h). Default: 24 h. */
  readonly ttlMs?: number;
  /** How long an unreachable answer (5xx, network) is kept before asking again. Default: 10 min. */
  readonly failureTtlMs?: number;
  /** How long the fetch lock is held at most (a killed fetcher frees it then). Default: 60 s. */
  readonly lockMs?: number;
  /** How long a worker that found the lock taken waits before looking again. Default: 250 ms. */
  readonly waitMs?: number;
}

/**
 * robots.txt fetched once per origin for the whole fleet: the first worker to need it takes a
 * lock (SET NX with an expiry), fetches, and stores the file with its expiry; the others see the
 * lock and have their job delayed until the file is there. Without the lock, a thousand hosts
 * meeting four workers at once were measured to cause more fetches than hosts.
 */
export class RobotsCache {
  readonly #redis: Redis;
  readonly #keys: FleetKeys;
  readonly #ttlMs: number;
  readonly #failureTtlMs: number;
  readonly #lockMs: number;
  readonly #waitMs: number;
  readonly #owner: string;

  constructor(redis: Redis, keys: FleetKeys, owner: string, options: RobotsCacheOptions = {}) {
    this.#redis = redis;
    this.#keys = keys;
    this.#owner = owner;
    this.#ttlMs = options.ttlMs ?? 24 * 3600_000;
    this.#failureTtlMs = options.failureTtlMs ?? 600_000;
    this.#lockMs = options.lockMs ?? 60_000;
    this.#waitMs = options.waitMs ?? 250;
  }

  async lookup(origin: string): Promise<RobotsLookup> {
    const cached = await this.#redis.get(this.#keys.robots(origin));
    if (cached !== null) return { kind: "cached", robots: JSON.parse(cached) as StoredRobots };
    const lock = this.#keys.robotsLock(origin);
    const taken = await this.#redis.set(lock, this.#owner, "PX", this.#lockMs, "NX");
    if (taken === "OK") {
      // Stored between our GET and our SET by a worker that has since let go of the lock.
      const again = await this.#redis.get(this.#keys.robots(origin));
      if (again !== null) {
        await this.#release(origin);
        return { kind: "cached", robots: JSON.parse(again) as StoredRobots };
      }
      return { kind: "fetch" };
    }
    const left = await this.#redis.pttl(lock);
    return { kind: "wait", waitMs: Math.max(this.#waitMs, Math.min(left, this.#waitMs * 4)) };
  }

  /** Stores what this worker fetched and lets the others go on. */
  async store(origin: string, robots: StoredRobots): Promise<void> {
    const ttl = robots.status === 0 || robots.status >= 500 ? this.#failureTtlMs : this.#ttlMs;
    await this.#redis
      .multi()
      .set(this.#keys.robots(origin), JSON.stringify(robots), "PX", ttl)
      .incr(this.#keys.robotsFetches)
      .exec();
    await this.#release(origin);
  }

  /** Gives the fetch up (stopped, or the host's slot was not free): another worker takes it. */
  async abandon(origin: string): Promise<void> {
    await this.#release(origin);
  }

  async #release(origin: string): Promise<void> {
    // Only our own lock: one that expired and was taken by another worker stays theirs.
    await this.#redis.eval(
      "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0",
      1,
      this.#keys.robotsLock(origin),
      this.#owner,
    );
  }
}
