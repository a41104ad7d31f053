import { crc32, deflateRawSync } from "node:zlib";
import { VellumError } from "@vellum/model";
import { type CentralEntry, centralDirectory, MAX32, zip64Extra } from "./zip-writer.js";

/** An entry of {@link zipStream}. */
export interface ZipStreamEntry {
  /** Forward-slash path inside the zip. */
  readonly name: string;
  /**
   * In-memory bytes get their CRC and sizes in the local header (and may be deflated); streamed
   * chunks are written as they come, their CRC and sizes in a data descriptor after them. Chunks
   * are handed on as they are, so a source must not reuse a chunk's buffer once it has yielded it.
   */
  readonly data: AsyncIterable<Uint8Array> | Uint8Array;
  /**
   * The byte count of streamed data when known in advance (a file on disk): at 4 GiB or more the
   * entry is written as ZIP64. Unknown and over 4 GiB fails with `too-large`.
   */
  readonly size?: number;
  /** Deflate in-memory data when that makes it smaller. Default false (stored). */
  readonly deflate?: boolean;
  /** Called with each chunk of the entry's (uncompressed) bytes as it is written. */
  readonly onChunk?: (chunk: Uint8Array) => void;
}

/** DOS date for 1980-01-01 00:00: entries carry no meaningful time (the package says when). */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * A ZIP (APPNOTE 6.3.x) as a stream of buffers, for an HTTP response: nothing is read twice and
 * nothing is held but the central directory. {@link ZipWriter} patches each CRC into its local
 * header after the data, which a socket cannot do; here a streamed entry's CRC and sizes follow
 * its data in a data descriptor (general purpose bit 3, APPNOTE 4.3.9; ZIP64 sizes when the
 * entry was announced as 4 GiB or more), which yauzl, unzip, Python's zipfile and ReplayWeb.page
 * (it reads sizes from the central directory) all accept. The central directory is the writer's.
 */
export async function* zipStream(
  entries: AsyncIterable<ZipStreamEntry> | Iterable<ZipStreamEntry>,
): AsyncGenerator<Buffer> {
  const central: CentralEntry[] = [];
  let position = 0;
  for await (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const offset = position;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(0, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt16LE(name.byteLength, 26);
    if (entry.data instanceof Uint8Array) {
      const raw = entry.data;
      const crc = crc32(raw) >>> 0;
      let body: Uint8Array = raw;
      let method = 0;
      if (entry.deflate === true) {
        const deflated = deflateRawSync(raw, { level: 9 });
        if (deflated.byteLength < raw.byteLength) {
          body = deflated;
          method = 8;
        }
      }
      const zip64 = raw.byteLength >= MAX32;
      const extra = zip64 ? zip64Extra([raw.byteLength, body.byteLength]) : Buffer.alloc(0);
      header.writeUInt16LE(zip64 ? 45 : 20, 4);
      header.writeUInt16LE(0x0800, 6); // bit 11: UTF-8 names
      header.writeUInt16LE(method, 8);
      header.writeUInt32LE(crc, 14);
      header.writeUInt32LE(zip64 ? MAX32 : body.byteLength, 18);
      header.writeUInt32LE(zip64 ? MAX32 : raw.byteLength, 22);
      header.writeUInt16LE(extra.byteLength, 28);
      entry.onChunk?.(raw);
      const head = Buffer.concat([header, name, extra]);
      position += head.byteLength + body.byteLength;
      yield head;
      yield Buffer.from(body.buffer, body.byteOffset, body.byteLength);
      central.push({
        name,
        crc,
        compressed: body.byteLength,
        size: raw.byteLength,
        offset,
        method,
        flags: 0x0800,
      });
      continue;
    }
    const zip64 = (entry.size ?? 0) >= MAX32;
    // A ZIP64 local header carries the extra field with zero sizes: the descriptor holds them.
    const extra = zip64 ? zip64Extra([0, 0]) : Buffer.alloc(0);
    header.writeUInt16LE(zip64 ? 45 : 20, 4);
    header.writeUInt16LE(0x0808, 6); // bit 3: CRC and sizes in a data descriptor; bit 11: UTF-8
    header.writeUInt16LE(0, 8); // stored
    header.writeUInt16LE(extra.byteLength, 28);
    const head = Buffer.concat([header, name, extra]);
    position += head.byteLength;
    yield head;
    let crc = 0;
    let size = 0;
    for await (const chunk of entry.data) {
      crc = crc32(chunk, crc);
      size += chunk.byteLength;
      entry.onChunk?.(chunk);
      position += chunk.byteLength;
      yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    if (size >= MAX32 && !zip64) {
      throw new VellumError("too-large", "A streamed zip entry grew past 4 GiB", {
        value: entry.name,
        hint: "narrow the download, or use vellum bundle on the collection",
      });
    }
    const descriptor = Buffer.alloc(zip64 ? 24 : 16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    if (zip64) {
      descriptor.writeBigUInt64LE(BigInt(size), 8);
      descriptor.writeBigUInt64LE(BigInt(size), 16);
    } else {
      descriptor.writeUInt32LE(size, 8);
      descriptor.writeUInt32LE(size, 12);
    }
    position += descriptor.byteLength;
    yield descriptor;
    central.push({
      name,
      crc: crc >>> 0,
      compressed: size,
      size,
      offset,
      method: 0,
      flags: 0x0808,
    });
  }
  yield centralDirectory(central, position, 0, DOS_DATE);
}
