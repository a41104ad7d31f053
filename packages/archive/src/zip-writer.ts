import { type FileHandle, open } from "node:fs/promises";
import { crc32, deflateRawSync } from "node:zlib";
import { VellumError } from "@vellum/model";

/** Options for {@link ZipWriter.open}. */
export interface ZipWriterOptions {
  /** The modification time written for every entry (determinism). Default 1980-01-01. */
  readonly date?: Date;
}

export interface ZipEntryInput {
  /** Forward-slash path inside the zip. */
  readonly name: string;
  /** Exact byte count of `data` (STORED entries' headers are written before the data). */
  readonly size: number;
  readonly data: AsyncIterable<Uint8Array> | Uint8Array;
  /** Deflate it; only for in-memory data. Default false (stored). */
  readonly deflate?: boolean;
}

/** An entry as the central directory lists it. */
export interface CentralEntry {
  readonly name: Buffer;
  readonly crc: number;
  readonly compressed: number;
  readonly size: number;
  readonly offset: number;
  readonly method: number;
  /** General purpose flags (bit 11: UTF-8 names; bit 3: sizes in a data descriptor). */
  readonly flags?: number;
}

export const MAX32 = 0xffffffff;
const MAX16 = 0xffff;

/**
 * A small ZIP writer (APPNOTE 6.3.x) for STORED entries of known size. Written by hand rather than
 * with archiver because archiver computes CRC-32 in JavaScript (~0.75 GB/s here) while
 * `zlib.crc32` runs at several GB/s; for a WACZ, whose WARCs are stored, the CRC is nearly the
 * whole cost. Local headers carry the real sizes and CRC (patched in place after the data), with no
 * data descriptors, so range-reading clients such as ReplayWeb.page can locate entries directly.
 */
export class ZipWriter {
  readonly #handle: FileHandle;
  readonly #dosTime: number;
  readonly #dosDate: number;
  readonly #central: CentralEntry[] = [];
  #position = 0;
  #closed = false;

  private constructor(handle: FileHandle, date: Date) {
    this.#handle = handle;
    const year = Math.max(1980, date.getUTCFullYear());
    this.#dosDate = ((year - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
    this.#dosTime =
      (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1);
  }

  static async open(path: string, options: ZipWriterOptions = {}): Promise<ZipWriter> {
    try {
      const handle = await open(path, "wx");
      return new ZipWriter(handle, options.date ?? new Date(Date.UTC(1980, 0, 1)));
    } catch (cause) {
      throw new VellumError("io", "Cannot create the file", { value: path, cause });
    }
  }

  /** Bytes written so far. */
  get position(): number {
    return this.#position;
  }

  async add(entry: ZipEntryInput): Promise<void> {
    const name = Buffer.from(entry.name, "utf8");
    let data = entry.data;
    let method = 0;
    let compressed = entry.size;
    let crc = 0;
    if (entry.deflate === true && data instanceof Uint8Array) {
      crc = crc32(data);
      const deflated = deflateRawSync(data, { level: 9 });
      if (deflated.byteLength < data.byteLength) {
        method = 8;
        data = deflated;
        compressed = deflated.byteLength;
      }
    }
    const zip64 = entry.size >= MAX32 || compressed >= MAX32;
    const headerOffset = this.#position;
    const extra = zip64 ? zip64Extra([entry.size, compressed]) : Buffer.alloc(0);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(zip64 ? 45 : 20, 4);
    header.writeUInt16LE(0x0800, 6); // bit 11: names are UTF-8
    header.writeUInt16LE(method, 8);
    header.writeUInt16LE(this.#dosTime, 10);
    header.writeUInt16LE(this.#dosDate, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(zip64 ? MAX32 : compressed, 18);
    header.writeUInt32LE(zip64 ? MAX32 : entry.size, 22);
    header.writeUInt16LE(name.byteLength, 26);
    header.writeUInt16LE(extra.byteLength, 28);
    await this.#write(Buffer.concat([header, name, extra]));
    let written = 0;
    if (data instanceof Uint8Array) {
      if (method === 0) crc = crc32(data);
      await this.#write(data);
      written = data.byteLength;
    } else {
      for await (const chunk of data) {
        crc = crc32(chunk, crc);
        written += chunk.byteLength;
        if (written > entry.size) break;
        await this.#write(chunk);
      }
    }
    if (written !== compressed) {
      throw new VellumError("io", "a file changed size while it was being zipped", {
        value: `${entry.name}: ${written} != ${compressed} bytes`,
        hint: "do not modify the snapshot while bundling it",
      });
    }
    const crcBytes = Buffer.alloc(4);
    crcBytes.writeUInt32LE(crc >>> 0, 0);
    await this.#handle.write(crcBytes, 0, 4, headerOffset + 14);
    this.#central.push({
      name,
      crc: crc >>> 0,
      compressed,
      size: entry.size,
      offset: headerOffset,
      method,
    });
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#write(
      centralDirectory(this.#central, this.#position, this.#dosTime, this.#dosDate),
    );
    await this.#handle.close();
  }

  /** Closes the file without a central directory, after a failure (the caller deletes it). */
  async abort(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#handle.close();
  }

  async #write(bytes: Uint8Array): Promise<void> {
    let done = 0;
    while (done < bytes.byteLength) {
      const { bytesWritten } = await this.#handle.write(
        bytes,
        done,
        bytes.byteLength - done,
        this.#position + done,
      );
      done += bytesWritten;
    }
    this.#position += bytes.byteLength;
  }
}

/**
 * The central directory of entries written from `start` on, and its end records (ZIP64 ones when
 * a count, size or offset overflows), shared by the file writer and the streamed zip.
 */
export function centralDirectory(
  central: readonly CentralEntry[],
  start: number,
  dosTime: number,
  dosDate: number,
): Buffer {
  const parts: Buffer[] = [];
  let position = start;
  for (const e of central) {
    const needs = [
      ...(e.size >= MAX32 ? [e.size] : []),
      ...(e.compressed >= MAX32 ? [e.compressed] : []),
      ...(e.offset >= MAX32 ? [e.offset] : []),
    ];
    const extra = needs.length > 0 ? zip64Extra(needs) : Buffer.alloc(0);
    const h = Buffer.alloc(46);
    h.writeUInt32LE(0x02014b50, 0);
    h.writeUInt16LE((3 << 8) | 45, 4); // made by: Unix, so the mode in external attributes counts
    h.writeUInt16LE(needs.length > 0 ? 45 : 20, 6);
    h.writeUInt16LE(e.flags ?? 0x0800, 8);
    h.writeUInt16LE(e.method, 10);
    h.writeUInt16LE(dosTime, 12);
    h.writeUInt16LE(dosDate, 14);
    h.writeUInt32LE(e.crc, 16);
    h.writeUInt32LE(Math.min(e.compressed, MAX32), 20);
    h.writeUInt32LE(Math.min(e.size, MAX32), 24);
    h.writeUInt16LE(e.name.byteLength, 28);
    h.writeUInt16LE(extra.byteLength, 30);
    h.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    h.writeUInt32LE(Math.min(e.offset, MAX32), 42);
    parts.push(h, e.name, extra);
    position += h.byteLength + e.name.byteLength + extra.byteLength;
  }
  const size = position - start;
  const count = central.length;
  if (count >= MAX16 || size >= MAX32 || start >= MAX32) {
    const z = Buffer.alloc(56);
    z.writeUInt32LE(0x06064b50, 0);
    z.writeBigUInt64LE(44n, 4);
    z.writeUInt16LE((3 << 8) | 45, 12);
    z.writeUInt16LE(45, 14);
    z.writeBigUInt64LE(BigInt(count), 24);
    z.writeBigUInt64LE(BigInt(count), 32);
    z.writeBigUInt64LE(BigInt(size), 40);
    z.writeBigUInt64LE(BigInt(start), 48);
    const locator = Buffer.alloc(20);
    locator.writeUInt32LE(0x07064b50, 0);
    locator.writeBigUInt64LE(BigInt(position), 8);
    locator.writeUInt32LE(1, 16);
    parts.push(z, locator);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Math.min(count, MAX16), 8);
  end.writeUInt16LE(Math.min(count, MAX16), 10);
  end.writeUInt32LE(Math.min(size, MAX32), 12);
  end.writeUInt32LE(Math.min(start, MAX32), 16);
  parts.push(end);
  return Buffer.concat(parts);
}

/** The ZIP64 extended information extra field (APPNOTE 4.5.3): only the fields that overflow. */
export function zip64Extra(values: number[]): Buffer {
  const b = Buffer.alloc(4 + 8 * values.length);
  b.writeUInt16LE(0x0001, 0);
  b.writeUInt16LE(8 * values.length, 2);
  values.forEach((v, i) => {
    b.writeBigUInt64LE(BigInt(v), 4 + 8 * i);
  });
  return b;
}
