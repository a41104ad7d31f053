import { Readable } from "node:stream";
import {
  constants,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
} from "node:zlib";
import type { Payload } from "@vellum/model";
import { VellumError } from "@vellum/model";

// Decoding tolerates a body cut short (size cap, disconnect): keep what decoded so far.
const lenient = { finishFlush: constants.Z_SYNC_FLUSH };
const lenientBrotli = { finishFlush: constants.BROTLI_OPERATION_FLUSH };

/** Content codings we can undo, RFC 9110 §8.4.1; `x-gzip` is the legacy alias (§8.4.1.3). */
export function contentCodings(header: string | null): string[] {
  if (header === null) return [];
  return header
    .split(",")
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
}

function decoderFor(coding: string, first: Uint8Array | undefined, tolerant: boolean) {
  const flush = tolerant ? lenient : {};
  switch (coding) {
    case "gzip":
    case "x-gzip":
      return createGunzip(flush);
    case "deflate": {
      // "deflate" means zlib-wrapped (RFC 1950), but some servers send raw deflate (RFC 1951);
      // a zlib header has CM=8 in the low nibble and a checksum over the first two bytes.
      const a = first?.[0];
      const b = first?.[1];
      const zlibWrapped =
        a !== undefined && b !== undefined && (a & 0x0f) === 8 && ((a << 8) | b) % 31 === 0;
      return zlibWrapped ? createInflate(flush) : createInflateRaw(flush);
    }
    case "br":
      return createBrotliDecompress(tolerant ? lenientBrotli : {});
    default:
      return null;
  }
}

/** A coding this module cannot undo, or bytes that are not valid data of their coding. */
function decodeFailure(
  message: string,
  contentEncoding: string | null,
  cause?: unknown,
): VellumError {
  return new VellumError("input-invalid", message, {
    value: contentEncoding ?? "",
    hint: "the server sent a damaged or unsupported compressed body",
    ...(cause === undefined ? {} : { cause }),
  });
}

export interface DecodeStreamOptions {
  /**
   * Keep what decoded when compressed data ends early (a body cut at a size cap or by a
   * disconnect) instead of throwing. Default: false.
   */
  readonly lenient?: boolean;
}

/**
 * Undoes a body's content codings as a stream: a large sitemap or a decompression bomb is never
 * held whole, and a reader that stops pulling stops the decompression. Throws `input-invalid`
 * for an unknown coding or damaged data.
 */
export async function* decodeStream(
  source: AsyncIterable<Uint8Array>,
  contentEncoding: string | null,
  options: DecodeStreamOptions = {},
): AsyncGenerator<Uint8Array, void, undefined> {
  const codings = contentCodings(contentEncoding).reverse();
  if (codings.length === 0) {
    yield* source;
    return;
  }
  const iterator = source[Symbol.asyncIterator]();
  const head = await iterator.next();
  const first = head.done === true ? undefined : head.value;
  const decoders = [];
  for (const coding of codings) {
    // Only the outermost coding's first bytes are known without decoding; inner deflate
    // layers are assumed zlib-wrapped as the RFC says.
    const decoder = decoderFor(
      coding,
      decoders.length === 0 ? first : new Uint8Array([0x78, 0x9c]),
      options.lenient ?? false,
    );
    if (decoder === null) {
      await iterator.return?.();
      throw decodeFailure(`Unknown content coding "${coding}"`, contentEncoding);
    }
    decoders.push(decoder);
  }
  async function* replay(): AsyncGenerator<Uint8Array> {
    try {
      if (first !== undefined) yield first;
      for (;;) {
        const next = await iterator.next();
        if (next.done === true) return;
        yield next.value;
      }
    } finally {
      await iterator.return?.();
    }
  }
  const input = Readable.from(replay());
  let stream: NodeJS.ReadableStream = input;
  for (const d of decoders) stream = stream.pipe(d);
  const last = stream as Readable;
  // pipe() does not forward errors: one in an inner layer must end the outer read too.
  for (const d of decoders) d.once("error", (error) => last.destroy(error));
  try {
    for await (const chunk of last as AsyncIterable<Uint8Array>) yield chunk;
  } catch (cause) {
    throw decodeFailure(
      `Could not decode the ${contentEncoding} body: ${(cause as Error).message}`,
      contentEncoding,
      cause,
    );
  } finally {
    for (const d of decoders) d.destroy();
    input.destroy();
    // Waits for a read in flight, then closes the source (a spooled body holds a file open).
    await iterator.return?.();
  }
}

export interface DecodedBody {
  readonly bytes: Uint8Array;
  /** Set when the coding is unknown or the stream is corrupt; `bytes` is then the raw body. */
  readonly problem: string | null;
  /** True when decoding stopped at `maxBytes`. */
  readonly capped: boolean;
}

/**
 * Undoes the content codings of a body into memory, tolerating a body cut short, and stops at
 * `maxBytes` of output so a decompression bomb cannot fill memory.
 */
export async function decodeBody(
  payload: Payload,
  contentEncoding: string | null,
  maxBytes: number,
): Promise<DecodedBody> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  let capped = false;
  let problem: string | null = null;
  try {
    for await (const chunk of decodeStream(payload.stream(), contentEncoding, { lenient: true })) {
      const room = maxBytes - length;
      if (chunk.byteLength >= room) {
        chunks.push(chunk.subarray(0, room));
        length += room;
        capped = chunk.byteLength > room;
        if (capped) break;
        continue;
      }
      chunks.push(chunk);
      length += chunk.byteLength;
    }
  } catch (error) {
    const reason = ((error as VellumError).cause as Error | undefined)?.message;
    if (length === 0) {
      const raw = await decodeBody(payload, null, maxBytes);
      const unknown = contentCodings(contentEncoding).find(
        (c) => decoderFor(c, undefined, true) === null,
      );
      return {
        ...raw,
        problem:
          unknown === undefined
            ? `could not decode ${contentEncoding}: ${reason ?? (error as Error).message}`
            : `unknown content coding "${unknown}"`,
      };
    }
    problem = `decoding stopped early: ${reason ?? (error as Error).message}`;
  }
  return { bytes: Buffer.concat(chunks), problem, capped };
}
