import { resolve } from "node:path";
import { Collection, type CollectionStatus } from "@vellum/crawl";
import type { GlobalArgs } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import type { Command } from "./command.js";

interface StatusArgs extends GlobalArgs {
  readonly dir: string;
  readonly json: boolean;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** Where a collection stands, in a few lines a person reads at a glance. */
export function renderStatus(status: CollectionStatus): string {
  const { pages, urls } = status;
  const lines = [
    `collection ${status.dir}${status.locked ? " (a run is writing it now)" : ""}`,
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
  command: "status <dir>",
  describe: "Show where a collection stands: URLs done, failed and queued, captures, edits",
  examples: [
    ["$0 status snap", "a summary of the collection in snap/"],
    ["$0 status snap --json", "the same as JSON, for scripts"],
  ],
  builder: (y) =>
    y
      .positional("dir", {
        describe: "The collection directory (`vellum snapshot --out DIR`)",
        type: "string",
        demandOption: true,
      })
      .option("json", { type: "boolean", default: false, describe: "Print JSON" }),
  async run(args, ctx) {
    const collection = Collection.open(resolve(ctx.cwd, args.dir), { create: false });
    try {
      const status = collection.status();
      ctx.stdout.write(args.json ? `${JSON.stringify(status, null, 2)}\n` : renderStatus(status));
    } finally {
      collection.close();
    }
    return ExitCode.ok;
  },
};
