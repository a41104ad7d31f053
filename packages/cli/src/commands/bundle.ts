import { lstat } from "node:fs/promises";
import { resolve } from "node:path";
import {
  BUNDLE_FORMATS,
  type BundleFormat,
  type BundleResult,
  bundleSnapshot,
  type WaczPage,
} from "@vellum/archive";
import { combinedBundle, isCollection } from "@vellum/crawl";
import { randomIds, userAgent, VELLUM_VERSION, VellumError } from "@vellum/model";
import type { GlobalArgs } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import { parseDateBound } from "../source-options.js";
import type { Command } from "./command.js";

interface BundleArgs extends GlobalArgs {
  readonly snapshotDir: string;
  readonly format: BundleFormat;
  readonly out?: string;
  readonly title?: string;
  readonly sourceOrganization?: string;
  readonly contactName?: string;
  readonly contactEmail?: string;
  readonly contactPhone?: string;
  readonly externalIdentifier?: string;
  readonly externalDescription?: string;
  readonly json: boolean;
  readonly force: boolean;
  readonly since?: string;
}

const DEFAULT_SUFFIX: Record<BundleFormat, string> = {
  wacz: ".wacz",
  bag: "-bag",
  "bag-zip": "-bag.zip",
  "bag-tgz": "-bag.tar.gz",
};

/** The software named in datapackage.json, bag-info.txt and provenance.json. */
export function bundleSoftware(): string {
  return `Vellum ${VELLUM_VERSION} (${userAgent()})`;
}

export function describeBundle(result: BundleResult): string {
  return `vellum: wrote ${result.format} ${result.path}: ${result.pages} page(s), ${result.records} record(s), ${result.payloadFiles} file(s), ${result.payloadBytes} bytes`;
}

/**
 * Refuses to replace an existing bundle unless `--force`, as archive tools do (`zip`, `tar`
 * and `bagit.py` never replace silently): a bundle may be the only copy someone kept.
 */
export async function refuseExisting(path: string, force: boolean): Promise<void> {
  if (force) return;
  const existing = await lstat(path).catch(() => null);
  if (existing === null) return;
  throw new VellumError(
    "usage",
    `The output already exists${existing.isDirectory() ? " (a folder)" : ""}`,
    {
      value: path,
      hint: "pass --force to replace it, or choose another --out",
    },
  );
}

/** `SNAPSHOT-DIR.wacz`, `SNAPSHOT-DIR-bag`, … beside the snapshot when `--out` is not given. */
export function defaultBundlePath(snapshotDir: string, format: BundleFormat): string {
  return `${snapshotDir.replace(/[\\/]+$/, "")}${DEFAULT_SUFFIX[format]}`;
}

/**
 * What to bundle of a collection: every capture of every article listed as a page (each version
 * of an edited one), and with `since` only that period's captures and the files they need. A
 * plain snapshot directory (no collection.db) is bundled by its layout.
 */
export function collectionSelection(
  dir: string,
  since: string | undefined,
  label: string,
): { warcFiles?: readonly string[]; pages?: readonly WaczPage[] } {
  if (!isCollection(dir)) {
    if (since !== undefined) {
      throw new VellumError(
        "usage",
        "--since needs a collection (a directory with collection.db)",
        {
          value: label,
        },
      );
    }
    return {};
  }
  // A fleet's collection: every part's WARC files (DIR/parts/<worker>/) and pages.
  const selection = combinedBundle(dir, since === undefined ? {} : { since });
  if (selection.warcFiles.length === 0) {
    throw new VellumError("input-invalid", "No capture in the collection for that period", {
      value: since ?? label,
      hint: "check --since, or run vellum status on the collection",
    });
  }
  return {
    warcFiles: selection.warcFiles,
    ...(selection.pages.length > 0 ? { pages: selection.pages } : {}),
  };
}

export const bundleCommand: Command<BundleArgs> = {
  command: "bundle <snapshot-dir>",
  describe: "Package a snapshot as a WACZ or a BagIt bag (directory, zip or tar.gz)",
  examples: [
    ["$0 bundle out/run1 --format wacz --out run1.wacz", "a WACZ for ReplayWeb.page"],
    [
      "$0 bundle out/run1 --format bag-zip --source-organization 'City Library'",
      "a zipped BagIt bag with the WACZ, the articles and provenance.json",
    ],
  ],
  builder: (y) =>
    y
      .positional("snapshot-dir", {
        describe: "The directory `vellum snapshot --out` wrote",
        type: "string",
        demandOption: true,
      })
      .option("format", {
        alias: "f",
        choices: BUNDLE_FORMATS,
        default: "wacz" as BundleFormat,
        describe: "wacz, bag (a directory), bag-zip or bag-tgz",
      })
      .option("out", {
        alias: "o",
        type: "string",
        describe: "Where to write it (default: beside the snapshot, e.g. DIR.wacz, DIR-bag.zip)",
      })
      .option("title", { type: "string", describe: "Title in datapackage.json" })
      .option("source-organization", {
        type: "string",
        describe: "Source-Organization in bag-info.txt",
      })
      .option("contact-name", { type: "string", describe: "Contact-Name in bag-info.txt" })
      .option("contact-email", { type: "string", describe: "Contact-Email in bag-info.txt" })
      .option("contact-phone", { type: "string", describe: "Contact-Phone in bag-info.txt" })
      .option("external-identifier", {
        type: "string",
        describe: "External-Identifier in bag-info.txt (default: a new urn:uuid)",
      })
      .option("external-description", {
        type: "string",
        describe: "External-Description in bag-info.txt (default: what was captured, and when)",
      })
      .option("since", {
        type: "string",
        describe:
          "Only the captures taken since: 2024-05-01, 2024-05-01T12:00Z or 7d ago (a collection; its revisits' originals come too)",
      })
      .option("json", { type: "boolean", default: false, describe: "Print the result as JSON" })
      .option("force", {
        type: "boolean",
        default: false,
        describe: "Replace the output if it already exists",
      }),
  async run(args, ctx) {
    const snapshotDir = resolve(ctx.cwd, args.snapshotDir);
    const out = resolve(ctx.cwd, args.out ?? defaultBundlePath(args.snapshotDir, args.format));
    await refuseExisting(out, args.force);
    const contact = {
      ...(args.contactName !== undefined ? { name: args.contactName } : {}),
      ...(args.contactEmail !== undefined ? { email: args.contactEmail } : {}),
      ...(args.contactPhone !== undefined ? { phone: args.contactPhone } : {}),
    };
    const recorded: Record<string, unknown> = { format: args.format };
    for (const key of [
      "title",
      "sourceOrganization",
      "externalIdentifier",
      "externalDescription",
    ] as const) {
      if (args[key] !== undefined) recorded[key] = args[key];
    }
    const selection = collectionSelection(
      snapshotDir,
      args.since === undefined
        ? undefined
        : // The snapshot's own forms (a date, an instant, 7d ago), from the start of that day.
          new Date(parseDateBound("since", args.since, ctx.clock).start).toISOString(),
      args.snapshotDir,
    );
    if (args.since !== undefined) recorded.since = args.since;
    const result = await bundleSnapshot({
      ...selection,
      snapshotDir,
      format: args.format,
      out,
      clock: ctx.clock,
      ids: randomIds,
      signal: ctx.signal,
      software: bundleSoftware(),
      recordedOptions: recorded,
      ...(Object.keys(contact).length > 0 ? { contact } : {}),
      ...(args.title !== undefined ? { title: args.title } : {}),
      ...(args.sourceOrganization !== undefined
        ? { sourceOrganization: args.sourceOrganization }
        : {}),
      ...(args.externalIdentifier !== undefined
        ? { externalIdentifier: args.externalIdentifier }
        : {}),
      ...(args.externalDescription !== undefined
        ? { externalDescription: args.externalDescription }
        : {}),
    });
    if (args.json) {
      ctx.stdout.write(`${JSON.stringify(result)}\n`);
    } else {
      ctx.stdout.write(`${describeBundle(result)}\n`);
    }
    return ExitCode.ok;
  },
};
