import { Readable } from "node:stream";
import {
  constants,
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
} from "node:zlib";
import type { Payload } from "@vellum/model";

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

function decoderFor(coding: string, first: Uint8Array | undefined) {
  switch (coding) {
    case "gzip":
    case "x-gzip":
      return createGunzip(lenient);
    case "deflate": {
      // "deflate" means zlib-wrapped (RFC 1950), but some servers send raw deflate (RFC 1951);
      // a zlib header has CM=8 in the low nibble and a checksum over the first two bytes.
      const a = first?.[0];
      const b = first?.[1];
      const zlibWrapped =
        a !== undefined && b !== undefined && (a & 0x0f) === 8 && ((a << 8) | b) % 31 === 0;
      return zlibWrapped ? createInflate(lenient) : createInflateRaw(lenient);
    }
    case "br":
      return createBrotliDecompress(lenientBrotli);
    default:
      return null;
  }
}

async function firstChunk(payload: Payload): Promise<Uint8Array | undefined> {
  for await (const chunk of payload.stream()) return chunk;
  return undefined;
}

export interface DecodedBody {
  readonly bytes: Uint8Array;
  /** Set when the coding is unknown or the stream is corrupt; `bytes` is then the raw body. */
  readonly problem: string | null;
  /** True when decoding stopped at `maxBytes`. */
  readonly capped: boolean;
}

/**
 * Undoes the content codings of a body, streaming, and stops at `maxBytes` of output so a
 * decompression bomb cannot fill memory.
 */
export async function decodeBody(
  payload: Payload,
  contentEncoding: string | null,
  maxBytes: number,
): Promise<DecodedBody> {
  const codings = contentCodings(contentEncoding).reverse();
  let stream: NodeJS.ReadableStream = Readable.from(payload.stream());
  let problem: string | null = null;
  if (codings.length > 0) {
    const first = await firstChunk(payload);
    const decoders = [];
    for (const coding of codings) {
      // Only the outermost coding's first bytes are known without decoding; inner deflate
      // layers are assumed zlib-wrapped as the RFC says.
      const decoder = decoderFor(
        coding,
        decoders.length === 0 ? first : new Uint8Array([0x78, 0x9c]),
      );
      if (decoder === null) {
        problem = `unknown content coding "${coding}"`;
        break;
      }
      decoders.push(decoder);
    }
    if (problem === null) {
      for (const d of decoders) stream = stream.pipe(d);
    } else {
      stream = Readable.from(payload.stream());
    }
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  let capped = false;
  try {
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
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
    if (length === 0) {
      const raw = await decodeBody(payload, null, maxBytes);
      return {
        ...raw,
        problem: `could not decode ${contentEncoding}: ${(error as Error).message}`,
      };
    }
    problem = `decoding stopped early: ${(error as Error).message}`;
  }
  return { bytes: Buffer.concat(chunks), problem, capped };
}
