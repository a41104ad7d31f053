import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { quietDuplicate } from "./connection.js";
import { type HostState, hostStates } from "./gate.js";
import { FleetKeys } from "./keys.js";
import { LIVE_MS, type WorkerBeat } from "./worker.js";

export interface FleetStatus {
  readonly queueName: string;
  readonly queue: {
    readonly waiting: number;
    readonly delayed: number;
    readonly prioritized: number;
    readonly active: number;
    /** Jobs acknowledged as captured. */
    readonly done: number;
    /** Jobs acknowledged as failed (the URL failed; recorded in the collection). */
    readonly failed: number;
    /** URLs robots.txt refused. */
    readonly refused: number;
    /** Canonical URLs ever queued. */
    readonly seen: number;
  };
  /** Workers that beat in the last 10 s are `live`. */
  readonly workers: readonly (WorkerBeat & { readonly live: boolean })[];
  /** The most recently used hosts with their delay, backoff and requests in flight. */
  readonly hosts: readonly HostState[];
  readonly robotsFetched: number;
  /** Redis's `used_memory`, bytes. */
  readonly redisMemoryBytes: number;
}

export async function fleetStatus(
  redis: Redis,
  queueName: string,
  hostLimit = 20,
): Promise<FleetStatus> {
  const keys = new FleetKeys(queueName);
  const connection = quietDuplicate(redis);
  const queue = new Queue(queueName, { connection });
  try {
    const counts = await queue.getJobCounts("waiting", "delayed", "prioritized", "active");
    const [stats, seen, beats, robots, info, hosts] = await Promise.all([
      redis.hgetall(keys.stats),
      redis.scard(keys.seen),
      redis.hgetall(keys.workers),
      redis.get(keys.robotsFetches),
      redis.info("memory"),
      hostStates(redis, keys, hostLimit),
    ]);
    const now = Date.now();
    const workers = Object.values(beats)
      .map((raw) => JSON.parse(raw) as WorkerBeat)
      .map((w) => ({ ...w, live: w.state !== "stopped" && now - Date.parse(w.at) < LIVE_MS }))
      .sort((a, b) => a.id.localeCompare(b.id));
    const used = /used_memory:(\d+)/.exec(info)?.[1];
    return {
      queueName,
      queue: {
        waiting: counts.waiting ?? 0,
        delayed: counts.delayed ?? 0,
        prioritized: counts.prioritized ?? 0,
        active: counts.active ?? 0,
        done: Number(stats.done ?? 0),
        failed: Number(stats.failed ?? 0),
        refused: Number(stats.refused ?? 0),
        seen,
      },
      workers,
      hosts,
      robotsFetched: Number(robots ?? 0),
      redisMemoryBytes: used === undefined ? 0 : Number(used),
    };
  } finally {
    await queue.close();
    connection.disconnect();
  }
}
