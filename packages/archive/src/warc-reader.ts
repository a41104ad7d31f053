import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import type { HeaderList } from "@vellum/model";
import { VellumError } from "@vellum/model";
import { WARCParser } from "warcio";

/** One record as read: its WARC headers and a stream of its block. */
export interface WarcRecordEntry {
  /** Byte offset of the record (of its gzip member, in a `.warc.gz`) in the file. */
  readonly offset: number;
  /** Stored length (compressed, in a `.warc.gz`); known once the record has been passed. */
  readonly length: number | null;
  readonly warcVersion: string;
  readonly type: string;
  /** Repeated headers are joined with `, ` (warcio's multi-map). */
  readonly headers: HeaderList;
  header(name: string): string | null;
  /** The block as stored (for request/response: the HTTP head, then the payload). Read it once, before moving on. */
  readonly block: AsyncIterable<Uint8Array>;
}

export interface ReadWarcOptions {
  /** Start reading at this byte offset (a record boundary, e.g. from a CDXJ line). Default 0. */
  readonly start?: number;
}

/**
 * Streams the records of a WARC (plain or per-record gzip) through warcio's parser, which
 * handles both forms and tracks the member offsets a CDXJ index needs.
 */
export async function* readWarc(
  path: string,
  options: ReadWarcOptions = {},
): AsyncGenerator<WarcRecordEntry> {
  const start = options.start ?? 0;
  const stream = createReadStream(path, { start, highWaterMark: 256 * 1024 });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  });
  try {
    await opened;
  } catch (cause) {
    throw new VellumError("input-not-found", "cannot read the WARC file", { value: path, cause });
  }
  const parser = new WARCParser(stream, { keepHeadersCase: true, parseHttp: false });
  // A plain WARC's record ends after its CRLF CRLF, which warcio's recordLength leaves out; the
  // length is then the distance to the next record (or to the end of the file).
  const gzipped = await startsWithGzip(path, start);
  const fileSize = gzipped ? 0 : (await stat(path)).size;
  let previous: {
    entry: { offset: number; length: number | null };
    skip: () => Promise<void>;
  } | null = null;
  try {
    for (;;) {
      if (previous !== null) {
        await previous.skip();
        if (gzipped) previous.entry.length = parser.recordLength;
      }
      let record: Awaited<ReturnType<WARCParser["parse"]>>;
      try {
        record = await parser.parse();
      } catch (cause) {
        throw new VellumError("archive-invalid", "the WARC file is malformed", {
          value: path,
          cause,
        });
      }
      if (!gzipped && previous !== null) {
        previous.entry.length =
          (record === null ? fileSize : start + parser.offset) - previous.entry.offset;
      }
      if (record === null) break;
      const headers: [string, string][] = [...record.warcHeaders.headers.entries()];
      const lower = new Map(headers.map(([k, v]) => [k.toLowerCase(), v]));
      const rec = record;
      const entry = {
        offset: start + parser.offset,
        length: null as number | null,
        warcVersion: record.warcHeaders.statusline.trim(),
        type: lower.get("warc-type") ?? "",
        headers,
        header: (name: string) => lower.get(name.toLowerCase()) ?? null,
        block: (async function* () {
          for await (const chunk of rec.reader) yield chunk;
        })(),
      };
      previous = { entry, skip: () => rec.skipFully().then(() => undefined) };
      yield entry;
    }
  } finally {
    stream.destroy();
  }
}

async function startsWithGzip(path: string, at: number): Promise<boolean> {
  const handle = await open(path, "r");
  try {
    const b = Buffer.alloc(2);
    await handle.read(b, 0, 2, at);
    return b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    await handle.close();
  }
}
