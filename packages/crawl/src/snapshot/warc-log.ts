import { open, readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  type ExchangeLocations,
  type MetadataRecordInput,
  type RecordLocation,
  type ResourceRecordInput,
  type RevisitOriginal,
  sealWarc,
  type WarcInfo,
  WarcWriter,
} from "@vellum/archive";
import type { Clock, Exchange, IdSource } from "@vellum/model";
import type { Collection } from "../collection/collection.js";
import type { WarcFileMark } from "../collection/types.js";

export interface WarcLogOptions {
  readonly dir: string;
  readonly prefix: string;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly info: WarcInfo;
  readonly maxFileBytes?: number;
  /**
   * Runs a batch of commits in one database transaction (`collection.transaction`): the
   * groups synced together are committed together.
   */
  readonly transaction: <T>(work: () => T) => T;
}

/** The writes of one group, and where each file ends after them. */
export class WarcGroup {
  readonly #writer: WarcWriter;
  readonly #ends = new Map<string, number>();

  constructor(writer: WarcWriter) {
    this.#writer = writer;
  }

  #note(location: RecordLocation): RecordLocation {
    const end = location.offset + location.length;
    this.#ends.set(location.filename, Math.max(end, this.#ends.get(location.filename) ?? 0));
    return location;
  }

  async exchange(exchange: Exchange): Promise<ExchangeLocations> {
    const at = await this.#writer.writeExchange(exchange);
    this.#note(at.response);
    this.#note(at.request);
    return at;
  }

  async revisit(exchange: Exchange, original: RevisitOriginal): Promise<ExchangeLocations> {
    const at = await this.#writer.writeRevisit(exchange, original);
    this.#note(at.response);
    this.#note(at.request);
    return at;
  }

  async metadata(input: MetadataRecordInput): Promise<RecordLocation> {
    return this.#note(await this.#writer.writeMetadata(input));
  }

  /** What a browser showed (a screenshot, a PDF, the rendered DOM), as a `resource` record. */
  async resource(input: ResourceRecordInput): Promise<RecordLocation> {
    return this.#note(await this.#writer.writeResource(input));
  }

  /** The committed length each file reaches once this group is committed. */
  marks(): WarcFileMark[] {
    return [...this.#ends].map(([name, committedBytes]) => ({ name, committedBytes }));
  }
}

/** A group written and waiting for its commit. */
interface PendingCommit {
  readonly commit: () => unknown;
  readonly resolve: (value: unknown) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The WARC files of one writer, written in groups: all the records of one capture are
 * contiguous. A group's commit to the collection database (with each file's new committed
 * length) runs only after its bytes are synced to disk, so the committed length of a file is
 * always the end of a whole, durable capture; after a crash everything past it (a capture that
 * was being written, maybe a torn record) is cut off by `recoverWarcs` and fetched again.
 *
 * Group commit: while one batch is being synced and committed, the groups written meanwhile
 * wait and then go together — one fdatasync and one SQLite transaction for all of them. With
 * one capture at a time that is one sync per capture; with sixteen it is a handful per second,
 * which is what lets a capture of thousands of pages keep the guarantee without paying a disk
 * flush for each page.
 *
 * The writer opens on the first group, so a run with nothing to do leaves no file.
 */
export class WarcLog {
  readonly #options: WarcLogOptions;
  #writer: WarcWriter | null = null;
  #opening: Promise<WarcWriter> | null = null;
  #tail: Promise<unknown> = Promise.resolve();
  #broken: unknown = null;
  #firstSequence = 0;
  #pending: PendingCommit[] = [];
  #flushing: Promise<void> | null = null;

  constructor(options: WarcLogOptions) {
    this.#options = options;
  }

  /** Names WARC files so they continue the numbering of those already in the directory. */
  async prepare(): Promise<void> {
    const names = await readdir(this.#options.dir).catch(() => [] as string[]);
    let next = 0;
    for (const name of names) {
      const m = /-(\d+)\.warc(?:\.gz)?(?:\.open)?$/.exec(name);
      if (m?.[1] !== undefined) next = Math.max(next, Number(m[1]) + 1);
    }
    this.#firstSequence = next;
  }

  /** The error that made writing impossible (a full disk …), if one did. */
  get broken(): unknown {
    return this.#broken;
  }

  /** File names this run wrote, in order. */
  get files(): readonly string[] {
    return this.#writer?.files ?? [];
  }

  #open(): Promise<WarcWriter> {
    if (this.#writer !== null) return Promise.resolve(this.#writer);
    this.#opening ??= WarcWriter.open({
      dir: this.#options.dir,
      prefix: this.#options.prefix,
      clock: this.#options.clock,
      ids: this.#options.ids,
      info: this.#options.info,
      firstSequence: this.#firstSequence,
      ...(this.#options.maxFileBytes === undefined
        ? {}
        : { maxFileBytes: this.#options.maxFileBytes }),
    }).then((writer) => {
      this.#writer = writer;
      return writer;
    });
    return this.#opening;
  }

  /**
   * Runs `write` with the WARC files to itself: it writes its records through the group and
   * answers the commit to run once they are on disk — a synchronous function that records
   * them in the collection (with `group.marks()`), run inside one transaction with the other
   * groups of its batch. Answers what the commit answered, once it is committed.
   *
   * A failure while writing or committing leaves records past the committed length, so the
   * log refuses further groups: the run stops, and `recoverWarcs` cuts them off.
   */
  group<T>(write: (group: WarcGroup) => Promise<() => T>): Promise<T> {
    const written = this.#tail.then(async () => {
      if (this.#broken !== null) throw this.#broken;
      let writer: WarcWriter;
      try {
        writer = await this.#open();
      } catch (error) {
        this.#broken = error;
        throw error;
      }
      try {
        return await write(new WarcGroup(writer));
      } catch (error) {
        this.#broken = error;
        throw error;
      }
    });
    // The next group writes as soon as this one has written; the commits follow in order.
    this.#tail = written.catch(() => undefined);
    return written.then(
      (commit) =>
        new Promise<T>((resolve, reject) => {
          this.#pending.push({ commit, resolve: resolve as (value: unknown) => void, reject });
          this.#flushing ??= this.#flush();
        }),
    );
  }

  /** Syncs and commits the waiting groups, a batch at a time, until none waits. */
  async #flush(): Promise<void> {
    try {
      while (this.#pending.length > 0) {
        const batch = this.#pending;
        this.#pending = [];
        if (this.#broken !== null) {
          for (const p of batch) p.reject(this.#broken);
          continue;
        }
        let results: unknown[];
        try {
          await this.#writer?.sync();
          results = this.#options.transaction(() => batch.map((p) => p.commit()));
        } catch (error) {
          this.#broken = error;
          for (const p of batch) p.reject(error);
          continue;
        }
        batch.forEach((p, i) => {
          p.resolve(results[i]);
        });
      }
    } finally {
      this.#flushing = null;
    }
  }

  /**
   * Finishes the run's files: waits for every group to be committed, then closes the writer;
   * after a failure leaves the files to `recoverWarcs`, which cuts them to what was committed.
   */
  async close(): Promise<void> {
    await this.#tail;
    while (this.#flushing !== null) await this.#flushing;
    if (this.#writer === null) return;
    if (this.#broken === null) await this.#writer.close();
  }
}

const OPEN_SUFFIX = ".open";

/** Whether the bytes from `start` to `end` are whole gzip members holding WARC records. */
async function readsWhole(path: string, start: number, end: number): Promise<boolean> {
  try {
    const handle = await open(path, "r");
    try {
      const bytes = Buffer.alloc(end - start);
      const { bytesRead } = await handle.read(bytes, 0, bytes.byteLength, start);
      if (bytesRead !== bytes.byteLength) return false;
      const text = path.includes(".warc.gz") ? gunzipSync(bytes) : bytes;
      return text.subarray(0, 9).toString("latin1") === "WARC/1.1\r";
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}
const isWarcName = (name: string) => /\.warc(?:\.gz)?$/i.test(name);

/**
 * Makes every WARC file of a collection end at what its database committed: files a killed run
 * left `.open` are cut there, indexed and renamed; a finished file with bytes past its commit
 * (its run died between the last write and the commit) is cut too; a file with nothing
 * committed is removed. Answers how many files it touched.
 */
export async function recoverWarcs(collection: Collection): Promise<number> {
  const names = await readdir(collection.dir).catch(() => [] as string[]);
  // Bytes the database counts on but the files lack: those captures are redone, never used.
  for (const row of collection.warcFiles()) {
    const present = names.includes(row.name)
      ? row.name
      : names.includes(`${row.name}${OPEN_SUFFIX}`)
        ? `${row.name}${OPEN_SUFFIX}`
        : null;
    const size =
      present === null
        ? 0
        : ((await stat(join(collection.dir, present)).catch(() => null))?.size ?? 0);
    const records = collection.recordsIn(row.name);
    let whole = Math.min(size, row.committedBytes);
    if (size >= row.committedBytes && present !== null) {
      const last = records.at(-1);
      if (
        last !== undefined &&
        !(await readsWhole(join(collection.dir, present), last.offset, row.committedBytes))
      )
        whole = last.offset;
    }
    if (whole >= row.committedBytes) continue;
    // The capture that straddles the break, and everything after it, is undone.
    let cut = whole;
    const broken = records.filter((r) => r.offset + r.length > whole || r.offset >= whole);
    const straddling = records.filter((r) => r.offset < whole).at(-1);
    const lost = new Set(broken.map((r) => r.captureId));
    if (straddling !== undefined) lost.add(straddling.captureId);
    for (const r of records)
      if (lost.has(r.captureId) && r.captureId !== null) cut = Math.min(cut, r.offset);
    for (const r of broken) cut = Math.min(cut, r.offset);
    if (straddling !== undefined && straddling.captureId === null)
      cut = Math.min(cut, straddling.offset);
    collection.forgetPast(row.name, cut);
    if (cut === 0 && present === null) collection.forgetWarcFile(row.name);
  }
  const committed = new Map(collection.warcFiles().map((f) => [f.name, f]));
  let touched = 0;
  for (const name of names) {
    if (name.endsWith(OPEN_SUFFIX) && isWarcName(name.slice(0, -OPEN_SUFFIX.length))) {
      const final = name.slice(0, -OPEN_SUFFIX.length);
      const row = committed.get(final);
      const sealed = await sealWarc(join(collection.dir, name), row?.committedBytes ?? 0);
      if (sealed === null) {
        if (row !== undefined) collection.forgetWarcFile(final);
      } else {
        collection.closeWarcFile(final);
      }
      touched += 1;
      continue;
    }
    const row = committed.get(name);
    if (row === undefined || !isWarcName(name)) continue;
    const size = (await stat(join(collection.dir, name)).catch(() => null))?.size ?? null;
    if (row.committedBytes === 0) {
      await sealWarc(join(collection.dir, name), 0);
      collection.forgetWarcFile(name);
      touched += 1;
    } else if (size !== null && size > row.committedBytes) {
      await sealWarc(join(collection.dir, name), row.committedBytes);
      collection.closeWarcFile(name);
      touched += 1;
    }
  }
  return touched;
}
