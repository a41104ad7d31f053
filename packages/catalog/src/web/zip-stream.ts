import { crc32 } from "node:zlib";
import { VellumError } from "@vellum/model";

/**
 * A ZIP (APPNOTE 6.3.x) written as a stream for an HTTP response, stored entries only. The
 * archive package's `ZipWriter` patches each CRC into its local header after the data, which a
 * socket cannot do; here each entry's CRC and sizes follow its data in a data descriptor
 * (general purpose bit 3), so nothing is read twice and nothing is held but the central
 * directory. yauzl, unzip and Python's zipfile read such entries from the central directory.
 */

export interface StreamEntry {
  /** Forward-slash path inside the zip. */
  readonly name: string;
  readonly data: AsyncIterable<Uint8Array> | Uint8Array;
  /** Called with each chunk as it is written (hashing for manifests). */
  readonly onChunk?: (chunk: Uint8Array) => void;
}

interface Central {
  readonly name: Buffer;
  readonly crc: number;
  readonly size: number;
  readonly offset: number;
}

const MAX32 = 0xffffffff;
/** DOS date for 1980-01-01 00:00 (entries carry no meaningful time; the bag says when). */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/** The zip's bytes, entry by entry, ending with the central directory. */
export async function* zipStream(entries: AsyncIterable<StreamEntry>): AsyncGenerator<Buffer> {
  const central: Central[] = [];
  let position = 0;
  const emit = (b: Buffer) => {
    position += b.byteLength;
    return b;
  };
  for await (const entry of entries) {
    const name = Buffer.from(entry.name, "utf8");
    const offset = position;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(0x0808, 6); // bit 3: sizes and CRC in a data descriptor; bit 11: UTF-8 names
    header.writeUInt16LE(0, 8); // stored
    header.writeUInt16LE(0, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt16LE(name.byteLength, 26);
    yield emit(Buffer.concat([header, name]));
    let crc = 0;
    let size = 0;
    const chunks = entry.data instanceof Uint8Array ? [entry.data] : entry.data;
    for await (const chunk of chunks) {
      crc = crc32(chunk, crc);
      size += chunk.byteLength;
      entry.onChunk?.(chunk);
      yield emit(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    if (size >= MAX32 || offset >= MAX32) {
      throw new VellumError("too-large", "A download is larger than 4 GiB", {
        value: entry.name,
        hint: "narrow the search, or use vellum bundle on the collection",
      });
    }
    const descriptor = Buffer.alloc(16);
    descriptor.writeUInt32LE(0x08074b50, 0);
    descriptor.writeUInt32LE(crc >>> 0, 4);
    descriptor.writeUInt32LE(size, 8);
    descriptor.writeUInt32LE(size, 12);
    yield emit(descriptor);
    central.push({ name, crc: crc >>> 0, size, offset });
  }
  const start = position;
  for (const e of central) {
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE((3 << 8) | 20, 4);
    h.writeUInt16LE(20, 6);
    h.writeUInt16LE(0x0808, 8);
    h.writeUInt16LE(0, 10);
    h.writeUInt16LE(0, 12);
    h.writeUInt16LE(DOS_DATE, 14);
    h.writeUInt32LE(e.crc, 16);
    h.writeUInt32LE(e.size, 20);
    h.writeUInt32LE(e.size, 24);
    h.writeUInt16LE(e.name.byteLength, 28);
    h.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    h.writeUInt32LE(e.offset, 42);
    yield emit(Buffer.concat([h, e.name]));
  }
  const size = position - start;
  if (central.length >= 0xffff || position >= MAX32) {
    throw new VellumError("too-large", "A download has too many files or bytes for one zip", {
      value: `${central.length} files`,
      hint: "narrow the search, or use vellum bundle on the collection",
    });
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(central.length, 8);
  end.writeUInt16LE(central.length, 10);
  end.writeUInt32LE(size, 12);
  end.writeUInt32LE(start, 16);
  yield emit(end);
}
