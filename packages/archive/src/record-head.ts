import { open } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { VellumError } from "@vellum/model";
import { inflateMemberStart } from "./gzip-members.js";

/** The WARC and HTTP heads of one record, read from its offset without reading its body. */
export interface RecordHead {
  readonly warcVersion: string;
  /** WARC header fields, lowercase names, first value wins. */
  readonly fields: ReadonlyMap<string, string>;
  /** The HTTP status line and header text, for request/response records; null otherwise. */
  readonly http: string | null;
}

export const HEAD_PROBE_BYTES = 64 * 1024;
/** Read sizes tried in turn: most heads fit the first; a rare huge head gets the larger ones. */
const PROBES = [8 * 1024, HEAD_PROBE_BYTES, 1024 * 1024];

class IncompleteHead extends Error {}

/**
 * Reads the head of the record at `offset`: a small read and a partial inflate of its own gzip
 * member (a sync flush decodes a cut one), so checking thousands of index entries costs no full
 * decompression and little memory.
 */
export async function readRecordHead(path: string, offset: number): Promise<RecordHead> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (cause) {
    throw new VellumError("io", "cannot read the WARC file", { value: path, cause });
  }
  try {
    for (const [i, probe] of PROBES.entries()) {
      const buf = Buffer.allocUnsafe(probe);
      const { bytesRead } = await handle.read(buf, 0, probe, offset);
      try {
        return parseHead(
          buf.subarray(0, bytesRead),
          `${path}@${offset}`,
          i === PROBES.length - 1 || bytesRead < probe,
        );
      } catch (error) {
        if (!(error instanceof IncompleteHead)) throw error;
      }
    }
    throw new VellumError("archive-invalid", "a WARC record head is over 1 MiB", {
      value: `${path}@${offset}`,
    });
  } finally {
    await handle.close();
  }
}

/** One whole record: its heads, and its block (for a response: the HTTP head, then the payload). */
export interface WarcRecordAt {
  readonly head: RecordHead;
  readonly block: Buffer;
}

/**
 * Reads the whole record at a known place (its offset and stored length, as a collection or a
 * CDXJ index records them) with one read and one native inflate. Reading single records this way
 * costs a fraction of `readWarc`, whose streaming parser inflates in JavaScript: it is for
 * fetching a few records out of a large file, as an audit of a collection does page by page.
 * `maxBytes` bounds the record inflated (default 1 GiB).
 */
export async function readRecordAt(
  path: string,
  offset: number,
  length: number,
  maxBytes = 1024 * 1024 * 1024,
): Promise<WarcRecordAt> {
  const where = `${path}@${offset}`;
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (cause) {
    throw new VellumError("io", "cannot read the WARC file", { value: path, cause });
  }
  let raw: Buffer;
  try {
    raw = Buffer.allocUnsafe(length);
    const { bytesRead } = await handle.read(raw, 0, length, offset);
    if (bytesRead < length) {
      throw new VellumError("archive-invalid", "the WARC file ends inside the record", {
        value: where,
      });
    }
  } finally {
    await handle.close();
  }
  let bytes: Buffer = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      bytes = gunzipSync(raw, { maxOutputLength: maxBytes });
    } catch (cause) {
      throw new VellumError("archive-invalid", "the record's gzip member does not inflate", {
        value: where,
        cause,
      });
    }
  }
  const head = parseHead(bytes, where, true);
  const start = bytes.indexOf(CRLFCRLF) + CRLFCRLF.length;
  const size = Number(head.fields.get("content-length"));
  if (!Number.isSafeInteger(size) || size < 0 || start + size > bytes.byteLength) {
    throw new VellumError("archive-invalid", "the record is shorter than its Content-Length", {
      value: where,
    });
  }
  return { head, block: bytes.subarray(start, start + size) };
}

/** Parses the record head at the start of `raw` (plain or the start of a gzip member). */
export function parseRecordHead(raw: Buffer, where: string): RecordHead {
  return parseHead(raw, where, true);
}

const CRLFCRLF = Buffer.from("\r\n\r\n");

function parseHead(raw: Buffer, where: string, final: boolean): RecordHead {
  let bytes: Buffer = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      // This member only: the window may hold the next ones, and damage there is not this
      // record's.
      bytes = inflateMemberStart(raw);
    } catch (cause) {
      throw new VellumError("archive-invalid", "no gzip member starts at this offset", {
        value: where,
        cause,
      });
    }
  }
  const end = bytes.indexOf(CRLFCRLF);
  if (bytes.subarray(0, 5).toString("latin1") !== "WARC/" || end < 0) {
    if (!final && bytes.subarray(0, 5).toString("latin1") === "WARC/") throw new IncompleteHead();
    throw new VellumError("archive-invalid", "no WARC record starts at this offset", {
      value: where,
    });
  }
  const lines = bytes.subarray(0, end).toString("utf8").split("\r\n");
  const fields = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(i + 1).trim());
  }
  let http: string | null = null;
  const type = fields.get("warc-type");
  // A revisit repeats the HTTP head of the answer it stands for (WARC 1.1 §6.7.2), when it has one.
  const hasBlock = Number(fields.get("content-length") ?? "0") > 0;
  if (type === "response" || type === "request" || (type === "revisit" && hasBlock)) {
    const httpEnd = bytes.indexOf(CRLFCRLF, end + 4);
    if (httpEnd < 0 && !final) throw new IncompleteHead();
    http = bytes.subarray(end + 4, httpEnd < 0 ? bytes.byteLength : httpEnd).toString("latin1");
  }
  return { warcVersion: lines[0] ?? "", fields, http };
}
