import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { quietDuplicate } from "./connection.js";
import { type HostState, hostStates } from "./gate.js";
import { FleetKeys } from "./keys.js";
import type { WorkerBeat } from "./worker.js";

/** A worker as `status` shows it: its last heartbeat, and whether it is still there. */
export interface WorkerStatus extends Omit<WorkerBeat, "state"> {
  /**
   * As the worker last said (`running`, `stopping`, `stopped`), or `lost`: it stopped beating
   * without saying it stopped (killed, its machine gone, hung). Its figures are its last beat's.
   */
  readonly state: WorkerBeat["state"] | "lost";
  /** It beat within the last `LIVE_MS` (Redis's clock) and has not stopped. */
  readonly live: boolean;
  /** Its last heartbeat (its machine's clock). */
  readonly lastSeen: string;
  /**
   * For a lost worker, where the URLs it had in flight are now: `stalled`, still active in
   * BullMQ with their lock expired (a live worker's stalled check puts them back in the queue),
   * or `requeued`, back in the queue and not taken again yet. Null for a worker not lost.
   */
  readonly lostJobs: { readonly stalled: number; readonly requeued: number } | null;
}

export interface FleetStatus {
  readonly queueName: string;
  readonly queue: {
    readonly waiting: number;
    readonly delayed: number;
    readonly prioritized: number;
    readonly active: number;
    /**
     * Of the active jobs, those whose lock expired: their worker died or hung. They go back to
     * the queue at a live worker's next stalled check (none happens while no worker runs).
     */
    readonly stalled: number;
    /** Jobs acknowledged as captured. */
    readonly done: number;
    /** Jobs acknowledged as failed (the URL failed; recorded in the collection). */
    readonly failed: number;
    /** URLs robots.txt refused. */
    readonly refused: number;
    /** Canonical URLs ever queued. */
    readonly seen: number;
  };
  /** Every worker that beat on this queue, live or not (`lost`, `stopped`), by id. */
  readonly workers: readonly WorkerStatus[];
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
    const last = Object.values(beats)
      .map((raw) => JSON.parse(raw) as WorkerBeat)
      .sort((a, b) => a.id.localeCompare(b.id));
    const lives = await Promise.all(last.map((w) => redis.exists(keys.alive(w.id))));
    const lostIds = new Set(
      last.filter((w, i) => w.state !== "stopped" && lives[i] === 0).map((w) => w.id),
    );
    const [stalled, lostJobs] = await Promise.all([
      stalledJobs(redis, queue),
      jobsOfLost(redis, queue, keys, lostIds),
    ]);
    const workers: WorkerStatus[] = last.map((w, i) => {
      const lost = lostIds.has(w.id);
      return {
        ...w,
        state: lost ? "lost" : w.state,
        live: w.state !== "stopped" && lives[i] === 1,
        lastSeen: w.at,
        lostJobs: lost ? (lostJobs.get(w.id) ?? { stalled: 0, requeued: 0 }) : null,
      };
    });
    const used = /used_memory:(\d+)/.exec(info)?.[1];
    return {
      queueName,
      queue: {
        waiting: counts.waiting ?? 0,
        delayed: counts.delayed ?? 0,
        prioritized: counts.prioritized ?? 0,
        active: counts.active ?? 0,
        stalled,
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

/** The active jobs whose lock expired (BullMQ's `<job>:lock` key is gone). */
async function stalledJobs(redis: Redis, queue: Queue): Promise<number> {
  const active = await redis.lrange(queue.toKey("active"), 0, -1);
  if (active.length === 0) return 0;
  const pipeline = redis.pipeline();
  for (const id of active) pipeline.exists(`${queue.toKey(id)}:lock`);
  const results = (await pipeline.exec()) ?? [];
  return results.filter(([, n]) => n === 0).length;
}

/**
 * Where the jobs of lost workers are: the owners hash names the worker of each job's last
 * attempt (until a worker takes the job again or it is acknowledged).
 */
async function jobsOfLost(
  redis: Redis,
  queue: Queue,
  keys: FleetKeys,
  lost: ReadonlySet<string>,
): Promise<Map<string, { stalled: number; requeued: number }>> {
  const out = new Map<string, { stalled: number; requeued: number }>();
  if (lost.size === 0) return out;
  const owners = await redis.hgetall(keys.owners);
  const jobs = Object.entries(owners).filter(([, owner]) => lost.has(owner));
  if (jobs.length === 0) return out;
  const states = await Promise.all(jobs.map(([id]) => queue.getJobState(id)));
  const pipeline = redis.pipeline();
  for (const [id] of jobs) pipeline.exists(`${queue.toKey(id)}:lock`);
  const locks = (await pipeline.exec()) ?? [];
  jobs.forEach(([, owner], i) => {
    const counts = out.get(owner) ?? { stalled: 0, requeued: 0 };
    const state = states[i];
    if (state === "active" && locks[i]?.[1] === 0) counts.stalled += 1;
    else if (state === "waiting" || state === "delayed" || state === "prioritized")
      counts.requeued += 1;
    out.set(owner, counts);
  });
  return out;
}
