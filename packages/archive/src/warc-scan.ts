import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { VellumError } from "@vellum/model";
import { inflateMemberAt, nextMemberAfter, openMembers } from "./gzip-members.js";

/** A gzip member that could not be read, and where reading went on. */
export interface DamagedMember {
  /** Offset of the damaged member in the file. */
  readonly offset: number;
  readonly reason: string;
  /** Records read whole before it (in the whole file, before this member). */
  readonly recordsBefore: number;
  /**
   * Records that ended inside it before the damage showed (a CRC-32 is only checked at the
   * member's end): handed to `end(true)`, but not to be trusted.
   */
  readonly recordsInIt: number;
  /** Where the next readable member starts, or null when none follows. */
  readonly resumedAt: number | null;
}

/** What a scan sees of one record: its head, then its block in pieces, then its end. */
export interface WarcScanHandler {
  /**
   * `version` is the first line (`WARC/1.1`); fields keep their order. `offset` is where the
   * record starts: in the file for a `.warc`, and for a `.warc.gz` read by member the offset of
   * the gzip member it starts in (the record's own offset when each record is a member, as
   * CDXJ gives it), otherwise in the uncompressed stream.
   */
  start(version: string, fields: ReadonlyArray<readonly [string, string]>, offset: number): void;
  block(chunk: Uint8Array): void;
  /** `complete` is false when the file (or a damaged member) ended inside the block. */
  end(complete: boolean): void;
  /**
   * Read by member only: a member that is damaged (it does not inflate, or its CRC-32 or length
   * disagrees with its trailer). Reading goes on at the next readable member.
   */
  damaged?(member: DamagedMember): void;
  /**
   * Read by member only: an intact member whose content is not well-formed WARC (a wrong
   * Content-Length …). Reading goes on at the next member.
   */
  invalid?(error: VellumError, memberOffset: number): void;
}

export interface ScanOptions {
  /**
   * Read a `.warc.gz` one gzip member at a time, checking each member's trailer, so that damage
   * is pinned to its member and reading goes on after it; slower than one stream through
   * gunzip (a new inflater per record). Default: false.
   */
  readonly byMember?: boolean;
}

const MAX_HEAD = 1024 * 1024;

/**
 * The WARC record structure over a stream of uncompressed bytes: heads by CRLF CRLF, blocks by
 * Content-Length, CRLF CRLF after each. Push-style, so nothing is held beyond one record head.
 */
class RecordParser {
  #state: "head" | "block" | "tail" = "head";
  #head: Buffer = Buffer.alloc(0);
  #remaining = 0;
  #tail = 0;
  #position = 0;
  #recordStart = 0;
  /** Records read whole. */
  whole = 0;
  /** The offset reported for the next record that starts (see `WarcScanHandler.start`). */
  anchor: number | null = null;

  constructor(
    private readonly path: string,
    private readonly handler: WarcScanHandler,
  ) {}

  get inRecord(): boolean {
    return this.#state === "block";
  }

  push(data: Buffer): void {
    let chunk: Buffer = data;
    while (chunk.byteLength > 0) {
      if (this.#state === "head") {
        if (this.#head.byteLength === 0) {
          // Records are separated by CRLF CRLF; tolerate extra blank lines between them.
          let skip = 0;
          while (skip < chunk.byteLength && (chunk[skip] === 0x0d || chunk[skip] === 0x0a)) skip++;
          this.#position += skip;
          chunk = chunk.subarray(skip);
          if (chunk.byteLength === 0) break;
          this.#recordStart = this.anchor ?? this.#position;
        }
        const joined: Buffer =
          this.#head.byteLength === 0 ? chunk : Buffer.concat([this.#head, chunk]);
        const end = joined.indexOf("\r\n\r\n");
        if (end < 0) {
          if (joined.byteLength > MAX_HEAD) {
            throw new VellumError("archive-invalid", "a WARC record head is over 1 MiB", {
              value: `${this.path}@${this.#recordStart}`,
            });
          }
          this.#position += chunk.byteLength;
          this.#head = joined;
          break;
        }
        const consumed = end + 4 - this.#head.byteLength;
        const lines = joined.subarray(0, end).toString("utf8").split("\r\n");
        const version = lines[0] ?? "";
        if (!version.startsWith("WARC/")) {
          throw new VellumError("archive-invalid", "no WARC record starts here", {
            value: `${this.path}@${this.#recordStart}`,
          });
        }
        const fields: [string, string][] = [];
        for (const line of lines.slice(1)) {
          const i = line.indexOf(":");
          if (i > 0) fields.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
        }
        const length = Number(
          fields.find(([k]) => k.toLowerCase() === "content-length")?.[1] ?? Number.NaN,
        );
        if (!Number.isSafeInteger(length) || length < 0) {
          throw new VellumError("archive-invalid", "a WARC record has no valid Content-Length", {
            value: `${this.path}@${this.#recordStart}`,
          });
        }
        this.handler.start(version, fields, this.#recordStart);
        this.anchor = null;
        this.#position += consumed;
        chunk = chunk.subarray(consumed);
        this.#head = Buffer.alloc(0);
        this.#remaining = length;
        this.#state = "block";
      }
      if (this.#state === "block") {
        const take = Math.min(this.#remaining, chunk.byteLength);
        if (take > 0) this.handler.block(chunk.subarray(0, take));
        this.#remaining -= take;
        this.#position += take;
        chunk = chunk.subarray(take);
        if (this.#remaining === 0) {
          this.whole++;
          this.handler.end(true);
          this.#state = "tail";
          this.#tail = 0;
        }
      }
      if (this.#state === "tail") {
        while (this.#tail < 4 && chunk.byteLength > 0) {
          const expected = this.#tail % 2 === 0 ? 0x0d : 0x0a;
          if (chunk[0] !== expected) {
            throw new VellumError(
              "archive-invalid",
              "a WARC record is not followed by CRLF CRLF: its Content-Length is wrong",
              { value: `${this.path}@${this.#recordStart}` },
            );
          }
          this.#tail++;
          this.#position++;
          chunk = chunk.subarray(1);
        }
        if (this.#tail === 4) this.#state = "head";
      }
    }
  }

  /** Gives up on what was being read (a damaged member): a record in progress ends incomplete. */
  abandon(): void {
    if (this.#state === "block") this.handler.end(false);
    this.#state = "head";
    this.#head = Buffer.alloc(0);
    this.#remaining = 0;
    this.#tail = 0;
  }

  /** The end of the input: throws when it ended inside a record. */
  finish(): void {
    if (this.#state === "block") {
      this.handler.end(false);
      throw new VellumError("archive-invalid", "the WARC file ends inside a record", {
        value: `${this.path}@${this.#recordStart}`,
      });
    }
    if (this.#state === "tail" && this.#tail < 4) {
      throw new VellumError(
        "archive-invalid",
        "the WARC file ends before the last record's CRLF CRLF",
        { value: this.path },
      );
    }
    if (this.#head.byteLength > 0) {
      throw new VellumError("archive-invalid", "the WARC file ends inside a record head", {
        value: this.path,
      });
    }
  }
}

/**
 * Scans a WARC. By default in one pass over zlib's gunzip (in C, several times faster than
 * warcio's pako, and it checks each member's CRC and length, so a cut or corrupt `.warc.gz` is
 * an error); with `byMember`, one gzip member at a time (see `ScanOptions`). Answers the number
 * of records read whole.
 */
export async function scanWarc(
  path: string,
  handler: WarcScanHandler,
  options: ScanOptions = {},
): Promise<number> {
  const gz = /\.gz$/i.test(path);
  if (gz && options.byMember === true) return scanByMember(path, handler);
  const parser = new RecordParser(path, handler);
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const source: AsyncIterable<Buffer> = gz
    ? file.pipe(createGunzip({ chunkSize: 256 * 1024 }))
    : file;
  file.on("error", (e) => (source as unknown as { destroy(e: Error): void }).destroy(e));
  try {
    for await (const data of source) parser.push(data);
  } catch (cause) {
    if (cause instanceof VellumError) throw cause;
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "EACCES") {
      throw new VellumError("input-not-found", "cannot read the WARC file", { value: path, cause });
    }
    throw new VellumError(
      "archive-invalid",
      `the WARC file is corrupt or cut short (${(cause as Error).message})`,
      { value: path, cause },
    );
  } finally {
    file.destroy();
  }
  parser.finish();
  return parser.whole;
}

async function scanByMember(path: string, handler: WarcScanHandler): Promise<number> {
  const parser = new RecordParser(path, handler);
  const { handle, size } = await openMembers(path);
  try {
    let offset = 0;
    while (offset < size) {
      parser.anchor = offset;
      const wholeBefore = parser.whole;
      let invalid: VellumError | null = null;
      const outcome = await inflateMemberAt(handle, offset, size, (chunk) => {
        if (invalid !== null) return;
        try {
          parser.push(chunk);
        } catch (error) {
          if (!(error instanceof VellumError)) throw error;
          invalid = error;
        }
      });
      if (!outcome.ok) {
        const recordsInIt = parser.whole - wholeBefore;
        parser.abandon();
        const resumedAt = await nextMemberAfter(handle, offset + 1, size, "WARC/");
        handler.damaged?.({
          offset,
          reason: outcome.reason,
          recordsBefore: wholeBefore,
          recordsInIt,
          resumedAt,
        });
        if (handler.damaged === undefined) {
          throw new VellumError("archive-invalid", `a gzip member is damaged (${outcome.reason})`, {
            value: `${path}@${offset}`,
          });
        }
        if (resumedAt === null) return parser.whole;
        offset = resumedAt;
        continue;
      }
      if (invalid !== null) {
        parser.abandon();
        if (handler.invalid === undefined) throw invalid;
        handler.invalid(invalid, offset);
      }
      offset += outcome.length;
    }
  } finally {
    await handle.close();
  }
  parser.finish();
  return parser.whole;
}
