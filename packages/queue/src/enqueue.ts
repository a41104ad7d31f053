import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { canonicalUrl, jobIdFor, type UrlJob } from "./jobs.js";
import type { FleetKeys } from "./keys.js";

export interface EnqueueOptions {
  /** Queue again even URLs queued before (a recapture, a retry of failed URLs). */
  readonly force?: boolean;
  /**
   * Put the jobs at the head of the queue, not at its tail: a page's requisites are fetched
   * soon after their page, as the embedded run does, not after every page queued before them.
   */
  readonly first?: boolean;
  /** Told the new jobs before they are queued. */
  readonly onNew?: (jobs: readonly UrlJob[]) => void | Promise<void>;
}

/**
 * Puts one batch of URL jobs on the queue, those never queued before only (the seen set), one
 * job per canonical URL; answers how many were new. Shared by the coordinator (the URLs it
 * reads) and the workers (the requisites of the pages they capture), so a URL they both find is
 * one job: the seen set says so once it was queued, and two queueing it at the same moment give
 * it the same job id, which BullMQ keeps once while the job exists.
 */
export async function enqueueNew(
  redis: Redis,
  queue: Queue<UrlJob>,
  keys: FleetKeys,
  jobs: readonly UrlJob[],
  options: EnqueueOptions = {},
): Promise<number> {
  if (jobs.length === 0) return 0;
  const force = options.force ?? false;
  const now = new Date().toISOString();
  const items = jobs.map((job) => ({
    ...job,
    url: canonicalUrl(job.url),
    ...(force ? { queuedAt: now } : {}),
  }));
  const seen = force
    ? items.map(() => 0)
    : await redis.smismember(keys.seen, ...items.map((j) => j.url));
  const fresh = items.filter((_, i) => seen[i] !== 1);
  const unique = [...new Map(fresh.map((j) => [j.url, j])).values()];
  if (unique.length === 0) return 0;
  await options.onNew?.(unique);
  // Jobs first, then the seen set: a crash in between queues them again next time, and the
  // stable job id makes that a no-op while the job exists.
  await queue.addBulk(
    unique.map((job) => ({
      name: "capture",
      data: job,
      opts: {
        jobId: force ? `${jobIdFor(job.url)}-${Date.now().toString(36)}` : jobIdFor(job.url),
        removeOnComplete: true,
        removeOnFail: false,
        ...(options.first === true ? { lifo: true } : {}),
      },
    })),
  );
  await redis.sadd(keys.seen, ...unique.map((j) => j.url));
  return unique.length;
}
