import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import type { BrowserCapturer } from "@vellum/browser";
import {
  CaptureStep,
  Collection,
  defaultExtractWorkers,
  openPart,
  partDir,
  recoverParts,
  WarcLog,
} from "@vellum/crawl";
import { createExtractPool, type ExtractPool, type PoolExtractOptions } from "@vellum/extract";
import { createFetcher, type RobotsRules, releaseCapture, releaseExchanges } from "@vellum/fetch";
import { isVellumError, randomIds, userAgent, VellumError } from "@vellum/model";
import {
  connect,
  defaultWorkerId,
  FleetKeys,
  FleetQueue,
  HopGate,
  HostGate,
  type JobOutcome,
  type PreviousAttempt,
  parseQueueUrl,
  type StoredRobots,
  startWorker,
  type UrlJob,
  type WorkerEvent,
} from "@vellum/queue";
import { checkChromium, DEFAULT_CHROMIUM, startBrowser } from "../browser-options.js";
import type { GlobalArgs } from "../context.js";
import { ExitCode, exitCodeFor } from "../exit-codes.js";
import type { Command } from "./command.js";
import {
  type FleetSettings,
  fleetFetchOptions,
  readSettings,
  requestGate,
  rulesOf,
  storedRobots,
  wholeNumber,
} from "./fleet.js";
import { foundIn, partEntry, requisiteJobs } from "./fleet-jobs.js";

interface WorkerArgs extends GlobalArgs {
  readonly queue: string;
  readonly out: string;
  readonly concurrency: string;
  readonly maxJobs?: string;
  readonly maxMemory?: string;
  readonly lease: string;
  readonly waitForQueue: string;
  readonly extractWorkers?: string;
  readonly chromium?: string;
  readonly json: boolean;
}

/** The largest Crawl-delay honoured, as the fetcher's default. */
const MAX_CRAWL_DELAY_MS = 60_000;

export const workerCommand: Command<WorkerArgs> = {
  command: "worker",
  describe:
    "Capture a fleet's queued URLs (vellum snapshot --queue) into this worker's part of the collection",
  examples: [
    [
      "$0 worker --queue redis://10.0.0.5:6379/0 --out /mnt/archive/snap",
      "take URLs from the queue, write them under /mnt/archive/snap/parts/<worker-id>/",
    ],
    [
      "$0 worker --queue redis://10.0.0.5:6379/0 --out snap --concurrency 8 --max-jobs 10000 --max-memory 2000",
      "stop cleanly after 10,000 URLs or above 2 GB of memory (a supervisor starts the next)",
    ],
  ],
  builder: (y) =>
    y
      .option("queue", {
        type: "string",
        demandOption: true,
        requiresArg: true,
        describe: "The fleet's Redis queue, redis://[:PASSWORD@]HOST:PORT/DB",
      })
      .option("out", {
        alias: "o",
        type: "string",
        demandOption: true,
        describe:
          "The collection directory (shared by the fleet); this worker writes DIR/parts/<id>/",
      })
      .option("concurrency", {
        type: "string",
        default: "4",
        requiresArg: true,
        describe: "URLs captured at once by this worker",
      })
      .option("max-jobs", {
        type: "string",
        requiresArg: true,
        describe: "Stop cleanly after capturing this many URLs",
      })
      .option("max-memory", {
        type: "string",
        requiresArg: true,
        describe: "Stop cleanly once this process uses more than this many MB",
      })
      .option("lease", {
        type: "string",
        default: "30",
        requiresArg: true,
        describe:
          "Seconds a URL (and its host's slot) stays this worker's without a heartbeat: a killed worker's URLs go back to the queue after this",
      })
      .option("wait-for-queue", {
        type: "string",
        default: "30",
        requiresArg: true,
        describe:
          "Seconds to wait at start for a Redis that is away (restarting, not up yet) before giving up; 0 to give up at once",
      })
      .option("extract-workers", {
        type: "string",
        requiresArg: true,
        describe:
          "Threads that extract the articles (default: the cores less one, at least 1; 0: none, on the capture's thread)",
      })
      .option("chromium", {
        type: "string",
        requiresArg: true,
        describe: `The Chromium this worker runs when the run captures with --browser [default: ${DEFAULT_CHROMIUM}]`,
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "One JSON event per line on stdout",
      }),
  async run(args, ctx) {
    const location = parseQueueUrl(args.queue);
    const concurrency = wholeNumber("concurrency", args.concurrency, 1, "worker");
    const maxJobs =
      args.maxJobs === undefined ? undefined : wholeNumber("max-jobs", args.maxJobs, 1, "worker");
    const maxMemoryMb =
      args.maxMemory === undefined
        ? undefined
        : wholeNumber("max-memory", args.maxMemory, 1, "worker");
    const leaseMs = wholeNumber("lease", args.lease, 1, "worker") * 1000;
    const waitMs = wholeNumber("wait-for-queue", args.waitForQueue, 0, "worker") * 1000;
    const extractWorkers =
      args.extractWorkers === undefined
        ? defaultExtractWorkers()
        : wholeNumber("extract-workers", args.extractWorkers, 0, "worker");
    const outDir = resolve(ctx.cwd, args.out);
    const say = (line: string, event: Record<string, unknown>) =>
      args.json
        ? ctx.stdout.write(`${JSON.stringify(event)}\n`)
        : ctx.stderr.write(`vellum worker: ${line}\n`);

    // The run's settings are the coordinator's: wait for one to record them.
    const fleet = await FleetQueue.open(location, {
      waitMs,
      onState: (state, detail) => say(redisLine(state, detail), { event: "redis", state, detail }),
    });
    let settings: FleetSettings | null;
    try {
      settings = readSettings(await fleet.settings());
      if (settings === null)
        say("waiting for a coordinator (vellum snapshot --queue)", { event: "waiting" });
      while (settings === null && !ctx.signal.aborted) {
        await new Promise((r) => setTimeout(r, 1_000));
        settings = readSettings(await fleet.settings());
      }
    } finally {
      await fleet.close();
    }
    if (settings === null) return ExitCode.interrupted;
    // A run captured in Chromium needs one here: found before anything is written.
    const chromium = resolve(ctx.cwd, args.chromium ?? DEFAULT_CHROMIUM);
    if (settings.browser !== null) await checkChromium(chromium);

    // Parts of workers that died are cut back to what they committed and sealed.
    for (const part of await recoverParts(outDir))
      say(`recovered ${part}`, { event: "recovered", part });

    const workerId = defaultWorkerId();
    const dir = partDir(outDir, workerId);
    const software = userAgent();
    const robots = settings.robots;
    const collection = Collection.open(dir, { lock: true, clock: ctx.clock });
    collection.beginRun({
      software,
      robots,
      options: { worker: workerId, queue: location.display, concurrency },
    });
    const log = new WarcLog({
      dir,
      prefix: `vellum-${workerId}`,
      clock: ctx.clock,
      ids: randomIds,
      info: {
        software,
        robots,
        description: `vellum fleet worker ${workerId}`,
        ...(settings.operator === null ? {} : { operator: settings.operator }),
      },
      transaction: (work) => collection.transaction(work),
    });
    await log.prepare();

    const keys = new FleetKeys("vellum");
    const redis = connect(location);
    await redis.connect().catch(() => undefined);
    const fetchOptions = fleetFetchOptions(settings);
    const ua = fetchOptions.userAgent ?? software;
    /** Every robots.txt this process read or fetched, as the fleet shares it. */
    const robotsByOrigin = new Map<string, StoredRobots>();
    let step: CaptureStep | null = null;
    const archive = async (exchanges: Parameters<CaptureStep["archive"]>[0]) => {
      if (step !== null) await step.archive(exchanges, "robots");
    };
    const fallbackGate = new HopGate(
      new HostGate(redis, { delayMs: settings.delayMs, perHost: settings.perHost, leaseMs }),
      null,
    );
    const fetcher = createFetcher({
      ...fetchOptions,
      clock: ctx.clock,
      gate: requestGate(fallbackGate),
      knownRobots: async (origin): Promise<RobotsRules | null> => {
        const raw = await redis.get(keys.robots(origin));
        if (raw === null) return null;
        const stored = JSON.parse(raw) as StoredRobots;
        robotsByOrigin.set(origin, stored);
        return rulesOf(stored, ua);
      },
      onRobotsCapture: async (capture) => {
        robotsByOrigin.set(new URL(capture.requestedUrl).origin, storedRobots(capture));
        try {
          await archive(capture.attempts ?? capture.exchanges);
        } finally {
          await releaseCapture(capture);
        }
      },
      onRobotsFailure: async (error) => {
        try {
          await archive(error.received);
        } finally {
          await releaseExchanges(error.received);
        }
      },
    });
    // One Chromium for the whole process (started again only if it dies), every page of every
    // job in a fresh context of it, each request through that job's gate.
    let renderer: BrowserCapturer | null = null;
    if (settings.browser !== null) {
      try {
        renderer = await startBrowser(
          { ...settings.browser.options, executablePath: chromium },
          fetcher,
        );
      } catch (error) {
        await log.close().catch(() => undefined);
        collection.finishRun("interrupted");
        collection.close();
        redis.disconnect();
        throw error;
      }
      say(`capturing pages in Chromium (--browser ${settings.browser.mode}, ${chromium})`, {
        event: "browser",
        mode: settings.browser.mode,
        chromium,
      });
    }
    // Started with the first page to read, as `vellum snapshot` starts its own.
    let pool: ExtractPool | null = null;
    const capturer = new CaptureStep({
      collection,
      fetcher,
      warcs: log,
      requisites: settings.requisites,
      ...(renderer === null || settings.browser === null
        ? {}
        : { browser: { renderer, mode: settings.browser.mode } }),
      ...(extractWorkers > 0
        ? {
            extractor: (input: Uint8Array | string, options: PoolExtractOptions) => {
              pool ??= createExtractPool({ workers: extractWorkers });
              return pool.extract(input, options);
            },
          }
        : {}),
    });
    step = capturer;

    let fatal: unknown = null;
    let stopWorker: () => void = () => undefined;
    const inPart = async (job: UrlJob, hops: HopGate | null, signal?: AbortSignal) => {
      collection.addUrls([partEntry(job, collection)]);
      const entry = collection.claimUrl(job.url);
      if (entry === null) throw new Error(`${job.url} is not in the part`);
      return capturer.capture(entry, performance.now(), {
        ...(hops === null ? {} : { gate: requestGate(hops) }),
        ...(signal === undefined ? {} : { signal }),
      });
    };

    const worker = await startWorker({
      queue: location,
      waitMs,
      workerId,
      concurrency,
      ...(maxJobs === undefined ? {} : { maxJobs }),
      ...(maxMemoryMb === undefined ? {} : { maxRssBytes: maxMemoryMb * 1_048_576 }),
      gate: { delayMs: settings.delayMs, perHost: settings.perHost, leaseMs },
      lockMs: leaseMs,
      robotsCache: { lockMs: leaseMs },
      robots:
        robots === "ignore"
          ? null
          : {
              async fetch(origin, _signal, hops) {
                const rules = await fetcher.robots(`${origin}/`, { gate: requestGate(hops) });
                return (
                  robotsByOrigin.get(origin) ?? {
                    status: 0,
                    contentType: null,
                    finalUrl: `${origin}/robots.txt`,
                    body: "",
                    error: rules.unreachable?.message ?? rules.outcome,
                    fetchedAt: new Date().toISOString(),
                  }
                );
              },
              judge(stored, url) {
                const rules = rulesOf(stored, ua);
                return {
                  allowed: rules.allows(new URL(url)),
                  crawlDelayMs:
                    rules.crawlDelayMs === null
                      ? null
                      : Math.min(rules.crawlDelayMs, MAX_CRAWL_DELAY_MS),
                };
              },
            },
      async capture(job, signal, hops): Promise<JobOutcome> {
        try {
          const result = await inPart(job, hops, signal);
          return { outcome: result.outcome, found: requisiteJobs(job, result.found) };
        } catch (error) {
          // The collection cannot be written (a full disk …): nothing of this URL was
          // committed, so its job goes back to the queue, and this worker stops.
          fatal ??= error;
          stopWorker();
          return { outcome: "stopped" };
        }
      },
      async previousAttempt(job, owner): Promise<PreviousAttempt> {
        return committedIn(partDir(outDir, owner), job);
      },
      async foundBy(job, owner) {
        return foundIn(partDir(outDir, owner), job);
      },
      async refused(job) {
        // The fetcher reads the shared rules and refuses without a request: a failed capture.
        await inPart(job, null);
      },
      onEvent: (event) => report(event),
    }).catch(async (error: unknown) => {
      await renderer?.close();
      throw error;
    });
    stopWorker = () => void worker.close();

    function report(event: WorkerEvent) {
      if (args.json) {
        ctx.stdout.write(`${JSON.stringify({ worker: workerId, ...event })}\n`);
        return;
      }
      if (event.event === "job" && args.verbose)
        ctx.stderr.write(`vellum worker: ${event.outcome} ${event.url}\n`);
      else if (event.event === "redis")
        ctx.stderr.write(`vellum worker: ${redisLine(event.state, event.detail)}\n`);
      else if (event.event === "stopping")
        ctx.stderr.write(
          `vellum worker: stopping (${event.why === "asked" ? "asked to" : event.why === "max-jobs" ? "--max-jobs reached" : "--max-memory reached"}): finishing the URLs in flight, the rest stays queued\n`,
        );
      else if (event.event === "error") ctx.stderr.write(`vellum worker: ${event.message}\n`);
    }

    say(`${workerId} writing ${dir} (queue ${location.display})`, {
      event: "start",
      worker: workerId,
      part: dir,
      queue: location.display,
    });
    const onAbort = () => void worker.close();
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    let counts: { done: number; failed: number };
    try {
      counts = await worker.finished;
    } finally {
      ctx.signal.removeEventListener("abort", onAbort);
      // Every capture has ended (the worker finished): no page is open, none is still read.
      await renderer?.close();
      await fallbackGate.close();
      await (pool as ExtractPool | null)?.close();
      let closeError: unknown = null;
      try {
        await log.close();
      } catch (error) {
        closeError = error;
      }
      fatal ??= closeError ?? log.broken;
      collection.finishRun(fatal === null && !ctx.signal.aborted ? "finished" : "interrupted");
      collection.close();
      redis.disconnect();
    }
    if (fatal !== null) {
      const error = isVellumError(fatal)
        ? fatal
        : new VellumError("io", "The worker's part of the collection could not be written", {
            value: dir,
            cause: fatal,
          });
      ctx.stderr.write(`vellum worker: ${error.message} (${error.value ?? dir})\n`);
      return exitCodeFor(error.code);
    }
    say(`${workerId} stopped: ${counts.done} captured, ${counts.failed} failed`, {
      event: "stopped",
      worker: workerId,
      ...counts,
    });
    return ExitCode.ok;
  },
};

/**
 * Whether a worker's part holds a commit of the job: its URL done or failed there, after the
 * job was queued when it was queued again on purpose (a recapture).
 */
function committedIn(dir: string, job: UrlJob): PreviousAttempt {
  if (!Collection.exists(dir)) return "absent";
  const part = openPart(dir);
  try {
    const url = part.url(job.url);
    if (url === null || (url.state !== "done" && url.state !== "failed")) return "absent";
    if (job.queuedAt !== undefined && url.updatedAt < job.queuedAt) return "absent";
    return "committed";
  } finally {
    part.close();
  }
}

/** What a worker says when Redis goes away or comes back, while starting or while running. */
function redisLine(state: "down" | "up", detail: string): string {
  return state === "down" ? `Redis unreachable (${detail}); waiting for it` : "Redis is back";
}
