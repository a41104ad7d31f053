import { open } from "node:fs/promises";
import { createInflateRaw } from "node:zlib";
import { VellumError } from "@vellum/model";

/** One gzip member of a file: where it is, and the start of what it holds. */
export interface GzipMember {
  readonly offset: number;
  /** Compressed length: header, deflate data and trailer. */
  readonly length: number;
  /** The first `headBytes` bytes of its content. */
  readonly head: Buffer;
}

const CHUNK = 1024 * 1024;

/** RFC 1952 §2.3: the member header's length, or null when no member starts here. */
function headerLength(b: Buffer): number | null {
  if (b.byteLength < 10 || b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) return null;
  const flags = b[3] ?? 0;
  let p = 10;
  if (flags & 4) p += 2 + (b.readUInt16LE(p) ?? 0);
  if (flags & 8) p = b.indexOf(0, p) + 1;
  if (flags & 16) p = b.indexOf(0, p) + 1;
  if (flags & 2) p += 2;
  return p > 0 && p <= b.byteLength ? p : null;
}

/**
 * Walks the gzip members of a file with zlib's raw inflater, one member at a time: the inflater
 * stops at the end of a deflate stream and reports how much input it used, which gives each
 * member's exact length. warcio finds these boundaries too, but inflates in JavaScript (pako),
 * several times slower; this is what indexes a WARC that has no side index.
 */
export async function* gzipMembers(
  path: string,
  headBytes = 64 * 1024,
): AsyncGenerator<GzipMember> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (cause) {
    throw new VellumError("input-not-found", "cannot read the file", { value: path, cause });
  }
  const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
  let turn = 0;
  try {
    const size = (await handle.stat()).size;
    let offset = 0;
    while (offset < size) {
      const probe = Buffer.allocUnsafe(Math.min(64 * 1024, size - offset));
      await handle.read(probe, 0, probe.byteLength, offset);
      const hlen = headerLength(probe);
      if (hlen === null) {
        throw new VellumError("archive-invalid", "no gzip member starts here", {
          value: `${path}@${offset}`,
        });
      }
      const inflate = createInflateRaw();
      const parts: Buffer[] = [];
      let kept = 0;
      let failure: Error | null = null;
      inflate.on("data", (d: Buffer) => {
        if (kept < headBytes) {
          const take = d.subarray(0, headBytes - kept);
          parts.push(Buffer.from(take));
          kept += take.byteLength;
        }
      });
      inflate.on("error", (e) => {
        failure = e;
      });
      let fed = 0;
      let position = offset + hlen;
      let done = false;
      while (!done && failure === null) {
        if (position >= size) break;
        const buffer = buffers[turn] as Buffer;
        turn = 1 - turn;
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
        if (bytesRead === 0) break;
        position += bytesRead;
        fed += bytesRead;
        await new Promise<void>((resolve) =>
          inflate.write(buffer.subarray(0, bytesRead), () => resolve()),
        );
        // The inflater stops taking input at the end of the deflate stream.
        done = inflate.bytesWritten < fed;
      }
      const used = inflate.bytesWritten;
      inflate.destroy();
      if (failure !== null || !done) {
        throw new VellumError("archive-invalid", "a gzip member is corrupt or cut short", {
          value: `${path}@${offset}`,
          ...(failure !== null ? { cause: failure } : {}),
        });
      }
      const length = hlen + used + 8;
      if (offset + length > size) {
        throw new VellumError("archive-invalid", "a gzip member's trailer is missing", {
          value: `${path}@${offset}`,
        });
      }
      yield { offset, length, head: Buffer.concat(parts) };
      offset += length;
    }
  } finally {
    await handle.close();
  }
}
