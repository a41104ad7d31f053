import { hostname } from "node:os";
import { DelayedError, type Job, Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { connect, open, type QueueLocation, quietDuplicate } from "./connection.js";
import { enqueueNew } from "./enqueue.js";
import { HostGate, type HostGateOptions } from "./gate.js";
import { HopGate } from "./hops.js";
import { hostOf, type UrlJob } from "./jobs.js";
import { FleetKeys } from "./keys.js";
import { RobotsCache, type RobotsCacheOptions, type StoredRobots } from "./robots.js";

/** What the capture of one URL reports back to the worker, once it is committed. */
export interface JobOutcome {
  /** `done` / `failed`: committed; `stopped`: the worker is shutting down, the job goes back. */
  readonly outcome: "done" | "failed" | "stopped";
  /** The host answered 429 or 503 at some point of the capture (it is then slowed). */
  readonly throttled?: boolean;
  /** The host's `Retry-After`, when it gave one (ms). */
  readonly retryAfterMs?: number;
  /**
   * URLs the capture found to capture too (a page's requisites), committed with it: queued
   * (those new to the fleet) before the job is acknowledged, so none is lost to a crash.
   */
  readonly found?: readonly UrlJob[];
}

/** What a retried job's previous attempt left, as the capture side can tell. */
export type PreviousAttempt =
  /** The previous worker committed this URL before dying: acknowledge, fetch nothing. */
  | "committed"
  /** Nothing committed (or no previous attempt): capture it. */
  | "absent"
  /** The previous worker still holds its collection (alive but stalled): look again later. */
  | "busy";

export interface RobotsPolicy {
  /**
   * Fetches an origin's robots.txt and archives it; its requests go through `hops`, which holds
   * the origin's slot for the first one.
   */
  fetch(origin: string, signal: AbortSignal, hops: HopGate): Promise<StoredRobots>;
  /** Whether the rules let `url` be fetched, and the `Crawl-delay` they ask (ms). */
  judge(robots: StoredRobots, url: string): { allowed: boolean; crawlDelayMs: number | null };
}

export interface FleetWorkerOptions {
  readonly queue: QueueLocation;
  /** How long to wait for a Redis that is away when starting. Default: 0, fail at once. */
  readonly waitMs?: number;
  /** BullMQ queue name, the same as the coordinator's. Default: `vellum`. */
  readonly queueName?: string;
  /** This worker's id: names its WARC files and its heartbeat. Default: `<hostname>-<pid>-<random>`. */
  readonly workerId?: string;
  /** Jobs at once in this process. Default: 4. */
  readonly concurrency?: number;
  /** Stop cleanly (finish the jobs in flight, take no more) after this many jobs were acknowledged (done or failed). Default: no limit. */
  readonly maxJobs?: number;
  /**
   * Stop cleanly, as with `maxJobs`, once the process's resident memory is above this (bytes),
   * looked at every heartbeat (2 s): a supervisor starts a fresh worker. Default: no limit.
   */
  readonly maxRssBytes?: number;
  /** The fleet-wide politeness gate (delay, per-host concurrency, lease). */
  readonly gate?: Omit<HostGateOptions, "queueName">;
  /** robots.txt through the fleet's cache; null: robots ignored (`--ignore-robots`). */
  readonly robots: RobotsPolicy | null;
  readonly robotsCache?: RobotsCacheOptions;
  /**
   * How long a job's lock lives without the worker renewing it: a killed worker's jobs return to
   * the queue after about this. Default: 30 000 ms (BullMQ's).
   */
  readonly lockMs?: number;
  /** How often stalled jobs are looked for. Default: half of `lockMs`. */
  readonly stalledIntervalMs?: number;
  /**
   * Captures one URL: fetch it, write its records, commit them. Called once its host's slot is
   * held; every request it makes goes through `hops` (the first to the job's host uses that
   * slot; a redirect to another host waits for that host's).
   */
  capture(job: UrlJob, signal: AbortSignal, hops: HopGate): Promise<JobOutcome>;
  /** For a job that went back to the queue from `previousOwner`: what that attempt committed. */
  previousAttempt?(job: UrlJob, previousOwner: string): Promise<PreviousAttempt>;
  /**
   * For a job whose previous attempt committed: the URLs that attempt found (`JobOutcome.found`),
   * queued again (those new to the fleet only) in case its worker died before queueing them.
   */
  foundBy?(job: UrlJob, previousOwner: string): Promise<readonly UrlJob[]>;
  /** A URL robots.txt forbids (or an unreachable robots.txt refuses): record it as failed. */
  refused?(job: UrlJob, robots: StoredRobots, reason: "disallowed" | "unreachable"): Promise<void>;
  onEvent?(event: WorkerEvent): void;
}

export type WorkerEvent =
  | {
      readonly event: "job";
      readonly url: string;
      readonly outcome: JobOutcome["outcome"] | "refused" | "already-committed";
    }
  | {
      readonly event: "delayed";
      readonly url: string;
      readonly waitMs: number;
      readonly why: "gate" | "robots" | "owner-busy" | "stopping";
    }
  | { readonly event: "redis"; readonly state: "down" | "up"; readonly detail: string }
  | { readonly event: "stopping"; readonly why: "max-jobs" | "max-memory" | "asked" }
  | { readonly event: "error"; readonly message: string };

/** A worker's heartbeat as stored in Redis and shown by `vellum status`. */
export interface WorkerBeat {
  readonly id: string;
  readonly host: string;
  readonly pid: number;
  readonly startedAt: string;
  readonly at: string;
  readonly state: "running" | "stopping" | "stopped";
  readonly done: number;
  readonly failed: number;
  readonly active: number;
  readonly concurrency: number;
  readonly rssBytes: number;
}

export interface FleetWorker {
  readonly id: string;
  /** Resolves when the worker has stopped (`maxJobs` reached or `close()`). */
  readonly finished: Promise<{ done: number; failed: number }>;
  /** Graceful stop: finish the jobs in flight, take no more; the rest stays queued. */
  close(): Promise<void>;
  /** Stops the captures in flight too (a second Ctrl-C): they go back to the queue. */
  abort(): void;
}

const BEAT_MS = 2_000;
/**
 * A worker that has not beaten for this long is taken for dead (`lost` in `vellum status`): its
 * `alive` key expires in Redis.
 */
export const LIVE_MS = 5 * BEAT_MS;

export function defaultWorkerId(): string {
  const host =
    hostname()
      .replace(/[^A-Za-z0-9.-]/g, "_")
      .slice(0, 40) || "host";
  return `${host}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * A fleet worker: takes URL jobs from the BullMQ queue, gets its host's slot from the Redis gate
 * (or delays the job to it), makes sure the origin's robots.txt is known fleet-wide, captures
 * and commits, and only then acknowledges. A worker killed at any moment loses nothing: its
 * jobs' locks expire, BullMQ moves them back (stalled), and the next worker asks
 * `previousAttempt` before fetching anything again.
 */
export async function startWorker(options: FleetWorkerOptions): Promise<FleetWorker> {
  const id = options.workerId ?? defaultWorkerId();
  const queueName = options.queueName ?? "vellum";
  const keys = new FleetKeys(queueName);
  const emit = options.onEvent ?? (() => undefined);
  const onState = (state: "down" | "up", detail: string) => emit({ event: "redis", state, detail });
  const redis: Redis = await open(
    connect(options.queue, { onState }),
    options.queue,
    options.waitMs,
  );
  const gate = new HostGate(redis, { ...options.gate, queueName });
  const robots = new RobotsCache(redis, keys, id, options.robotsCache);
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const lockMs = options.lockMs ?? 30_000;
  const stop = new AbortController();
  const startedAt = new Date().toISOString();
  let done = 0;
  let failed = 0;
  let active = 0;
  let state: WorkerBeat["state"] = "running";
  let acknowledged = 0;
  /** Captures begun (for `maxJobs`). */
  let started = 0;

  const beat = async () => {
    const value: WorkerBeat = {
      id,
      host: hostname(),
      pid: process.pid,
      startedAt,
      at: new Date().toISOString(),
      state,
      done,
      failed,
      active,
      concurrency,
      rssBytes: process.memoryUsage.rss(),
    };
    const alive = keys.alive(id);
    const batch = redis.multi().hset(keys.workers, id, JSON.stringify(value));
    await (state === "stopped" ? batch.del(alive) : batch.set(alive, "1", "PX", LIVE_MS)).exec();
  };

  /** Where found URLs go: opened on the first, on a connection of its own. */
  let foundQueue: { queue: Queue<UrlJob>; connection: Redis } | null = null;
  const queueFound = async (found: readonly UrlJob[] | undefined): Promise<void> => {
    if (found === undefined || found.length === 0) return;
    if (foundQueue === null) {
      const connection = quietDuplicate(redis);
      foundQueue = { connection, queue: new Queue<UrlJob>(queueName, { connection }) };
    }
    await enqueueNew(redis, foundQueue.queue, keys, found, { first: true });
  };

  const inFlight = new Set<string>();
  /** Whether a worker beat lately (a killed one stops beating; its jobs are then free). */
  const isLive = async (worker: string): Promise<boolean> =>
    (await redis.exists(keys.alive(worker))) === 1;

  const delay = async (
    job: Job<UrlJob>,
    token: string,
    waitMs: number,
    why: "gate" | "robots" | "owner-busy" | "stopping",
  ): Promise<never> => {
    emit({ event: "delayed", url: job.data.url, waitMs, why });
    await job.moveToDelayed(Date.now() + Math.max(1, Math.ceil(waitMs)), token);
    throw new DelayedError();
  };

  const processor = async (job: Job<UrlJob>, token: string | undefined): Promise<string> => {
    if (token === undefined) throw new Error("BullMQ gave a job without a lock token");
    const data = job.data;
    const jobId = job.id ?? "";
    const url = new URL(data.url);
    const host = hostOf(data.url);

    // A job that comes back (its worker died or stalled, or Redis restarted before the ack
    // reached it): did that attempt commit already? Asked of our own attempts too. An owner
    // still alive may yet commit it, so the job waits for it rather than being fetched twice.
    const owner = await redis.hget(keys.owners, jobId);
    if (owner !== null) {
      const previous =
        options.previousAttempt === undefined
          ? "absent"
          : await options.previousAttempt(data, owner);
      if (previous === "committed") {
        await queueFound(await options.foundBy?.(data, owner));
        emit({ event: "job", url: data.url, outcome: "already-committed" });
        await redis.hdel(keys.owners, jobId);
        return "already-committed";
      }
      const ownerBusy = owner === id ? inFlight.has(jobId) : await isLive(owner);
      if (previous === "busy" || ownerBusy)
        return await delay(job, token, Math.max(1_000, lockMs / 2), "owner-busy");
    }

    let crawlDelayMs: number | null = null;
    if (options.robots !== null) {
      const origin = url.origin;
      const found = await robots.lookup(origin);
      if (found.kind === "wait") return await delay(job, token, found.waitMs, "robots");
      let stored: StoredRobots;
      if (found.kind === "fetch") {
        const answer = await gate.acquire(host).catch(async (error: unknown) => {
          await robots.abandon(origin);
          throw error;
        });
        if (!answer.granted) {
          await robots.abandon(origin);
          return await delay(job, token, answer.waitMs, "gate");
        }
        const hops = new HopGate(gate, answer.lease);
        try {
          stored = await options.robots.fetch(origin, stop.signal, hops);
          // The host's Crawl-delay counts from this very request: set before the slot is let go.
          const asked = options.robots.judge(stored, data.url).crawlDelayMs;
          if (asked !== null) await gate.setCrawlDelay(host, asked);
        } catch (error) {
          await robots.abandon(origin);
          throw error;
        } finally {
          await hops.close();
        }
        await robots.store(origin, stored);
      } else {
        stored = found.robots;
      }
      const verdict = options.robots.judge(stored, data.url);
      crawlDelayMs = verdict.crawlDelayMs;
      if (!verdict.allowed) {
        if (options.maxJobs !== undefined && started >= options.maxJobs)
          return await delay(job, token, 1, "stopping");
        started += 1;
        // Recorded as failed in this worker's collection: owned like a capture, so a retry
        // after a crash finds it committed.
        await redis.hset(keys.owners, jobId, id);
        await options.refused?.(
          data,
          stored,
          stored.status >= 500 || stored.status === 0 ? "unreachable" : "disallowed",
        );
        failed += 1;
        await redis.hincrby(keys.stats, "refused", 1);
        emit({ event: "job", url: data.url, outcome: "refused" });
        return "refused";
      }
      if (crawlDelayMs !== null) await gate.setCrawlDelay(host, crawlDelayMs);
    }

    // --max-jobs: jobs BullMQ handed over past the limit go back untouched.
    if (options.maxJobs !== undefined && started >= options.maxJobs)
      return await delay(job, token, 1, "stopping");
    const answer = await gate.acquire(host);
    if (!answer.granted) return await delay(job, token, answer.waitMs, "gate");
    if (options.maxJobs !== undefined && started >= options.maxJobs) {
      await gate.release(answer.lease);
      return await delay(job, token, 1, "stopping");
    }
    started += 1;
    await redis.hset(keys.owners, jobId, id);
    active += 1;
    inFlight.add(jobId);
    const hops = new HopGate(gate, answer.lease);
    let result: JobOutcome | null = null;
    try {
      result = await options.capture(data, stop.signal, hops);
    } finally {
      active -= 1;
      inFlight.delete(jobId);
      await hops.close({
        ...(result?.throttled === undefined ? {} : { throttled: result.throttled }),
        ...(result?.retryAfterMs === undefined ? {} : { retryAfterMs: result.retryAfterMs }),
      });
    }
    if (result.outcome === "stopped") {
      // Shutting down mid-capture: nothing committed counts; the job is taken again later.
      await redis.hdel(keys.owners, jobId);
      await delay(job, token, 1, "gate");
    }
    await queueFound(result.found);
    if (result.outcome === "done") done += 1;
    else failed += 1;
    await redis.hincrby(keys.stats, result.outcome, 1);
    emit({ event: "job", url: data.url, outcome: result.outcome });
    return result.outcome;
  };

  const connection = quietDuplicate(redis);
  const worker = new Worker<UrlJob, string>(queueName, processor, {
    connection,
    concurrency,
    lockDuration: lockMs,
    stalledInterval: options.stalledIntervalMs ?? Math.max(500, Math.floor(lockMs / 2)),
    // A job stalls only when its worker died or hung; it must come back, not fail.
    maxStalledCount: 1_000,
    removeOnComplete: { count: 0 },
    removeOnFail: { count: 100_000 },
    autorun: false,
  });
  worker.on("error", (error) => emit({ event: "error", message: error.message }));

  let resolveFinished: (value: { done: number; failed: number }) => void = () => undefined;
  const finished = new Promise<{ done: number; failed: number }>((resolve) => {
    resolveFinished = resolve;
  });
  let closing: Promise<void> | null = null;
  const close = (why: "max-jobs" | "max-memory" | "asked" = "asked") => {
    if (closing === null) emit({ event: "stopping", why });
    closing ??= (async () => {
      state = "stopping";
      await beat().catch(() => undefined);
      await worker.close();
      connection.disconnect();
      if (foundQueue !== null) {
        await foundQueue.queue.close();
        foundQueue.connection.disconnect();
      }
      clearInterval(beatTimer);
      state = "stopped";
      await beat().catch(() => undefined);
      await redis.quit().catch(() => redis.disconnect());
      resolveFinished({ done, failed });
    })();
    return closing;
  };

  worker.on("completed", (job) => {
    // Acknowledged: the job is gone, its owner is no longer asked about (and Redis keeps less).
    if (job.id !== undefined) redis.hdel(keys.owners, job.id).catch(() => undefined);
    if (job.returnvalue === "already-committed") return;
    acknowledged += 1;
    if (options.maxJobs !== undefined && acknowledged >= options.maxJobs) void close("max-jobs");
  });

  const beatTimer = setInterval(() => {
    if (
      options.maxRssBytes !== undefined &&
      state === "running" &&
      process.memoryUsage.rss() > options.maxRssBytes
    )
      void close("max-memory");
    beat().catch(() => undefined);
  }, BEAT_MS);
  await beat();
  void worker.run().catch((error: unknown) => {
    emit({ event: "error", message: error instanceof Error ? error.message : String(error) });
  });
  return { id, finished, close: () => close(), abort: () => stop.abort() };
}
