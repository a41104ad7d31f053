import { open } from "node:fs/promises";
import { constants, gunzipSync } from "node:zlib";
import { VellumError } from "@vellum/model";

/** The WARC and HTTP heads of one record, read from its offset without reading its body. */
export interface RecordHead {
  readonly warcVersion: string;
  /** WARC header fields, lowercase names, first value wins. */
  readonly fields: ReadonlyMap<string, string>;
  /** The HTTP status line and header text, for request/response records; null otherwise. */
  readonly http: string | null;
}

export const HEAD_PROBE_BYTES = 64 * 1024;
const PROBE = HEAD_PROBE_BYTES;

/**
 * Reads the head of the record at `offset`: one read and a partial inflate (zlib's sync flush
 * decodes a truncated member), so checking thousands of index entries costs no full decompression.
 */
export async function readRecordHead(path: string, offset: number): Promise<RecordHead> {
  let raw: Buffer;
  try {
    const handle = await open(path, "r");
    try {
      const buf = Buffer.alloc(PROBE);
      const { bytesRead } = await handle.read(buf, 0, PROBE, offset);
      raw = buf.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (cause) {
    throw new VellumError("io", "cannot read the WARC file", { value: path, cause });
  }
  return parseRecordHead(raw, `${path}@${offset}`);
}

/** Parses the record head at the start of `raw` (plain or the start of a gzip member). */
export function parseRecordHead(raw: Buffer, where: string): RecordHead {
  let bytes: Buffer = raw;
  if (raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      bytes = gunzipSync(raw, { finishFlush: constants.Z_SYNC_FLUSH });
    } catch (cause) {
      throw new VellumError("archive-invalid", "no gzip member starts at this offset", {
        value: where,
        cause,
      });
    }
  }
  const text = bytes.toString("latin1");
  const end = text.indexOf("\r\n\r\n");
  if (!text.startsWith("WARC/") || end < 0) {
    throw new VellumError("archive-invalid", "no WARC record starts at this offset", {
      value: where,
    });
  }
  const lines = text.slice(0, end).split("\r\n");
  const fields = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const i = line.indexOf(":");
    if (i <= 0) continue;
    const name = line.slice(0, i).trim().toLowerCase();
    if (!fields.has(name)) fields.set(name, line.slice(i + 1).trim());
  }
  let http: string | null = null;
  const type = fields.get("warc-type");
  if (type === "response" || type === "request") {
    const rest = text.slice(end + 4);
    const httpEnd = rest.indexOf("\r\n\r\n");
    http = httpEnd < 0 ? rest : rest.slice(0, httpEnd);
  }
  return { warcVersion: lines[0] ?? "", fields, http };
}
