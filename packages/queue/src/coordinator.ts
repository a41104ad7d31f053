import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { connect, open, type QueueLocation, quietDuplicate } from "./connection.js";
import { enqueueNew } from "./enqueue.js";
import type { UrlJob } from "./jobs.js";
import { FleetKeys } from "./keys.js";
import { type FleetStatus, fleetStatus } from "./status.js";

export interface FleetQueueOptions {
  /** BullMQ queue name. Default: `vellum`. */
  readonly queueName?: string;
  /** Told when Redis goes away and comes back. */
  readonly onState?: (state: "down" | "up", detail: string) => void;
  /** How long to wait for a Redis that is away when connecting. Default: 0, fail at once. */
  readonly waitMs?: number;
}

/** URLs handed to Redis per round trip. */
const BATCH = 500;

/**
 * The coordinator's side of the fleet: puts URLs on the queue, one job per canonical URL (the
 * seen set keeps a URL from being queued again after its job was done and removed), and reads
 * the queue's state.
 */
export class FleetQueue {
  readonly #redis: Redis;
  readonly #queue: Queue<UrlJob>;
  readonly #keys: FleetKeys;
  readonly #name: string;
  readonly #queueConnection: Redis;

  private constructor(redis: Redis, queue: Queue<UrlJob>, name: string, queueConnection: Redis) {
    this.#redis = redis;
    this.#queueConnection = queueConnection;
    this.#queue = queue;
    this.#name = name;
    this.#keys = new FleetKeys(name);
  }

  /** Connects; throws `queue-unreachable` when Redis does not answer (within `waitMs`). */
  static async open(location: QueueLocation, options: FleetQueueOptions = {}): Promise<FleetQueue> {
    const name = options.queueName ?? "vellum";
    const redis = await open(
      connect(location, options.onState === undefined ? {} : { onState: options.onState }),
      location,
      options.waitMs,
    );
    const connection = quietDuplicate(redis);
    const queue = new Queue<UrlJob>(name, { connection });
    return new FleetQueue(redis, queue, name, connection);
  }

  get redis(): Redis {
    return this.#redis;
  }

  /** Records the run's settings, for `status` and for workers started without them. */
  async saveSettings(settings: Record<string, string | number | boolean>): Promise<void> {
    const flat = Object.entries(settings).flatMap(([k, v]) => [k, String(v)]);
    if (flat.length > 0) await this.#redis.hset(this.#keys.settings, ...flat);
  }

  async settings(): Promise<Record<string, string>> {
    return this.#redis.hgetall(this.#keys.settings);
  }

  /**
   * Queues URLs not queued before; answers how many were new. A URL seen again (in another
   * sitemap, or after a coordinator restart) is skipped. `force`: queue again even URLs
   * already done (a recapture). `onNew` is told each batch of new URLs before it is queued (the
   * coordinator records them in its collection, so a report lists those not captured yet).
   */
  async add(
    jobs: Iterable<UrlJob> | AsyncIterable<UrlJob>,
    force = false,
    onNew?: (jobs: readonly UrlJob[]) => void | Promise<void>,
  ): Promise<number> {
    let added = 0;
    let batch: UrlJob[] = [];
    const flush = async () => {
      const jobs = batch;
      batch = [];
      added += await enqueueNew(this.#redis, this.#queue, this.#keys, jobs, {
        force,
        ...(onNew === undefined ? {} : { onNew }),
      });
    };
    for await (const job of jobs) {
      batch.push(job);
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    return added;
  }

  async status(): Promise<FleetStatus> {
    return fleetStatus(this.#redis, this.#name);
  }

  /** Resolves when nothing is waiting, delayed or active (polled every `everyMs`). */
  async drained(
    everyMs = 500,
    signal?: AbortSignal,
    onTick?: (s: FleetStatus) => void,
  ): Promise<void> {
    for (;;) {
      if (signal?.aborted) return;
      const s = await this.status();
      onTick?.(s);
      if (s.queue.waiting + s.queue.delayed + s.queue.active + s.queue.prioritized === 0) return;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  }

  async close(): Promise<void> {
    await this.#queue.close();
    // BullMQ leaves a connection it was given open: ours to end, or the process stays up.
    this.#queueConnection.disconnect();
    await this.#redis.quit().catch(() => this.#redis.disconnect());
  }
}
