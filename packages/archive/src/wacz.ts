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

/**
 * Writes a WACZ 1.1.1 (https://specs.webrecorder.net/wacz/1.1.1/): the WARCs stored (not
 * deflated, so replay can range-read records), `indexes/index.cdxj`, `pages/pages.jsonl`,
 * `datapackage.json` listing every other file with its sha256 and size, and
 * `datapackage-digest.json`. Each WARC is read once: hashed and CRC'd while it is copied.
 */
export async function writeWacz(options: WaczOptions): Promise<WaczResult> {
  const names = options.warcFiles.map((p) => basename(p));
  if (new Set(names).size !== names.length) {
    throw new VellumError("input-invalid", "two WARC files have the same name", {
      value: names.join(", "),
    });
  }
  const entries: CdxjEntry[] = [];
  for (const path of options.warcFiles) entries.push(...(await indexForWarc(path)));
  const lines = entries.map(cdxjLine).sort(compareBytewise);
  const index = Buffer.from(lines.map((l) => `${l}\n`).join(""), "utf8");

  const pages = options.pages ?? defaultPages(entries);
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
  const created = options.clock.now();

  return writeAtomically(options.out, async (temp) => {
    const zip = await ZipWriter.open(temp, { date: created });
    try {
      const resources: WaczResource[] = [];
      for (const [i, path] of options.warcFiles.entries()) {
        const name = names[i] ?? basename(path);
        const size = (await stat(path)).size;
        const hash = createHash("sha256");
        async function* hashed(): AsyncGenerator<Uint8Array> {
          for await (const chunk of readFileChunks(path, undefined, options.signal)) {
            hash.update(chunk);
            yield chunk;
          }
        }
        await zip.add({ name: `archive/${name}`, size, data: hashed() });
        resources.push({
          name,
          path: `archive/${name}`,
          hash: `sha256:${hash.digest("hex")}`,
          bytes: size,
        });
      }
      for (const [path, bytes] of [
        ["indexes/index.cdxj", index],
        ["pages/pages.jsonl", pagesBytes],
      ] as const) {
        await zip.add({ name: path, size: bytes.byteLength, data: bytes, deflate: true });
        resources.push({
          name: basename(path),
          path,
          hash: `sha256:${createHash("sha256").update(bytes).digest("hex")}`,
          bytes: bytes.byteLength,
        });
      }
      const first = pages[0];
      const datapackage = {
        profile: "data-package",
        resources,
        wacz_version: WACZ_VERSION,
        software: options.software,
        created: created.toISOString(),
        ...(options.title !== undefined ? { title: options.title } : {}),
        ...(options.description !== undefined ? { description: options.description } : {}),
        ...(first !== undefined ? { mainPageUrl: first.url, mainPageDate: first.ts } : {}),
        // ReplayWeb.page lists a collection by `metadata.title` (wabac.js hands a package's
        // `metadata` to its collection list; without it the list shows the file name), and
        // shows `metadata.desc` under it. WACZ 1.1.1's own fields stay above.
        ...(options.title !== undefined || options.description !== undefined
          ? {
              metadata: {
                ...(options.title !== undefined ? { title: options.title } : {}),
                ...(options.description !== undefined ? { desc: options.description } : {}),
              },
            }
          : {}),
      };
      const dp = Buffer.from(`${JSON.stringify(datapackage, null, 2)}\n`, "utf8");
      await zip.add({ name: "datapackage.json", size: dp.byteLength, data: dp, deflate: true });
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
      await zip.add({
        name: "datapackage-digest.json",
        size: digest.byteLength,
        data: digest,
        deflate: true,
      });
      await zip.close();
      return {
        path: options.out,
        bytes: zip.position,
        resources,
        pages: pages.length,
        records: entries.length,
      };
    } catch (error) {
      await zip.abort();
      throw error;
    }
  });
}
