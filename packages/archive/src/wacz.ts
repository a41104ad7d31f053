import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { basename } from "node:path";
import { type Clock, VellumError } from "@vellum/model";
import { writeAtomically } from "./atomic.js";
import { type CdxjEntry, cdxjLine, compareBytewise, indexWarc, parseCdxjLine } from "./cdxj.js";
import { readFileChunks } from "./file-chunks.js";
import { readRecordHead } from "./record-head.js";
import { ZipWriter } from "./zip-writer.js";

/** A page listed in `pages/pages.jsonl`: what ReplayWeb.page shows as the archive's pages. */
export interface WaczPage {
  readonly url: string;
  /** ISO 8601 capture time. */
  readonly ts: string;
  readonly title?: string | null;
  /**
   * The target URI of the page's screenshot record (`urn:vellum:screenshot:<url>`)
   * and of its thumbnail, when a browser capture stored them: replay serves them like any URL.
   */
  readonly screenshot?: string;
  readonly thumbnail?: string;
}

export interface WaczOptions {
  /** The WARC files to package, in order; each goes in as `archive/<basename>`. */
  readonly warcFiles: readonly string[];
  /** The `.wacz` to write (atomically). */
  readonly out: string;
  /** `created` in datapackage.json and the zip entries' time. */
  readonly clock: Clock;
  /** `software` in datapackage.json, e.g. `Vellum 0.1.0`. */
  readonly software: string;
  readonly title?: string;
  readonly description?: string;
  /**
   * Default: every HTML 2xx response in the index, earliest capture per URL. The first is the
   * package's `mainPageUrl`: give them in the order the user named them.
   */
  readonly pages?: readonly WaczPage[];
  /** Stops the write (nothing is left under `out`). */
  readonly signal?: AbortSignal;
}

/** One entry of datapackage.json's `resources` (WACZ 1.1.1). */
export interface WaczResource {
  readonly name: string;
  readonly path: string;
  readonly hash: string;
  readonly bytes: number;
}

export interface WaczResult {
  readonly path: string;
  readonly bytes: number;
  readonly resources: readonly WaczResource[];
  readonly pages: number;
  readonly records: number;
}

export const WACZ_VERSION = "1.1.1";

/**
 * Reads the side index `WarcWriter` leaves beside a WARC (`<file>.cdxj`) if it is there and
 * plausible (every record within the file, named for it); otherwise indexes the WARC itself.
 */
export async function indexForWarc(path: string): Promise<CdxjEntry[]> {
  const name = basename(path);
  const size = (await stat(path)).size;
  const side = await readFile(`${path}.cdxj`, "utf8").catch(() => null);
  if (side !== null) {
    const entries = side
      .split("\n")
      .filter((l) => l !== "")
      .map(parseCdxjLine);
    const sound = entries.every(
      (e) => e !== null && e.filename === name && e.offset >= 0 && e.offset + e.length <= size,
    );
    // A stale side index (the WARC replaced or edited since) must not reach the WACZ: each line
    // must point at a record of its URL. Reading a record head is one small read per line.
    if (sound && (await pointsAtRecords(path, entries as CdxjEntry[])))
      return entries as CdxjEntry[];
  }
  const out: CdxjEntry[] = [];
  for await (const entry of indexWarc(path, name)) out.push(entry);
  return out;
}

async function pointsAtRecords(path: string, entries: readonly CdxjEntry[]): Promise<boolean> {
  for (const e of entries) {
    try {
      const head = await readRecordHead(path, e.offset);
      if (head.fields.get("warc-target-uri") !== e.url) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/** Every HTML 2xx response in the index, earliest capture per URL, in time order. */
export function defaultPages(entries: readonly CdxjEntry[]): WaczPage[] {
  const seen = new Map<string, WaczPage>();
  for (const e of [...entries].sort((a, b) => a.timestamp.localeCompare(b.timestamp))) {
    const html = e.mime === "text/html" || e.mime === "application/xhtml+xml";
    if (html && e.status !== null && e.status >= 200 && e.status < 300 && !seen.has(e.url)) {
      seen.set(e.url, { url: e.url, ts: isoFromTimestamp(e.timestamp), title: null });
    }
  }
  return [...seen.values()];
}

function pageId(url: string, ts: string): string {
  return createHash("sha256").update(`${ts} ${url}`).digest("hex").slice(0, 32);
}

function isoFromTimestamp(ts: string): string {
  return `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(8, 10)}:${ts.slice(10, 12)}:${ts.slice(12, 14)}Z`;
}

/** A WARC going into a WACZ as `archive/<name>`. */
export interface WaczWarc {
  readonly name: string;
  /** Its byte count when known before it is read (a file on disk). */
  readonly size?: number;
  readonly data: AsyncIterable<Uint8Array>;
}

/** What a WACZ holds, for {@link waczEntries}. */
export interface WaczContents {
  /** The WARCs, read in turn (once each). */
  readonly warcs: AsyncIterable<WaczWarc> | Iterable<WaczWarc>;
  /** The CDXJ entries of the WARCs, asked for once they have all been read. */
  readonly index: () => Promise<readonly CdxjEntry[]> | readonly CdxjEntry[];
  /** The pages, asked for after the index. Default: every HTML 2xx response of the index, earliest capture per URL. */
  readonly pages?: () => readonly WaczPage[];
  readonly clock: Clock;
  readonly software: string;
  readonly title?: string;
  readonly description?: string;
}

/** A file of a WACZ, in the order it goes into the zip. */
export interface WaczEntry {
  readonly name: string;
  readonly size?: number;
  readonly data: AsyncIterable<Uint8Array> | Uint8Array;
  /** Small metadata files may be deflated; WARCs are stored so replay can range-read them. */
  readonly deflate: boolean;
}

/** What a WACZ's entries held, known once they have all been read. */
export interface WaczSummary {
  readonly resources: WaczResource[];
  pages: number;
  records: number;
}

/**
 * The files of a WACZ 1.1.1 (https://specs.webrecorder.net/wacz/1.1.1/) in order, for a zip
 * writer (a file) or a zip stream (a download): each WARC hashed as it is read, then
 * `indexes/index.cdxj`, `pages/pages.jsonl`, `datapackage.json` listing every other file with its
 * sha256 and size, and `datapackage-digest.json`. `summary` is filled in as they go.
 */
export async function* waczEntries(
  contents: WaczContents,
  summary: WaczSummary = { resources: [], pages: 0, records: 0 },
): AsyncGenerator<WaczEntry> {
  const resources = summary.resources;
  const names = new Set<string>();
  for await (const warc of contents.warcs) {
    if (names.has(warc.name)) {
      throw new VellumError("input-invalid", "two WARC files have the same name", {
        value: warc.name,
      });
    }
    names.add(warc.name);
    const hash = createHash("sha256");
    let bytes = 0;
    async function* hashed(): AsyncGenerator<Uint8Array> {
      for await (const chunk of warc.data) {
        hash.update(chunk);
        bytes += chunk.byteLength;
        yield chunk;
      }
    }
    yield {
      name: `archive/${warc.name}`,
      ...(warc.size === undefined ? {} : { size: warc.size }),
      data: hashed(),
      deflate: false,
    };
    resources.push({
      name: warc.name,
      path: `archive/${warc.name}`,
      hash: `sha256:${hash.digest("hex")}`,
      bytes,
    });
  }
  const entries = await contents.index();
  summary.records = entries.length;
  const lines = entries.map(cdxjLine).sort(compareBytewise);
  const index = Buffer.from(lines.map((l) => `${l}\n`).join(""), "utf8");
  const pages = contents.pages?.() ?? defaultPages(entries);
  summary.pages = pages.length;
  const pageLines = [
    JSON.stringify({ format: "json-pages-1.0", id: "pages", title: "All Pages" }),
    ...pages.map((p) =>
      JSON.stringify({
        id: pageId(p.url, p.ts),
        url: p.url,
        ts: p.ts,
        ...(p.title ? { title: p.title } : {}),
        ...(p.screenshot === undefined ? {} : { screenshot: p.screenshot }),
        ...(p.thumbnail === undefined ? {} : { thumbnail: p.thumbnail }),
      }),
    ),
  ];
  const pagesBytes = Buffer.from(pageLines.map((l) => `${l}\n`).join(""), "utf8");
  for (const [path, bytes] of [
    ["indexes/index.cdxj", index],
    ["pages/pages.jsonl", pagesBytes],
  ] as const) {
    yield { name: path, size: bytes.byteLength, data: bytes, deflate: true };
    resources.push({
      name: basename(path),
      path,
      hash: `sha256:${createHash("sha256").update(bytes).digest("hex")}`,
      bytes: bytes.byteLength,
    });
  }
  const first = pages[0];
  const { title, description } = contents;
  const datapackage = {
    profile: "data-package",
    resources,
    wacz_version: WACZ_VERSION,
    software: contents.software,
    created: contents.clock.now().toISOString(),
    ...(title !== undefined ? { title } : {}),
    ...(description !== undefined ? { description } : {}),
    ...(first !== undefined ? { mainPageUrl: first.url, mainPageDate: first.ts } : {}),
    // ReplayWeb.page lists a collection by `metadata.title` (wabac.js hands a package's
    // `metadata` to its collection list; without it the list shows the file name), and
    // shows `metadata.desc` under it. WACZ 1.1.1's own fields stay above.
    ...(title !== undefined || description !== undefined
      ? {
          metadata: {
            ...(title !== undefined ? { title } : {}),
            ...(description !== undefined ? { desc: description } : {}),
          },
        }
      : {}),
  };
  const dp = Buffer.from(`${JSON.stringify(datapackage, null, 2)}\n`, "utf8");
  yield { name: "datapackage.json", size: dp.byteLength, data: dp, deflate: true };
  const digest = Buffer.from(
    `${JSON.stringify(
      {
        path: "datapackage.json",
        hash: `sha256:${createHash("sha256").update(dp).digest("hex")}`,
      },
      null,
      2,
    )}\n`,
    "utf8",
  );
  yield { name: "datapackage-digest.json", size: digest.byteLength, data: digest, deflate: true };
}

/**
 * Writes a WACZ 1.1.1 file (atomically) from WARC files: the WARCs stored (not deflated, so
 * replay can range-read records), indexed from their side indexes. Each WARC is read once:
 * hashed and CRC'd while it is copied.
 */
export async function writeWacz(options: WaczOptions): Promise<WaczResult> {
  const names = options.warcFiles.map((p) => basename(p));
  if (new Set(names).size !== names.length) {
    throw new VellumError("input-invalid", "two WARC files have the same name", {
      value: names.join(", "),
    });
  }
  // Indexed first, so a bad WARC fails before anything is written.
  const entries: CdxjEntry[] = [];
  for (const path of options.warcFiles) entries.push(...(await indexForWarc(path)));
  const created = options.clock.now();
  const sizes = await Promise.all(options.warcFiles.map(async (p) => (await stat(p)).size));
  return writeAtomically(options.out, async (temp) => {
    const zip = await ZipWriter.open(temp, { date: created });
    try {
      const summary: WaczSummary = { resources: [], pages: 0, records: 0 };
      const files = waczEntries(
        {
          warcs: options.warcFiles.map((path, i) => ({
            name: names[i] ?? basename(path),
            size: sizes[i] ?? 0,
            data: readFileChunks(path, undefined, options.signal),
          })),
          index: () => entries,
          ...(options.pages === undefined ? {} : { pages: () => options.pages ?? [] }),
          clock: { now: () => created },
          software: options.software,
          ...(options.title === undefined ? {} : { title: options.title }),
          ...(options.description === undefined ? {} : { description: options.description }),
        },
        summary,
      );
      for await (const file of files) {
        const size =
          file.size ?? (file.data instanceof Uint8Array ? file.data.byteLength : Number.NaN);
        await zip.add({ name: file.name, size, data: file.data, deflate: file.deflate });
      }
      await zip.close();
      return {
        path: options.out,
        bytes: zip.position,
        resources: summary.resources,
        pages: summary.pages,
        records: summary.records,
      };
    } catch (error) {
      await zip.abort();
      throw error;
    }
  });
}
