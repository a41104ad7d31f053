import { resolve } from "node:path";
import { type CollectionStatus, combinedStatus } from "@vellum/crawl";
import { VellumError } from "@vellum/model";
import {
  connect,
  type FleetStatus,
  fleetStatus,
  parseQueueUrl,
  queueUnreachable,
} from "@vellum/queue";
import type { GlobalArgs } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import type { Command } from "./command.js";

interface StatusArgs extends GlobalArgs {
  readonly dir?: string;
  readonly json: boolean;
  readonly queue?: string;
}

/** A fleet's queue at a glance: counts, workers, the hosts most recently asked. */
export function renderFleetStatus(status: FleetStatus, location: string): string {
  const q = status.queue;
  const live = status.workers.filter((w) => w.live).length;
  const lost = status.workers.filter((w) => w.state === "lost").length;
  const stalled =
    q.stalled === 0
      ? ""
      : ` (${q.stalled} stalled: ${q.stalled === 1 ? "its worker is" : "their workers are"} gone; ${live > 0 ? "a live worker puts them back in the queue" : "they go back to the queue once a worker runs"})`;
  const lines = [
    `queue ${location} (${status.queueName})`,
    `jobs: ${q.waiting} waiting, ${q.delayed} delayed (their host's slot), ${q.active} active${stalled}; ${q.done} done, ${q.failed} failed, ${q.refused} refused by robots.txt; ${q.seen} URLs queued in all`,
    `workers: ${live} live of ${status.workers.length}${lost > 0 ? ` (${lost} lost: no heartbeat, killed or unreachable)` : ""}`,
  ];
  for (const w of status.workers) {
    const figures = `${w.done} done, ${w.failed} failed, ${Math.round(w.rssBytes / 1_048_576)} MB`;
    if (w.state === "lost") {
      const jobs = w.lostJobs ?? { stalled: 0, requeued: 0 };
      const held =
        jobs.stalled + jobs.requeued === 0
          ? "none of its URLs left behind"
          : [
              jobs.stalled > 0
                ? `${jobs.stalled} of its URLs stalled (still active, lock expired)`
                : "",
              jobs.requeued > 0 ? `${jobs.requeued} back in the queue` : "",
            ]
              .filter((t) => t !== "")
              .join(", ");
      lines.push(
        `  ${w.id} lost, last seen ${w.lastSeen} (pid ${w.pid} on ${w.host}): ${figures} then; ${held}`,
      );
    } else {
      lines.push(
        `  ${w.id} ${w.state}: ${figures}, ${w.active}/${w.concurrency} active, last seen ${w.lastSeen}`,
      );
    }
  }
  lines.push(
    `robots.txt fetched: ${status.robotsFetched}; Redis memory: ${status.redisMemoryBytes} bytes`,
  );
  for (const h of status.hosts) {
    const extra = h.backoffMs > 0 ? `, backoff ${h.backoffMs} ms after ${h.throttled} 429/503` : "";
    lines.push(`  host ${h.host}: delay ${h.delayMs} ms, ${h.active} in flight${extra}`);
  }
  return `${lines.join("\n")}\n`;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Where a collection stands, in a few lines a person reads at a glance. */
export function renderStatus(status: CollectionStatus & { readonly parts?: number }): string {
  const { pages, urls } = status;
  const parts = status.parts ?? 1;
  const lines = [
    `collection ${status.dir}${parts > 1 ? ` (${parts} parts: a fleet's workers each wrote one)` : ""}${status.locked ? " (a run is writing it now)" : ""}`,
    `pages: ${pages.total} — ${pages.done} done, ${pages.failed} failed, ${pages.queued + pages.fetching} to do`,
  ];
  const requisites = urls.total - pages.total;
  if (requisites > 0) {
    lines.push(
      `requisites: ${requisites} — ${urls.done - pages.done} done, ${urls.failed - pages.failed} failed, ${urls.queued + urls.fetching - pages.queued - pages.fetching} to do`,
    );
  }
  const reasons = Object.entries(status.failedBy);
  if (reasons.length > 0) {
    lines.push(`failed by reason: ${reasons.map(([code, n]) => `${code} ${n}`).join(", ")}`);
  }
  lines.push(
    `captures: ${status.captures} (${plural(status.records.responses, "response")}, ${plural(status.records.revisits, "revisit")}); ${plural(status.articles, "article")}`,
    `edits found: ${status.changes.total}${status.changes.silent > 0 ? ` (${status.changes.silent} silent)` : ""}`,
    `WARC files: ${status.warcFiles}, ${status.warcBytes} bytes`,
  );
  const last = status.runs.at(-1);
  if (last !== undefined) {
    lines.push(
      `runs: ${status.runs.length}; last ${last.status}, started ${last.startedAt}${last.finishedAt === null ? "" : `, ended ${last.finishedAt}`}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export const statusCommand: Command<StatusArgs> = {
  command: "status [dir]",
  describe:
    "Show where a collection stands (URLs done, failed and queued, captures, edits), or a fleet's queue (--queue)",
  examples: [
    ["$0 status --queue redis://10.0.0.5:6379/0", "the fleet's queue, workers and per-host delay"],
    ["$0 status snap", "a summary of the collection in snap/"],
    ["$0 status snap --json", "the same as JSON, for scripts"],
  ],
  builder: (y) =>
    y
      .positional("dir", {
        describe: "The collection directory (`vellum snapshot --out DIR`)",
        type: "string",
      })
      .option("json", { type: "boolean", default: false, describe: "Print JSON" })
      .option("queue", {
        type: "string",
        describe: "A fleet's Redis queue (redis://HOST:PORT/DB): jobs, workers, per-host delay",
      }),
  async run(args, ctx) {
    if (args.queue !== undefined) {
      const location = parseQueueUrl(args.queue);
      const client = connect(location, { wait: false });
      try {
        await client.connect();
        const status = await fleetStatus(client, "vellum");
        ctx.stdout.write(
          args.json
            ? `${JSON.stringify(status, null, 2)}\n`
            : renderFleetStatus(status, location.display),
        );
      } catch (error) {
        if (error instanceof VellumError) throw error;
        throw queueUnreachable(location, error);
      } finally {
        client.disconnect();
      }
      if (args.dir === undefined) return ExitCode.ok;
    }
    if (args.dir === undefined) {
      throw new VellumError("usage", "status needs a collection directory or --queue", {
        hint: "vellum status DIR, or vellum status --queue redis://HOST:PORT/DB",
      });
    }
    // A fleet's collection is read with all its parts (DIR/parts/<worker>/) as one.
    const status = combinedStatus(resolve(ctx.cwd, args.dir));
    ctx.stdout.write(args.json ? `${JSON.stringify(status, null, 2)}\n` : renderStatus(status));
    return ExitCode.ok;
  },
};
