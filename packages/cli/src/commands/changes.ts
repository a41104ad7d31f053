import { resolve } from "node:path";
import { type ChangeRecord, Collection, renderWordDiff } from "@vellum/crawl";
import type { GlobalArgs } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import type { Command } from "./command.js";

interface ChangesArgs extends GlobalArgs {
  readonly dir: string;
  readonly json: boolean;
  readonly url?: string;
}

const LABEL: Record<string, string> = {
  headline: "headline",
  dek: "dek",
  authors: "authors",
  datePublished: "datePublished",
  dateModified: "dateModified",
  body: "body",
};

/**
 * One edit as a person reads it: which article, between which captures, what changed, and the
 * changed words marked `[-removed-]{+added+}` (git's `--word-diff=plain` marks).
 */
export function renderChange(change: ChangeRecord): string {
  const lines = [
    `${change.url}`,
    `  captured ${change.fromCapturedAt} → ${change.toCapturedAt}: ${change.fields.map((f) => LABEL[f] ?? f).join(", ")} changed${change.silent ? " — SILENT EDIT (body changed, dateModified did not)" : ""}`,
  ];
  for (const field of change.diff.fields) {
    if (field.field === "body") {
      const b = change.diff.body;
      if (b !== null) {
        lines.push(
          `  body: ${b.paragraphsChanged} paragraph(s) edited, ${b.paragraphsAdded} added, ${b.paragraphsRemoved} removed; ${b.wordsAdded} word(s) added, ${b.wordsRemoved} removed`,
        );
      }
      for (const para of renderWordDiff(field.parts, 60).split("\n\n")) {
        if (para.trim() !== "") lines.push(`    ${para}`);
      }
    } else {
      lines.push(`  ${LABEL[field.field] ?? field.field}: ${renderWordDiff(field.parts)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

export const changesCommand: Command<ChangesArgs> = {
  command: "changes <dir>",
  describe: "List the edits found between captures of the articles of a collection",
  examples: [
    ["$0 changes snap", "every edit, with a word-level diff"],
    ["$0 changes snap --url https://example.com/news/1", "the edits of one article"],
    ["$0 changes snap --json", "one JSON object per edit, for scripts"],
  ],
  builder: (y) =>
    y
      .positional("dir", {
        describe: "The collection directory (`vellum snapshot --out DIR`)",
        type: "string",
        demandOption: true,
      })
      .option("url", { type: "string", describe: "Only the edits of this page URL" })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "One JSON object per edit (NDJSON)",
      }),
  async run(args, ctx) {
    const collection = Collection.open(resolve(ctx.cwd, args.dir), { create: false });
    let count = 0;
    let silent = 0;
    try {
      for (const change of collection.changes(args.url === undefined ? {} : { url: args.url })) {
        count += 1;
        if (change.silent) silent += 1;
        ctx.stdout.write(
          args.json
            ? `${JSON.stringify(change)}\n`
            : `${count > 1 ? "\n" : ""}${renderChange(change)}`,
        );
      }
    } finally {
      collection.close();
    }
    if (!args.json) {
      ctx.stdout.write(
        count === 0
          ? "no edits found (capture again with vellum snapshot --recapture to look for some)\n"
          : `\n${count} edit(s)${silent > 0 ? `, ${silent} silent` : ""}\n`,
      );
    }
    return ExitCode.ok;
  },
};
