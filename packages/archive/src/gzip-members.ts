import { type FileHandle, open } from "node:fs/promises";
import { constants, crc32, createInflateRaw, inflateRawSync } from "node:zlib";
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
const HEADER_PROBE = 64 * 1024;

/** RFC 1952 §2.3: the member header's length, or null when no member starts here. */
export function gzipHeaderLength(b: Uint8Array): number | null {
  if (b.byteLength < 10 || b[0] !== 0x1f || b[1] !== 0x8b || b[2] !== 8) return null;
  const flags = b[3] ?? 0;
  // Reserved flag bits set: not a member (RFC 1952: "must give an error").
  if (flags & 0xe0) return null;
  const view = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  let p = 10;
  if (flags & 4) p += 2 + (b.byteLength >= 12 ? view.readUInt16LE(10) : 0);
  if (flags & 8) p = view.indexOf(0, p) + 1;
  if (flags & 16) p = view.indexOf(0, p) + 1;
  if (flags & 2) p += 2;
  return p > 0 && p <= b.byteLength ? p : null;
}

/**
 * The start of the content of the member at the start of `raw`: that member only. zlib's gunzip
 * would run on into the next member held in the same window, and throw for damage there, so a
 * raw inflate of this member's deflate data is used, which stops at its end. A cut window is
 * decoded as far as it goes (sync flush). Throws when no member starts here or its start is
 * damaged.
 */
export function inflateMemberStart(raw: Uint8Array): Buffer {
  const hlen = gzipHeaderLength(raw);
  if (hlen === null) throw new Error("no gzip member header");
  return inflateRawSync(raw.subarray(hlen), { finishFlush: constants.Z_SYNC_FLUSH });
}

/** How reading one member ended. */
export type MemberOutcome =
  | { readonly ok: true; readonly length: number }
  | { readonly ok: false; readonly reason: string };

/**
 * Inflates the member at `offset`, handing its content to `onData` as it comes, and checks its
 * trailer (CRC-32 and length, RFC 1952 §2.3.1), so damage that still inflates is found too.
 * Never throws for damage: answers why the member is not sound.
 */
export async function inflateMemberAt(
  handle: FileHandle,
  offset: number,
  size: number,
  onData: (chunk: Buffer) => void,
): Promise<MemberOutcome> {
  const probe = Buffer.allocUnsafe(Math.min(HEADER_PROBE, size - offset));
  await handle.read(probe, 0, probe.byteLength, offset);
  const hlen = gzipHeaderLength(probe);
  if (hlen === null) return { ok: false, reason: "no gzip member starts here" };
  const inflate = createInflateRaw({ chunkSize: 256 * 1024 });
  let crc = 0;
  let produced = 0;
  let failure: Error | null = null;
  inflate.on("data", (d: Buffer) => {
    crc = crc32(d, crc);
    produced += d.byteLength;
    onData(d);
  });
  inflate.on("error", (e) => {
    failure = e;
  });
  const buffer = Buffer.allocUnsafe(CHUNK);
  let fed = 0;
  let position = offset + hlen;
  let ended = false;
  try {
    while (!ended && failure === null && position < size) {
      const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      fed += bytesRead;
      // Settles on the write's callback, or on an error (after which the callback may never
      // come): a damaged member must not leave the reader waiting forever.
      await new Promise<void>((resolve) => {
        const settle = () => {
          inflate.off("error", settle);
          resolve();
        };
        inflate.once("error", settle);
        inflate.write(Buffer.from(buffer.subarray(0, bytesRead)), settle);
      });
      // The inflater stops taking input at the end of the deflate stream.
      ended = inflate.bytesWritten < fed;
    }
    if (failure === null && !ended) {
      // All input taken: flush, to learn whether the deflate stream ended with it.
      await new Promise<void>((resolve) => inflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    }
  } finally {
    inflate.destroy();
  }
  const reason = (failure as Error | null)?.message;
  if (reason !== undefined) return { ok: false, reason };
  if (!ended) return { ok: false, reason: "the member is cut short" };
  const used = inflate.bytesWritten;
  const trailerAt = offset + hlen + used;
  if (trailerAt + 8 > size) return { ok: false, reason: "the member's trailer is missing" };
  const trailer = Buffer.allocUnsafe(8);
  await handle.read(trailer, 0, 8, trailerAt);
  if (trailer.readUInt32LE(0) !== crc >>> 0) {
    return { ok: false, reason: "its CRC-32 does not match: the compressed bytes changed" };
  }
  if (trailer.readUInt32LE(4) !== produced % 2 ** 32) {
    return { ok: false, reason: "its length does not match its trailer" };
  }
  return { ok: true, length: hlen + used + 8 };
}

/**
 * The offset of the next place after `from` where a gzip member starts whose first bytes
 * inflate to `expect` (`WARC/` for a WARC), or null: where reading can go on after a damaged
 * member. Scans for the magic bytes; a false match (the magic inside compressed data) fails the
 * header, the inflate or the expected start, and the scan goes on.
 */
export async function nextMemberAfter(
  handle: FileHandle,
  from: number,
  size: number,
  expect: string,
): Promise<number | null> {
  const window = Buffer.allocUnsafe(CHUNK);
  for (let start = from; start < size; start += CHUNK - 2) {
    const { bytesRead } = await handle.read(window, 0, CHUNK, start);
    if (bytesRead < 3) return null;
    const view = window.subarray(0, bytesRead);
    for (let i = view.indexOf(0x1f); i >= 0 && i + 2 < bytesRead; i = view.indexOf(0x1f, i + 1)) {
      if (view[i + 1] !== 0x8b || view[i + 2] !== 8) continue;
      const at = start + i;
      const probe = Buffer.allocUnsafe(Math.min(HEADER_PROBE, size - at));
      await handle.read(probe, 0, probe.byteLength, at);
      try {
        const head = inflateMemberStart(probe);
        if (head.subarray(0, expect.length).toString("latin1") === expect) return at;
      } catch {
        // Not a member start; go on.
      }
    }
  }
  return null;
}

/** Opens a file for member reading; `input-not-found` when it cannot be read. */
export async function openMembers(path: string): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (cause) {
    throw new VellumError("input-not-found", "cannot read the file", { value: path, cause });
  }
  return { handle, size: (await handle.stat()).size };
}

/**
 * Walks the gzip members of a file with zlib's raw inflater, one member at a time: the inflater
 * stops at the end of a deflate stream and reports how much input it used, which gives each
 * member's exact length. warcio finds these boundaries too, but inflates in JavaScript (pako),
 * several times slower; this is what indexes a WARC that has no side index. A damaged member
 * is an error naming its offset.
 */
export async function* gzipMembers(
  path: string,
  headBytes = 64 * 1024,
): AsyncGenerator<GzipMember> {
  const { handle, size } = await openMembers(path);
  try {
    let offset = 0;
    while (offset < size) {
      const parts: Buffer[] = [];
      let kept = 0;
      const outcome = await inflateMemberAt(handle, offset, size, (d) => {
        if (kept >= headBytes) return;
        const take = d.subarray(0, headBytes - kept);
        parts.push(Buffer.from(take));
        kept += take.byteLength;
      });
      if (!outcome.ok) {
        throw new VellumError("archive-invalid", `a gzip member is damaged (${outcome.reason})`, {
          value: `${path}@${offset}`,
          hint: "vellum verify names every damaged record of the file",
        });
      }
      yield { offset, length: outcome.length, head: Buffer.concat(parts) };
      offset += outcome.length;
    }
  } finally {
    await handle.close();
  }
}
