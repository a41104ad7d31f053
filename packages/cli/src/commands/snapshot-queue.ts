import { join } from "node:path";
import type { BundleFormat } from "@vellum/archive";
import { bundleSnapshot } from "@vellum/archive";
import {
  CaptureStep,
  Collection,
  collectionParts,
  combinedBundle,
  combinedReport,
  combinedStatus,
  type Discovery,
  discoverUrls,
  fetcherSource,
  recoverParts,
  type SourceFilters,
  type SourceInput,
  type SourceRef,
  WarcLog,
  writeReport,
} from "@vellum/crawl";
import { createFetcher, releaseCapture, releaseExchanges } from "@vellum/fetch";
import { randomIds, type SnapshotReport, userAgent, VellumError } from "@vellum/model";
import {
  FleetQueue,
  type FleetStatus,
  HopGate,
  HostGate,
  parseQueueUrl,
  type UrlJob,
} from "@vellum/queue";
import type { CliContext } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { bundleSoftware, describeBundle } from "./bundle.js";
import { type FleetSettings, fleetFetchOptions, requestGate, settingsRecord } from "./fleet.js";

export interface CoordinatorOptions {
  readonly queue: string;
  readonly outDir: string;
  readonly label: string;
  readonly urls: readonly string[];
  readonly sources: readonly SourceInput[];
  readonly filters: SourceFilters;
  readonly settings: FleetSettings;
  readonly recapture: boolean;
  readonly recaptureBefore: string | null;
  readonly retryFailed: boolean;
  readonly wait: boolean;
  readonly json: boolean;
  readonly operator?: string;
  readonly bundle: { readonly format: BundleFormat; readonly out: string } | null;
}

/** How often the coordinator looks at the queue while it waits. */
const POLL_MS = 1_000;

/**
 * `vellum snapshot … --queue redis://…`: the coordinator. It records the run's settings in
 * Redis for the workers, reads the sources (sitemaps, feeds, lists: their documents archived in
 * the collection directory's own WARC files, their requests through the fleet's gate), puts one
 * job per new URL on the queue (URLs of the collection's pages again for a recapture), and then
 * waits until the queue is empty (nothing waiting, delayed or in flight), showing the fleet's
 * progress, unless `--no-wait`. It never captures a page itself: `vellum worker` does.
 */
export async function coordinate(options: CoordinatorOptions, ctx: CliContext): Promise<number> {
  const location = parseQueueUrl(options.queue);
  const out = (line: string, event: Record<string, unknown>) =>
    options.json ? ctx.stdout.write(`${JSON.stringify(event)}\n`) : ctx.stdout.write(`${line}\n`);
  const progress = (line: string) => {
    if (!options.json) ctx.stderr.write(`${line}\n`);
  };
  const fleet = await FleetQueue.open(location, {
    onState: (state, detail) =>
      progress(
        state === "down"
          ? `vellum: Redis unreachable (${detail}); waiting for it`
          : "vellum: Redis is back",
      ),
  });
  const software = userAgent();
  await recoverParts(options.outDir);
  const collection = Collection.open(options.outDir, { lock: true, clock: ctx.clock });
  let closed = false;
  const finish = (status: "finished" | "interrupted") => {
    if (closed) return;
    closed = true;
    collection.finishRun(status);
    collection.close();
  };
  try {
    await fleet.saveSettings(settingsRecord(options.settings));
    collection.beginRun({
      software,
      robots: options.settings.robots,
      options: {
        queue: location.display,
        recapture: options.recapture,
        ...(options.recaptureBefore === null ? {} : { recaptureBefore: options.recaptureBefore }),
        ...(options.operator === undefined ? {} : { operator: options.operator }),
      },
    });
    const runId = collection.runId ?? 0;
    const startedAt = ctx.clock.now().toISOString();
    // report.json as an embedded run writes it, merged from the parts; written once the run
    // ends (the fleet done, or the coordinator stopped), after the collection is closed.
    const report = async (interrupted: boolean): Promise<SnapshotReport> => {
      const written = combinedReport(options.outDir, {
        software,
        startedAt,
        finishedAt: ctx.clock.now().toISOString(),
        robots: options.settings.robots,
        interrupted,
        runId,
        since: startedAt,
      });
      await writeReport(join(options.outDir, "report.json"), written);
      return written;
    };
    // Every URL queued is in DIR's own collection too (as queued): the report lists those no
    // worker captured yet as not done, and `vellum status DIR` counts them to do.
    const record = (jobs: readonly UrlJob[]) => {
      collection.addUrls(
        jobs.map((job) => ({
          url: job.url,
          kind: "page" as const,
          source: {
            kind: (job.source ?? "url") as SourceRef["kind"],
            location: job.location ?? job.url,
          },
          ...(job.lastmod === undefined ? {} : { lastmod: job.lastmod }),
          ...(job.published === undefined ? {} : { published: job.published }),
          ...(job.title === undefined ? {} : { title: job.title }),
        })),
      );
    };
    const before = await fleet.status();

    // The jobs: URLs named, then what the sources lead to, then the pages to capture again.
    let discovery: Discovery | null = null;
    const log = new WarcLog({
      dir: options.outDir,
      prefix: "vellum-coordinator",
      clock: ctx.clock,
      ids: randomIds,
      info: {
        software,
        robots: options.settings.robots,
        description: `vellum fleet coordinator, queue ${location.display}`,
        ...(options.operator === undefined ? {} : { operator: options.operator }),
      },
      transaction: (work) => collection.transaction(work),
    });
    await log.prepare();
    const hops = new HopGate(
      new HostGate(fleet.redis, {
        delayMs: options.settings.delayMs,
        perHost: options.settings.perHost,
      }),
      null,
    );
    let added = 0;
    try {
      let step: CaptureStep | null = null;
      const archive = async (
        exchanges: Parameters<CaptureStep["archive"]>[0],
        role: "robots" | "source",
      ) => {
        if (step !== null) await step.archive(exchanges, role);
      };
      const fetcher = createFetcher({
        ...fleetFetchOptions(options.settings),
        clock: ctx.clock,
        signal: ctx.signal,
        gate: requestGate(hops),
        onRobotsCapture: async (capture) => {
          try {
            await archive(capture.attempts ?? capture.exchanges, "robots");
          } finally {
            await releaseCapture(capture);
          }
        },
        onRobotsFailure: async (error) => {
          try {
            await archive(error.received, "robots");
          } finally {
            await releaseExchanges(error.received);
          }
        },
      });
      step = new CaptureStep({ collection, fetcher, warcs: log });
      const documents = fetcherSource(fetcher, {
        onCapture: (capture) => archive(capture.attempts ?? capture.exchanges, "source"),
        onPartial: async (error) => {
          try {
            await archive(error.received, "source");
          } finally {
            await releaseExchanges(error.received);
          }
        },
      });
      const named: UrlJob[] = options.urls.map((url) => ({ url, source: "url" }));
      added += await fleet.add(named, false, record);
      if (options.sources.length > 0) {
        discovery = discoverUrls(options.sources, {
          fetcher: documents,
          filters: options.filters,
          signal: ctx.signal,
        });
        const found = discovery;
        added += await fleet.add(
          (async function* () {
            for await (const d of found) {
              yield {
                url: d.url,
                source: d.source.kind,
                location: d.source.location,
                ...(d.lastmod === undefined ? {} : { lastmod: d.lastmod }),
                ...(d.published === undefined ? {} : { published: d.published }),
                ...(d.title === undefined ? {} : { title: d.title }),
              };
            }
          })(),
          false,
          record,
        );
      }
      if (options.recapture || options.recaptureBefore !== null || options.retryFailed) {
        added += await fleet.add(again(options), true, record);
      }
    } finally {
      await hops.close();
      await log.close();
    }
    const read = (discovery as Discovery | null)?.summary() ?? null;
    out(`queued ${added} URL${added === 1 ? "" : "s"} on ${location.display}`, {
      event: "queued",
      added,
      queue: location.display,
    });
    if (ctx.signal.aborted) {
      finish("interrupted");
      await report(true);
      return ExitCode.interrupted;
    }
    if (!options.wait) {
      finish("finished");
      return ExitCode.ok;
    }

    // Wait for the fleet: until nothing is waiting, delayed or in flight. Redis going away (a
    // restart) only holds the waiting up: the question is asked again once it is back.
    const retried = async <T>(work: () => Promise<T>): Promise<T> => {
      for (;;) {
        try {
          return await work();
        } catch (error) {
          if (ctx.signal.aborted) throw error;
          progress(`vellum: Redis: ${(error as Error).message}; asking again`);
          await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        }
      }
    };
    let lastLine = "";
    let warnedIdle = false;
    await retried(() =>
      fleet.drained(POLL_MS, ctx.signal, (s) => {
        const line = describeProgress(s, before);
        if (options.json)
          ctx.stdout.write(`${JSON.stringify({ event: "fleet", ...counts(s, before) })}\n`);
        else if (line !== lastLine) progress(line);
        lastLine = line;
        const live = s.workers.filter((w) => w.live).length;
        if (live === 0 && !warnedIdle && s.queue.waiting + s.queue.delayed > 0) {
          warnedIdle = true;
          progress(
            `vellum: no worker is running; start one: vellum worker --queue ${location.display} --out ${options.label}`,
          );
        }
      }),
    );
    if (ctx.signal.aborted) {
      progress("vellum: stopped waiting; the queue goes on with the workers");
      finish("interrupted");
      await report(true);
      return ExitCode.interrupted;
    }
    // Workers that died left their parts open: cut and seal them before anything reads them.
    await recoverParts(options.outDir);
    const after = await retried(() => fleet.status());
    finish("finished");
    const written = await report(false);
    const c = counts(after, before);
    const status = combinedStatus(options.outDir);
    out(
      `${c.done} captured, ${c.failed} failed, ${c.refused} refused by robots.txt by the fleet; the collection has ${status.pages.done} pages done, ${status.pages.failed} failed, in ${status.parts} parts`,
      { event: "done", ...c, pages: status.pages, parts: status.parts },
    );
    if (options.bundle !== null) {
      const selection = combinedBundle(options.outDir);
      const result = await bundleSnapshot({
        warcFiles: selection.warcFiles,
        ...(selection.pages.length > 0 ? { pages: selection.pages } : {}),
        snapshotDir: options.outDir,
        format: options.bundle.format,
        out: options.bundle.out,
        clock: ctx.clock,
        ids: randomIds,
        signal: ctx.signal,
        software: bundleSoftware(),
        recordedOptions: { format: options.bundle.format, queue: location.display },
      });
      out(describeBundle(result), { event: "bundle", ...result });
    }
    if (read?.problems.some((p) => p.severity === "error") === true) return ExitCode.sources;
    // Failed pages, as an embedded run counts them: a requisite that failed is in the report.
    return written.counts.failed > 0 ? ExitCode.findings : ExitCode.ok;
  } finally {
    finish("interrupted");
    await fleet.close();
  }
}

/** The pages of the collection (all its parts) to capture again, or the URLs that failed. */
async function* again(options: CoordinatorOptions): AsyncGenerator<UrlJob> {
  const latest = new Map<string, { state: string; updatedAt: string }>();
  for (const part of collectionParts(options.outDir)) {
    const collection = Collection.open(part, { create: false });
    try {
      for (const u of collection.urls({ kind: "page" })) {
        const known = latest.get(u.url);
        const committed = u.state === "done" || u.state === "failed";
        if (committed && (known === undefined || u.updatedAt > known.updatedAt))
          latest.set(u.url, { state: u.state, updatedAt: u.updatedAt });
      }
    } finally {
      collection.close();
    }
  }
  for (const [url, u] of latest) {
    const recapture =
      u.state === "done" &&
      (options.recapture ||
        (options.recaptureBefore !== null && u.updatedAt < options.recaptureBefore));
    const retry = u.state === "failed" && options.retryFailed;
    if (recapture || retry) yield { url, source: "recapture" };
  }
}

function counts(s: FleetStatus, before: FleetStatus) {
  return {
    waiting: s.queue.waiting + s.queue.prioritized,
    delayed: s.queue.delayed,
    active: s.queue.active,
    done: s.queue.done - before.queue.done,
    failed: s.queue.failed - before.queue.failed,
    refused: s.queue.refused - before.queue.refused,
    workers: s.workers.filter((w) => w.live).length,
  };
}

function describeProgress(s: FleetStatus, before: FleetStatus): string {
  const c = counts(s, before);
  return `fleet: ${c.done} captured, ${c.failed} failed, ${c.refused} refused; ${c.waiting} waiting, ${c.delayed} delayed, ${c.active} in flight; ${c.workers} worker${c.workers === 1 ? "" : "s"}`;
}

/** An option of the capture that, in a fleet, each `vellum worker` takes for itself. */
export function workerOption(option: string, argument = "N"): VellumError {
  return new VellumError(
    "usage",
    `${option} is an option of vellum worker with --queue: the workers capture and extract`,
    {
      value: option,
      hint: `give it to each worker: vellum worker --queue … ${option} ${argument}`,
    },
  );
}
