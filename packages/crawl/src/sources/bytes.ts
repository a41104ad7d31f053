import { decodeStream } from "@vellum/fetch";
import { isVellumError } from "@vellum/model";
import { byteLength, peek } from "./peek.js";
import { SourceFault } from "./problems.js";

/** What reading a body found out, filled in as the bytes flow. */
export interface ByteTally {
  /** Bytes after every content coding and gzip layer was undone. */
  bytes: number;
  /** True when a compression layer was undone (so a size overrun is a bomb). */
  compressed: boolean;
}

export interface DocumentBytesOptions {
  /** `Content-Encoding` as served. */
  readonly contentEncoding: string | null;
  /** Bytes allowed after decompression; past it the document stops with a fault. */
  readonly maxBytes: number;
  /** The body was cut short: decode what arrived instead of calling the data damaged. */
  readonly truncated: boolean;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

function damaged(error: unknown): SourceFault {
  const message = isVellumError(error) ? error.message : String(error);
  return new SourceFault(
    "gzip-damaged",
    `the compressed data is damaged (${message})`,
    "the file on the server is broken; tell the site, or fetch it again later",
  );
}

async function* guarded(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    yield* source;
  } catch (error) {
    if (isVellumError(error) && error.code === "input-invalid") throw damaged(error);
    throw error;
  }
}

/**
 * A document's bytes as a stream with every compression undone: the `Content-Encoding` layers,
 * then a gzip file recognised by its magic bytes (`sitemap.xml.gz` is usually served as
 * `application/x-gzip` with no content coding, sometimes with one on top). Stops with a
 * `gzip-bomb` (or `source-too-large`) fault past `maxBytes`, so decompression is bounded by what
 * is read, never by what the file claims.
 */
export async function* documentBytes(
  body: AsyncIterable<Uint8Array>,
  options: DocumentBytesOptions,
  tally: ByteTally,
): AsyncGenerator<Uint8Array, void, undefined> {
  const lenient = options.truncated;
  const decoded = guarded(decodeStream(body, options.contentEncoding, { lenient }));
  if (options.contentEncoding !== null && options.contentEncoding.trim() !== "")
    tally.compressed = /\b(?:gzip|x-gzip|deflate|br)\b/i.test(options.contentEncoding);

  // Peek at the first two bytes for a gzip file inside (or instead of) the content coding.
  const peeked = await peek(decoded, (head) => byteLength(head) >= 2);
  const first = Buffer.concat(peeked.head.slice(0, 2));
  let stream: AsyncIterable<Uint8Array> = peeked.stream;
  if (first[0] === GZIP_MAGIC_0 && first[1] === GZIP_MAGIC_1) {
    tally.compressed = true;
    stream = guarded(decodeStream(stream, "gzip", { lenient }));
  }
  for await (const chunk of stream) {
    const room = options.maxBytes - tally.bytes;
    if (chunk.byteLength > room) {
      tally.bytes += room;
      const limit = `${Math.round(options.maxBytes / 1024 / 1024)} MiB`;
      throw tally.compressed
        ? new SourceFault(
            "gzip-bomb",
            `decompresses to more than ${limit}: a decompression bomb, or a file far over the protocol's 50 MB`,
            "the URLs read before the limit are kept; raise the limit only for a source you trust",
          )
        : new SourceFault(
            "source-too-large",
            `is larger than ${limit}, far over the protocol's 50 MB`,
            "the URLs read before the limit are kept; ask the site to split the file",
          );
    }
    tally.bytes += chunk.byteLength;
    yield chunk;
  }
}
