import { rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { type Clock, type IdSource, VellumError, VellumWarcHeader } from "@vellum/model";
import { checkOutputFolder } from "./atomic.js";
import { type BagContact, type BagFile, writeBag } from "./bagit-write.js";
import type { CdxjEntry } from "./cdxj.js";
import { derivedUri } from "./derived.js";
import { throwIfInterrupted } from "./file-chunks.js";
import { readRecordHead } from "./record-head.js";
import { readSnapshotDir, type SnapshotContents } from "./snapshot-dir.js";
import { defaultPages, indexForWarc, type WaczPage, writeWacz } from "./wacz.js";

export type BundleFormat = "wacz" | "bag" | "bag-zip" | "bag-tgz";
export const BUNDLE_FORMATS: readonly BundleFormat[] = ["wacz", "bag", "bag-zip", "bag-tgz"];

export interface BundleOptions {
  readonly snapshotDir: string;
  readonly format: BundleFormat;
  /** The file or directory to write; replaced atomically if it exists. */
  readonly out: string;
  readonly clock: Clock;
  /** For `External-Identifier` when none is given. */
  readonly ids: IdSource;
  /** e.g. `Vellum 0.1.0`; goes into datapackage.json, bag-info.txt and provenance.json. */
  readonly software: string;
  readonly title?: string;
  readonly sourceOrganization?: string;
  readonly contact?: BagContact;
  readonly externalIdentifier?: string;
  readonly externalDescription?: string;
  /** Ctrl-C: stops between chunks; nothing is left under `out`. */
  readonly signal?: AbortSignal;
  /** The options the run was given, recorded as is in provenance.json. */
  readonly recordedOptions?: Readonly<Record<string, unknown>>;
  /**
   * The WARC files to package (absolute paths), when the caller knows better than the layout:
   * a collection bundled `--since` a date takes that period's files and those its revisits
   * refer to. Default: every WARC of the snapshot.
   */
  readonly warcFiles?: readonly string[];
  /**
   * The pages for `pages.jsonl`. A collection lists one per capture of an article. Default:
   * one per article folder, dated by its URL's first 2xx capture.
   */
  readonly pages?: readonly WaczPage[];
}

export interface BundleResult {
  readonly format: BundleFormat;
  readonly path: string;
  readonly pages: number;
  readonly records: number;
  readonly payloadFiles: number;
  readonly payloadBytes: number;
}

/** One captured response as provenance records it: when, from where, over what. */
export interface CaptureProvenance {
  readonly url: string;
  readonly date: string | null;
  readonly status: number | null;
  readonly ipAddress: string | null;
  readonly tls: {
    readonly protocol: string | null;
    readonly subject: string | null;
    readonly issuer: string | null;
    readonly validFrom: string | null;
    readonly validTo: string | null;
  } | null;
  readonly warc: {
    readonly filename: string;
    readonly offset: number;
    readonly recordId: string | null;
  };
}

function pagesFor(
  snapshot: SnapshotContents,
  entries: readonly CdxjEntry[],
): WaczPage[] | undefined {
  if (snapshot.articles.length === 0) return undefined;
  // A page is dated by its first answer that was not an error: a 503 or 429 retried before the
  // 200 is also indexed, and replay opens the first capture at or after the page's time. A URL
  // that only ever answered with errors keeps its first answer (that is what was served).
  const first = new Map<string, string>();
  const firstAnswer = new Map<string, string>();
  for (const e of [...entries].sort((a, b) => a.timestamp.localeCompare(b.timestamp))) {
    if (!firstAnswer.has(e.url)) firstAnswer.set(e.url, e.timestamp);
    if (!first.has(e.url) && e.status !== null && e.status < 400) first.set(e.url, e.timestamp);
  }
  for (const [url, ts] of firstAnswer) if (!first.has(url)) first.set(url, ts);
  const pages: WaczPage[] = [];
  for (const a of snapshot.articles) {
    if (a.url === null) continue;
    const ts = first.get(a.url);
    if (ts === undefined) continue;
    pages.push({
      url: a.url,
      ts: `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(8, 10)}:${ts.slice(10, 12)}:${ts.slice(12, 14)}Z`,
      title: a.headline,
    });
  }
  return pages.length > 0 ? pages : undefined;
}

/** "A story", "A story and 4 more pages": the first page, by its headline or URL. */
function defaultTitle(pages: readonly WaczPage[]): string {
  const first = pages[0];
  if (first === undefined) return "Web archive";
  const name = first.title ?? first.url;
  const more = pages.length - 1;
  return more === 0 ? name : `${name} and ${more} more page${more === 1 ? "" : "s"}`;
}

/**
 * Each page with the screenshot and thumbnail a browser capture stored beside it (resource
 * records under the page's derived URIs), whoever listed the pages: a snapshot directory's
 * articles or a collection's captures.
 */
function withViews(pages: readonly WaczPage[], entries: readonly CdxjEntry[]): readonly WaczPage[] {
  const urls = new Set(entries.map((e) => e.url));
  const find = (uri: string) => (urls.has(uri) ? uri : undefined);
  return pages.map((page) => {
    const screenshot = page.screenshot ?? find(derivedUri("screenshot", page.url));
    const thumbnail = page.thumbnail ?? find(derivedUri("thumbnail", page.url));
    return {
      ...page,
      ...(screenshot === undefined ? {} : { screenshot }),
      ...(thumbnail === undefined ? {} : { thumbnail }),
    };
  });
}

/** `readRecordHead` keys its fields by lower-cased name. */
const field = (name: string) => name.toLowerCase();
const TLS_FIELDS = [
  "warc-protocol",
  ...[
    VellumWarcHeader.tlsSubject,
    VellumWarcHeader.tlsIssuer,
    VellumWarcHeader.tlsValidFrom,
    VellumWarcHeader.tlsValidTo,
  ].map(field),
];

async function captures(
  snapshot: SnapshotContents,
  byFile: Map<string, CdxjEntry[]>,
): Promise<CaptureProvenance[]> {
  const out: CaptureProvenance[] = [];
  for (const path of snapshot.warcFiles) {
    // In record order (an index is in SURT order): the last capture of a URL is its latest.
    const inFile = [...(byFile.get(path) ?? [])].sort((a, b) => a.offset - b.offset);
    for (const e of inFile) {
      const head = await readRecordHead(path, e.offset);
      const f = head.fields;
      const hasTls = TLS_FIELDS.some((k) => f.has(k));
      out.push({
        url: e.url,
        date: f.get("warc-date") ?? null,
        status: e.status,
        ipAddress: f.get("warc-ip-address") ?? null,
        tls: hasTls
          ? {
              protocol: f.get("warc-protocol") ?? null,
              subject: f.get(field(VellumWarcHeader.tlsSubject)) ?? null,
              issuer: f.get(field(VellumWarcHeader.tlsIssuer)) ?? null,
              validFrom: f.get(field(VellumWarcHeader.tlsValidFrom)) ?? null,
              validTo: f.get(field(VellumWarcHeader.tlsValidTo)) ?? null,
            }
          : null,
        warc: { filename: e.filename, offset: e.offset, recordId: f.get("warc-record-id") ?? null },
      });
    }
  }
  return out;
}

/**
 * Bundles a snapshot directory: a WACZ of its WARCs, or a BagIt bag (directory, zip or tar.gz)
 * holding that WACZ, each article's files, the snapshot report and `provenance.json`.
 */
export async function bundleSnapshot(options: BundleOptions): Promise<BundleResult> {
  throwIfInterrupted(options.signal);
  await checkOutputFolder(options.out);
  const startedAt = options.clock.now().toISOString();
  const read = await readSnapshotDir(options.snapshotDir, {
    warcsGiven: options.warcFiles !== undefined,
  });
  const snapshot: SnapshotContents =
    options.warcFiles === undefined ? read : { ...read, warcFiles: options.warcFiles };
  const byFile = new Map<string, CdxjEntry[]>();
  for (const path of snapshot.warcFiles) byFile.set(path, await indexForWarc(path));
  const entries = [...byFile.values()].flat();
  const pages = withViews(
    options.pages ?? pagesFor(snapshot, entries) ?? defaultPages(entries),
    entries,
  );
  const dates = entries.map((e) => e.timestamp).sort();
  const summary = `Web archive of ${pages.length} page(s), ${entries.length} record(s), captured ${dates[0]?.slice(0, 8) ?? "?"}–${dates.at(-1)?.slice(0, 8) ?? "?"} with ${options.software}`;
  const waczBase = {
    ...(options.signal !== undefined ? { signal: options.signal } : {}),
    warcFiles: snapshot.warcFiles,
    clock: options.clock,
    software: options.software,
    // What ReplayWeb.page lists the collection by; the first page stands for it when the user
    // gave no title.
    title: options.title ?? defaultTitle(pages),
    description: options.externalDescription ?? summary,
    pages,
  };
  if (options.format === "wacz") {
    const wacz = await writeWacz({ ...waczBase, out: options.out });
    return {
      format: "wacz",
      path: options.out,
      pages: wacz.pages,
      records: wacz.records,
      payloadFiles: wacz.resources.length,
      payloadBytes: wacz.bytes,
    };
  }
  const name = basename(options.out).replace(/\.(zip|tar\.gz|tgz)$/i, "") || "bundle";
  const waczTemp = join(dirname(options.out), `.${name}.${process.pid}.wacz.tmp`);
  try {
    const wacz = await writeWacz({ ...waczBase, out: waczTemp });
    const files: BagFile[] = [{ path: `${name}.wacz`, source: waczTemp }];
    for (const a of snapshot.articles) {
      for (const f of a.files)
        files.push({ path: `${a.dir}/${f}`, source: join(snapshot.dir, a.dir, f) });
    }
    if (snapshot.report !== null)
      files.push({ path: "report.json", source: join(snapshot.dir, "report.json") });
    const report = snapshot.report;
    const captured = await captures(snapshot, byFile);
    const provenance = {
      software: options.software,
      bundle: {
        format: options.format,
        startedAt,
        finishedAt: options.clock.now().toISOString(),
        options: options.recordedOptions ?? {},
      },
      snapshot: {
        startedAt: report?.startedAt ?? null,
        finishedAt: report?.finishedAt ?? null,
        software: report?.software ?? null,
        robots: report?.robots ?? null,
        warcFiles: snapshot.warcFiles.map((p) => basename(p)),
      },
      urls: (report?.urls ?? []).map((u) => {
        // The final response's facts: where it came from and over what connection.
        const final = [...captured].reverse().find((c) => c.url === (u.finalUrl ?? u.url));
        return {
          url: u.url,
          outcome: u.outcome ?? null,
          status: u.status ?? null,
          finalUrl: u.finalUrl ?? null,
          capturedAt: final?.date ?? u.startedAt ?? null,
          ipAddress: final?.ipAddress ?? null,
          tls: final?.tls ?? null,
          error: u.error ?? null,
        };
      }),
      captures: captured,
    };
    files.push({
      path: "provenance.json",
      source: Buffer.from(`${JSON.stringify(provenance, null, 2)}\n`, "utf8"),
    });
    const description = options.externalDescription ?? summary;
    const bag = await writeBag({
      out: options.out,
      format: options.format === "bag" ? "dir" : options.format === "bag-zip" ? "zip" : "tgz",
      files,
      clock: options.clock,
      software: options.software,
      externalIdentifier: options.externalIdentifier ?? `urn:uuid:${options.ids.next()}`,
      ...(options.signal !== undefined ? { signal: options.signal } : {}),
      externalDescription: description,
      ...(options.sourceOrganization !== undefined
        ? { sourceOrganization: options.sourceOrganization }
        : {}),
      ...(options.contact !== undefined ? { contact: options.contact } : {}),
    });
    return {
      format: options.format,
      path: options.out,
      pages: wacz.pages,
      records: wacz.records,
      payloadFiles: bag.payloadFiles,
      payloadBytes: bag.payloadBytes,
    };
  } catch (error) {
    if (error instanceof VellumError) throw error;
    throw new VellumError("io", "bundling failed", { value: options.out, cause: error });
  } finally {
    await rm(waczTemp, { force: true });
  }
}
