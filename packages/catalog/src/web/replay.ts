import { createReadStream, existsSync } from "node:fs";
import { type FileHandle, mkdir, open, rename, rm, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Readable } from "node:stream";
import { writeWacz } from "@vellum/archive";
import type { Collection, StoredRecord } from "@vellum/crawl";
import { type Clock, VellumError } from "@vellum/model";

/**
 * ReplayWeb.page's prebuilt files (`ui.js`, the `<replay-web-page>` element, and `sw.js`, its
 * service worker), served by the catalog from the npm package so replay needs no CDN and works
 * offline. The package is AGPL-3.0 and used unmodified.
 */
export function replayAsset(name: "ui.js" | "sw.js" | "index.html"): string {
  const require = createRequire(import.meta.url);
  // The package exports only its module entry (dist/index.js); its root holds the bundles.
  const entry = require.resolve("replaywebpage");
  return join(dirname(dirname(entry)), name);
}

/**
 * The records replay needs for a page: each capture's records (its final response, redirect hops,
 * and for a capture in a browser every exchange the page made; a revisit with its original) and
 * its requisites'.
 */
export function pageRecords(collection: Collection, urlId: number): StoredRecord[] {
  const byId = new Map<number, StoredRecord>();
  const add = (record: StoredRecord | null) => {
    if (record === null || byId.has(record.id)) return;
    byId.set(record.id, record);
    if (record.type === "revisit" && record.refersTo !== null)
      add(collection.record(record.refersTo));
  };
  const page = collection.url(urlId);
  if (page === null) return [];
  for (const capture of collection.captures({ url: page.url })) {
    add(capture.record);
    for (const record of collection.recordsOfCapture(capture.id)) add(record);
  }
  for (const requisite of collection.urls({ parentId: urlId, kind: "requisite" })) {
    if (requisite.lastCaptureId === null) continue;
    add(collection.capture(requisite.lastCaptureId)?.record ?? null);
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

/** Copies records' bytes (each a whole gzip member or record as written) into one WARC file. */
export async function copyRecords(
  collectionDir: string,
  records: readonly StoredRecord[],
  out: string,
): Promise<void> {
  const handle = await open(out, "wx");
  try {
    for (const r of records) {
      for await (const chunk of recordBytes(collectionDir, r)) await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
}

/** A record's bytes as stored, read in chunks. */
export async function* recordBytes(dir: string, record: StoredRecord): AsyncGenerator<Uint8Array> {
  const reader = new RecordReader(dir);
  try {
    yield* reader.bytes(record);
  } finally {
    await reader.close();
  }
}

/**
 * Reads records' bytes from a collection's WARC files, keeping each file open for the records
 * after (a download reads thousands of records from a few files). Each chunk is a buffer of its
 * own, up to 4 MiB: a socket may hold it while the next is read.
 */
export class RecordReader {
  readonly #dir: string;
  readonly #handles = new Map<string, FileHandle>();

  constructor(dir: string) {
    this.#dir = dir;
  }

  async #handle(file: string): Promise<FileHandle> {
    let handle = this.#handles.get(file);
    if (handle === undefined) {
      if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(file) || file.includes("..")) {
        throw new VellumError("unsafe-path", "A WARC file name in the collection is not safe", {
          value: file,
        });
      }
      handle = await open(join(this.#dir, file), "r");
      this.#handles.set(file, handle);
    }
    return handle;
  }

  async *bytes(record: StoredRecord): AsyncGenerator<Uint8Array> {
    const handle = await this.#handle(record.warc.file);
    let done = 0;
    while (done < record.warc.length) {
      const buffer = Buffer.allocUnsafe(Math.min(4 << 20, record.warc.length - done));
      const { bytesRead } = await handle.read(
        buffer,
        0,
        buffer.byteLength,
        record.warc.offset + done,
      );
      if (bytesRead === 0) {
        throw new VellumError("archive-invalid", "A WARC file is shorter than its records", {
          value: record.warc.file,
        });
      }
      done += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  }

  async close(): Promise<void> {
    const handles = [...this.#handles.values()];
    this.#handles.clear();
    await Promise.all(handles.map((h) => h.close()));
  }
}

export interface PageWaczOptions {
  readonly collection: Collection;
  readonly urlId: number;
  /** The capture the file is for: a new capture makes a new file. */
  readonly captureId: number;
  readonly title: string | null;
  readonly cacheDir: string;
  /** A key unique to the collection in this catalog. */
  readonly key: string;
  readonly clock: Clock;
  readonly software: string;
}

const building = new Map<string, Promise<string>>();

/**
 * A page's own WACZ (its captures and requisites), built once per capture into the catalog's
 * cache and then served from there with range requests, as ReplayWeb.page reads it lazily.
 */
export function pageWacz(options: PageWaczOptions): Promise<string> {
  const path = join(options.cacheDir, `${options.key}-${options.urlId}-${options.captureId}.wacz`);
  if (existsSync(path)) return Promise.resolve(path);
  let pending = building.get(path);
  if (pending === undefined) {
    pending = (async () => {
      await mkdir(options.cacheDir, { recursive: true });
      const records = pageRecords(options.collection, options.urlId);
      const page = options.collection.url(options.urlId);
      const capture = options.collection.capture(options.captureId);
      if (page === null || records.length === 0 || capture === null) {
        throw new VellumError("input-not-found", "This page has no record to replay", {
          value: page?.url ?? String(options.urlId),
        });
      }
      const warc = `${path}.warc.gz`;
      const temp = `${path}.part`;
      await rm(warc, { force: true });
      await rm(temp, { force: true });
      try {
        await copyRecords(options.collection.dir, records, warc);
        await writeWacz({
          warcFiles: [warc],
          out: temp,
          clock: options.clock,
          software: options.software,
          ...(options.title === null ? {} : { title: options.title }),
          pages: [
            {
              url: capture.finalUrl ?? page.url,
              ts: capture.startedAt ?? options.clock.now().toISOString(),
              title: options.title,
            },
          ],
        });
        await rename(temp, path);
      } finally {
        await rm(warc, { force: true });
        await rm(temp, { force: true });
      }
      return path;
    })().finally(() => building.delete(path));
    building.set(path, pending);
  }
  return pending;
}

/** A file's bytes for a request, honouring one `Range: bytes=…` (RFC 9110 §14). */
export interface RangeAnswer {
  readonly status: 200 | 206 | 416;
  readonly headers: Record<string, string>;
  readonly body: Readable | null;
}

export async function serveFile(
  path: string,
  range: string | undefined,
  type: string,
): Promise<RangeAnswer> {
  const { size } = await stat(path);
  const base = { "Content-Type": type, "Accept-Ranges": "bytes" };
  if (range === undefined || range === "") {
    return {
      status: 200,
      headers: { ...base, "Content-Length": String(size) },
      body: createReadStream(path),
    };
  }
  const m = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
  let start: number;
  let end: number;
  if (m === null || (m[1] === "" && m[2] === "")) {
    return { status: 416, headers: { ...base, "Content-Range": `bytes */${size}` }, body: null };
  }
  if (m[1] === "") {
    const suffix = Number(m[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(m[1]);
    end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  }
  if (start >= size || end < start) {
    return { status: 416, headers: { ...base, "Content-Range": `bytes */${size}` }, body: null };
  }
  return {
    status: 206,
    headers: {
      ...base,
      "Content-Length": String(end - start + 1),
      "Content-Range": `bytes ${start}-${end}/${size}`,
    },
    body: createReadStream(path, { start, end }),
  };
}
