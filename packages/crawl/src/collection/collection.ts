import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type Clock, systemClock, VellumError } from "@vellum/model";
import Database from "better-sqlite3";
import { shortHash, slugFor } from "../snapshot/slug.js";
import type { SourceRef } from "../sources/types.js";
import { type QueuedRow, spreadAcrossHosts } from "./claim-order.js";
import { migrate, SCHEMA_VERSION } from "./schema.js";
import type {
  ArticleDiff,
  ArticleRecord,
  CaptureRecord,
  ChangedField,
  ChangeRecord,
  CollectionStatus,
  CommitCapture,
  CommitResult,
  NewUrl,
  RecordInput,
  RunRecord,
  RunStatus,
  StoredRecord,
  UrlKind,
  UrlRecord,
  UrlState,
  WarcFileMark,
  WarcFileRecord,
} from "./types.js";

/** The database file inside a collection directory. */
export const COLLECTION_DB = "collection.db";
/** Held (an exclusive SQLite lock) by the one run that writes the collection. */
const LOCK_FILE = "collection.lock";
/** Who holds the lock, for the message a second run prints. */
const LOCK_OWNER = "collection.lock.json";

export interface CollectionOptions {
  /** Timestamps of rows. Default: the system clock. */
  readonly clock?: Clock;
  /**
   * Take the writer's lock: a second writer on the same collection is refused with
   * `collection-locked` until this one closes (or its process dies, SIGKILL included: the
   * operating system drops the lock). Readers (`vellum status`, a catalog) do not lock.
   * Default: false.
   */
  readonly lock?: boolean;
  /** Create the directory and database when missing. Default: true. */
  readonly create?: boolean;
}

/** Filters for `urls()`. */
export interface UrlQuery {
  readonly state?: UrlState;
  readonly kind?: UrlKind;
  readonly parentId?: number;
}

/** Filters for `captures()`, `articles()` and `changes()`. */
export interface HistoryQuery {
  /** Only this URL (as stored: absolute, without fragment). */
  readonly url?: string;
  /** Only what was captured at or after this ISO 8601 instant. */
  readonly since?: string;
  readonly kind?: UrlKind;
  /**
   * Only rows with an id above this one: a reader that remembers the last id it saw (a catalog
   * indexing captures as a run commits them) reads what was committed since, in commit order.
   */
  readonly afterId?: number;
}

interface UrlRow {
  id: number;
  url: string;
  host: string;
  kind: UrlKind;
  state: UrlState;
  source_kind: SourceRef["kind"] | null;
  source_location: string | null;
  parent_id: number | null;
  depth: number;
  requisite_kind: string | null;
  lastmod: string | null;
  published: string | null;
  title: string | null;
  slug: string | null;
  attempts: number;
  error_code: string | null;
  error_reason: string | null;
  added_at: string;
  updated_at: string;
  last_capture: number | null;
}

interface RecordRow {
  id: number;
  capture_id: number | null;
  run_id: number;
  role: RecordInput["role"];
  type: RecordInput["type"];
  target_uri: string;
  date: string;
  status: number;
  mime: string | null;
  payload_digest: string | null;
  payload_bytes: number;
  truncated: string | null;
  warc_file: string;
  warc_offset: number;
  warc_length: number;
  warc_record_id: string;
  refers_to: number | null;
}

const URL_COLUMNS = `u.id, u.url, u.host, u.kind, u.state, s.kind AS source_kind,
  s.location AS source_location, u.parent_id, u.depth, u.requisite_kind, u.lastmod, u.published,
  u.title, u.slug, u.attempts, u.error_code, u.error_reason, u.added_at, u.updated_at,
  u.last_capture`;

function toUrl(row: UrlRow): UrlRecord {
  return {
    id: row.id,
    url: row.url,
    host: row.host,
    kind: row.kind,
    state: row.state,
    source:
      row.source_kind === null || row.source_location === null
        ? null
        : { kind: row.source_kind, location: row.source_location },
    parentId: row.parent_id,
    depth: row.depth,
    requisiteKind: row.requisite_kind,
    lastmod: row.lastmod,
    published: row.published,
    title: row.title,
    slug: row.slug,
    attempts: row.attempts,
    error:
      row.error_code === null ? null : { code: row.error_code, reason: row.error_reason ?? "" },
    addedAt: row.added_at,
    updatedAt: row.updated_at,
    lastCaptureId: row.last_capture,
  };
}

function toRecord(row: RecordRow): StoredRecord {
  return {
    id: row.id,
    captureId: row.capture_id,
    runId: row.run_id,
    role: row.role,
    type: row.type,
    targetUri: row.target_uri,
    date: row.date,
    status: row.status,
    mime: row.mime,
    payloadDigest: row.payload_digest,
    payloadBytes: row.payload_bytes,
    truncated: row.truncated,
    warc: {
      file: row.warc_file,
      offset: row.warc_offset,
      length: row.warc_length,
      recordId: row.warc_record_id,
    },
    refersTo: row.refers_to,
  };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** SQLite's answer for a file that is not a database, or a damaged one. */
function isCorrupt(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "SQLITE_NOTADB" || code === "SQLITE_CORRUPT";
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && (code.startsWith("SQLITE_BUSY") || code === "SQLITE_LOCKED");
}

function isFull(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === "SQLITE_FULL" || code === "ENOSPC" || code === "EDQUOT" || code === "EFBIG";
}

/** Turns a SQLite or file-system failure into one clear `VellumError`. */
export function collectionError(error: unknown, path: string, doing: string): VellumError {
  if (error instanceof VellumError) {
    // A WARC or file write that failed for want of space says `io`; the cause says why.
    if (error.code === "io" && isFull(error.cause)) {
      return new VellumError("disk-full", `The disk is full: ${doing} failed`, {
        value: error.value ?? path,
        hint: "free some space, then run the same command again to resume",
        cause: error,
      });
    }
    return error;
  }
  if (isFull(error))
    return new VellumError("disk-full", `The disk is full: ${doing} failed`, {
      value: path,
      hint: "free some space, then run the same command again to resume",
      cause: error,
    });
  if (isCorrupt(error))
    return new VellumError("collection-invalid", "The collection database is unreadable", {
      value: path,
      hint: "it is not a Vellum collection or it is damaged; use another --out directory",
      cause: error,
    });
  if (isBusy(error))
    return new VellumError("collection-locked", "The collection database is locked", {
      value: path,
      hint: "another process is writing it; wait for it to finish",
      cause: error,
    });
  const message = error instanceof Error ? error.message : String(error);
  return new VellumError("io", `Could not use the collection database (${message})`, {
    value: path,
    hint: "check that the directory is readable and writable",
    cause: error,
  });
}

/**
 * A collection: a directory of WARC files and `collection.db`, the one record of every URL
 * (with its state), run, capture, WARC record, article and edit. Everything that reads or
 * writes a collection goes through this class; no SQL lives elsewhere.
 *
 * SQLite in WAL mode with `synchronous = NORMAL`: a commit survives the process being killed
 * (SIGKILL included); readers never block the writer. Calls are synchronous (better-sqlite3):
 * each is a few microseconds to a millisecond, and a commit is one transaction.
 */
export class Collection {
  readonly dir: string;
  readonly path: string;
  readonly #db: Database.Database;
  readonly #clock: Clock;
  #lock: Database.Database | null = null;
  #runId: number | null = null;
  readonly #statements = new Map<string, Database.Statement>();

  private constructor(dir: string, db: Database.Database, clock: Clock) {
    this.dir = dir;
    this.path = join(dir, COLLECTION_DB);
    this.#db = db;
    this.#clock = clock;
  }

  /** Whether `dir` holds a collection database. */
  static exists(dir: string): boolean {
    try {
      return statSync(join(resolve(dir), COLLECTION_DB)).isFile();
    } catch {
      return false;
    }
  }

  /**
   * Opens (and creates, unless `create: false`) the collection in `dir`, migrating its
   * database to this build's schema. Throws `collection-locked` when `lock` is asked and
   * another run holds it, `collection-invalid` when the database is unreadable or newer,
   * `input-not-found` when it is missing and `create` is false.
   */
  static open(dir: string, options: CollectionOptions = {}): Collection {
    const root = resolve(dir);
    const path = join(root, COLLECTION_DB);
    const create = options.create ?? true;
    if (!create && !Collection.exists(root)) {
      throw new VellumError("input-not-found", "Not a collection (no collection.db)", {
        value: dir,
        hint: "give the directory `vellum snapshot --out` wrote",
      });
    }
    try {
      mkdirSync(root, { recursive: true });
    } catch (cause) {
      throw collectionError(cause, root, "creating the collection directory");
    }
    let lock: Database.Database | null = null;
    if (options.lock ?? false) lock = Collection.#takeLock(root, options.clock ?? systemClock);
    let db: Database.Database;
    try {
      db = new Database(path, { fileMustExist: !create, timeout: 5000 });
    } catch (cause) {
      lock?.close();
      throw collectionError(cause, path, "opening the database");
    }
    try {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
      db.pragma("foreign_keys = ON");
      const version = db.pragma("user_version", { simple: true }) as number;
      if (version > SCHEMA_VERSION) {
        throw new VellumError(
          "collection-invalid",
          `The collection was written by a newer Vellum (schema ${version}, this one reads ${SCHEMA_VERSION})`,
          { value: path, hint: "upgrade Vellum to read it" },
        );
      }
      migrate(db);
    } catch (cause) {
      db.close();
      lock?.close();
      throw collectionError(cause, path, "reading the database");
    }
    const collection = new Collection(root, db, options.clock ?? systemClock);
    collection.#lock = lock;
    return collection;
  }

  /**
   * An exclusive transaction on a lock database, held until `close()`. The operating system
   * releases it when the process ends however it ends, so a killed run never leaves a stale
   * lock, and the lock is refused in the same process as in another.
   */
  static #takeLock(root: string, clock: Clock): Database.Database {
    const path = join(root, LOCK_FILE);
    let lock: Database.Database;
    try {
      lock = new Database(path, { timeout: 0 });
      lock.pragma("journal_mode = DELETE");
      lock.exec("BEGIN EXCLUSIVE");
    } catch (cause) {
      if (isBusy(cause)) {
        let owner = "";
        try {
          const held = JSON.parse(readFileSync(join(root, LOCK_OWNER), "utf8")) as {
            pid?: number;
            since?: string;
          };
          owner = ` (pid ${held.pid}, since ${held.since})`;
        } catch {
          // No owner file: the message says less, the refusal stands.
        }
        throw new VellumError(
          "collection-locked",
          `Another vellum run is writing this collection${owner}`,
          {
            value: root,
            hint: "wait for it to finish, or stop it; a second run cannot share the collection",
          },
        );
      }
      throw collectionError(cause, path, "locking the collection");
    }
    try {
      writeFileSync(
        join(root, LOCK_OWNER),
        `${JSON.stringify({ pid: process.pid, since: clock.now().toISOString() })}\n`,
      );
    } catch {
      // The owner file only improves the message; the lock itself is held.
    }
    return lock;
  }

  #stmt(sql: string): Database.Statement {
    let statement = this.#statements.get(sql);
    if (statement === undefined) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  #now(): string {
    return this.#clock.now().toISOString();
  }

  #guard<T>(doing: string, work: () => T): T {
    try {
      return work();
    } catch (error) {
      throw collectionError(error, this.path, doing);
    }
  }

  /** Closes the database and releases the lock. */
  close(): void {
    if (this.#db.open) {
      try {
        this.#db.pragma("wal_checkpoint(PASSIVE)");
      } catch {
        // A checkpoint is housekeeping; the WAL is replayed on the next open.
      }
      this.#db.close();
    }
    if (this.#lock?.open) {
      this.#lock.exec("ROLLBACK");
      this.#lock.close();
    }
    this.#lock = null;
  }

  /** True while this instance holds the writer's lock. */
  get locked(): boolean {
    return this.#lock !== null;
  }

  // ── runs ──────────────────────────────────────────────────────────────────────────────────

  /**
   * Starts a run: earlier runs still marked `running` died without finishing (`crashed`), and
   * the URLs they had claimed go back to the queue. Needs the lock.
   */
  beginRun(info: {
    readonly software: string;
    readonly robots: string;
    readonly options?: Readonly<Record<string, unknown>>;
  }): RunRecord {
    this.#needLock();
    return this.#guard("starting a run", () =>
      this.#db
        .transaction(() => {
          const now = this.#now();
          this.#stmt("UPDATE runs SET status = 'crashed' WHERE status = 'running'").run();
          this.#stmt(
            "UPDATE urls SET state = 'queued', updated_at = ? WHERE state = 'fetching'",
          ).run(now);
          const id = Number(
            this.#stmt(
              "INSERT INTO runs (started_at, status, software, robots, options) VALUES (?, 'running', ?, ?, ?)",
            ).run(now, info.software, info.robots, JSON.stringify(info.options ?? {}))
              .lastInsertRowid,
          );
          this.#runId = id;
          return this.run(id) as RunRecord;
        })
        .immediate(),
    );
  }

  /** Ends the current run; URLs claimed but not finished go back to the queue. */
  finishRun(status: Exclude<RunStatus, "running" | "crashed">): void {
    const id = this.#runId;
    if (id === null) return;
    this.#guard("finishing the run", () =>
      this.#db
        .transaction(() => {
          const now = this.#now();
          this.#stmt(
            "UPDATE urls SET state = 'queued', updated_at = ? WHERE state = 'fetching'",
          ).run(now);
          this.#stmt("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?").run(
            status,
            now,
            id,
          );
          this.#stmt("UPDATE warc_files SET closed = 1 WHERE run_id = ?").run(id);
        })
        .immediate(),
    );
    this.#runId = null;
  }

  /** The run this instance started, if any. */
  get runId(): number | null {
    return this.#runId;
  }

  run(id: number): RunRecord | null {
    const row = this.#stmt("SELECT * FROM runs WHERE id = ?").get(id) as
      | {
          id: number;
          started_at: string;
          finished_at: string | null;
          status: RunStatus;
          software: string;
          robots: string;
          options: string;
        }
      | undefined;
    if (row === undefined) return null;
    return {
      id: row.id,
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      status: row.status,
      software: row.software,
      robots: row.robots,
      options: parseJson(row.options, {}),
    };
  }

  runs(): RunRecord[] {
    const ids = this.#stmt("SELECT id FROM runs ORDER BY id").all() as { id: number }[];
    return ids.map((r) => this.run(r.id) as RunRecord);
  }

  // ── URLs ──────────────────────────────────────────────────────────────────────────────────

  #sourceId(source: SourceRef | undefined): number | null {
    if (source === undefined) return null;
    this.#stmt("INSERT OR IGNORE INTO sources (kind, location) VALUES (?, ?)").run(
      source.kind,
      source.location,
    );
    const row = this.#stmt("SELECT id FROM sources WHERE kind = ? AND location = ?").get(
      source.kind,
      source.location,
    ) as { id: number };
    return row.id;
  }

  #slugFor(url: string): string {
    const taken = this.#stmt("SELECT 1 FROM urls WHERE slug = ?");
    let slug = slugFor(url);
    if (taken.get(slug) !== undefined) slug = `${slug.slice(0, 71)}-${shortHash(url)}`;
    for (let n = 2; taken.get(slug) !== undefined; n += 1) slug = `${slugFor(url)}-${n}`;
    return slug;
  }

  #insertUrl(entry: NewUrl, now: string): number | null {
    if (this.#stmt("SELECT 1 FROM urls WHERE url = ?").get(entry.url) !== undefined) return null;
    const result = this.#stmt(
      `INSERT INTO urls (url, host, kind, state, priority, source_id, parent_id, depth,
         requisite_kind, lastmod, published, title, slug, added_at, added_run, updated_at)
       VALUES (?, ?, ?, 'queued', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      entry.url,
      hostOf(entry.url),
      entry.kind,
      entry.priority ?? (entry.kind === "requisite" ? 1 : 0),
      this.#sourceId(entry.source),
      entry.parentId ?? null,
      entry.depth ?? 0,
      entry.requisiteKind ?? null,
      entry.lastmod ?? null,
      entry.published ?? null,
      entry.title ?? null,
      entry.kind === "page" ? this.#slugFor(entry.url) : null,
      now,
      this.#runId,
      now,
    );
    return Number(result.lastInsertRowid);
  }

  /**
   * Queues the URLs not already in the collection (a URL is there once, whatever found it);
   * answers how many were new. One transaction for the batch: call it with a few hundred at a
   * time from a stream.
   */
  addUrls(urls: Iterable<NewUrl>): number {
    return this.#guard("queueing URLs", () =>
      this.#db
        .transaction(() => {
          const now = this.#now();
          let added = 0;
          for (const entry of urls) if (this.#insertUrl(entry, now) !== null) added += 1;
          return added;
        })
        .immediate(),
    );
  }

  /**
   * Claims queued URLs for this run (state `fetching`), at most `perHost` of any one host, so
   * a batch spans hosts even when the queue lists one host's URLs first. Higher priority
   * first, then in the order they were queued.
   */
  claim(limit: number, perHost: number, exclude: ReadonlySet<string> = new Set()): UrlRecord[] {
    this.#needLock();
    return this.#guard("claiming URLs", () =>
      this.#db
        .transaction(() => {
          // Read in the queue index's order and stopped as soon as the batch is known: a window
          // query ranking every host's URLs read the whole queue on each call (39 ms a claim
          // with 50,000 URLs queued).
          const queued = this.#stmt(
            "SELECT id, host, priority FROM urls WHERE state = 'queued' ORDER BY priority DESC, id",
          ).iterate() as Iterable<QueuedRow>;
          const chosen = spreadAcrossHosts(queued, limit, perHost, exclude);
          const now = this.#now();
          const mark = this.#stmt(
            "UPDATE urls SET state = 'fetching', attempts = attempts + 1, updated_at = ? WHERE id = ?",
          );
          for (const r of chosen) mark.run(now, r.id);
          return chosen.map((r) => this.url(r.id) as UrlRecord);
        })
        .immediate(),
    );
  }

  /**
   * Claims one URL by name (state `fetching`), whatever its state: a fleet worker's job names
   * the URL it captures (queued again for a recapture). Answers null when the URL is not in
   * the collection (`addUrls` it first).
   */
  claimUrl(url: string): UrlRecord | null {
    this.#needLock();
    return this.#guard("claiming a URL", () => {
      const changed = this.#stmt(
        "UPDATE urls SET state = 'fetching', attempts = attempts + 1, updated_at = ? WHERE url = ?",
      ).run(this.#now(), url).changes;
      return changed === 0 ? null : this.url(url);
    });
  }

  /** Puts claimed URLs back in the queue (a run stopped before it started them). */
  release(ids: readonly number[]): void {
    if (ids.length === 0) return;
    this.#guard("releasing URLs", () =>
      this.#db
        .transaction(() => {
          const now = this.#now();
          const put = this.#stmt(
            "UPDATE urls SET state = 'queued', updated_at = ? WHERE id = ? AND state = 'fetching'",
          );
          for (const id of ids) put.run(now, id);
        })
        .immediate(),
    );
  }

  /**
   * Queues again the pages captured before `olderThan` (all done pages without it), for a
   * recapture. Answers how many.
   */
  requeuePages(options: { readonly olderThan?: string; readonly failed?: boolean } = {}): number {
    this.#needLock();
    return this.#guard("queueing pages again", () => {
      const now = this.#now();
      const states = options.failed ? "('done', 'failed')" : "('done')";
      if (options.olderThan === undefined) {
        return this.#stmt(
          `UPDATE urls SET state = 'queued', updated_at = ? WHERE kind = 'page' AND state IN ${states}`,
        ).run(now).changes;
      }
      return this.#stmt(
        `UPDATE urls SET state = 'queued', updated_at = ?
         WHERE kind = 'page' AND state IN ${states} AND (last_capture IS NULL OR last_capture IN
           (SELECT c.id FROM captures c WHERE c.started_at IS NULL OR c.started_at < ?))`,
      ).run(now, options.olderThan).changes;
    });
  }

  /** Queues again the URLs that failed (pages and requisites). Answers how many. */
  requeueFailed(): number {
    this.#needLock();
    return this.#guard(
      "queueing failed URLs again",
      () =>
        this.#stmt("UPDATE urls SET state = 'queued', updated_at = ? WHERE state = 'failed'").run(
          this.#now(),
        ).changes,
    );
  }

  url(idOrUrl: number | string): UrlRecord | null {
    const row = this.#stmt(
      `SELECT ${URL_COLUMNS} FROM urls u LEFT JOIN sources s ON s.id = u.source_id
       WHERE ${typeof idOrUrl === "number" ? "u.id" : "u.url"} = ?`,
    ).get(idOrUrl) as UrlRow | undefined;
    return row === undefined ? null : toUrl(row);
  }

  /** URLs in the order they were queued, read lazily. */
  *urls(query: UrlQuery = {}): Generator<UrlRecord> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.state !== undefined) {
      where.push("u.state = ?");
      params.push(query.state);
    }
    if (query.kind !== undefined) {
      where.push("u.kind = ?");
      params.push(query.kind);
    }
    if (query.parentId !== undefined) {
      where.push("u.parent_id = ?");
      params.push(query.parentId);
    }
    const sql = `SELECT ${URL_COLUMNS} FROM urls u LEFT JOIN sources s ON s.id = u.source_id
      ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY u.id`;
    for (const row of this.#db.prepare(sql).iterate(...params) as Iterable<UrlRow>)
      yield toUrl(row);
  }

  /** How many URLs are in each state, for one kind or all. */
  countUrls(kind?: UrlKind): Record<UrlState, number> & { total: number } {
    const rows = this.#stmt(
      `SELECT state, COUNT(*) AS n FROM urls ${kind === undefined ? "" : "WHERE kind = ?"} GROUP BY state`,
    ).all(...(kind === undefined ? [] : [kind])) as { state: UrlState; n: number }[];
    const counts = { queued: 0, fetching: 0, done: 0, failed: 0, total: 0 };
    for (const r of rows) {
      counts[r.state] = r.n;
      counts.total += r.n;
    }
    return counts;
  }

  /** URLs waiting in the queue (not claimed). */
  countQueued(): number {
    return (
      this.#stmt("SELECT COUNT(*) AS n FROM urls WHERE state = 'queued'").get() as { n: number }
    ).n;
  }

  /** Requisites of a page by outcome. */
  requisiteCounts(pageId: number): { captured: number; failed: number } {
    const row = this.#stmt(
      `SELECT SUM(state = 'done') AS captured, SUM(state = 'failed') AS failed
       FROM urls WHERE parent_id = ? AND kind = 'requisite'`,
    ).get(pageId) as { captured: number | null; failed: number | null };
    return { captured: row.captured ?? 0, failed: row.failed ?? 0 };
  }

  // ── records, captures, articles, changes ──────────────────────────────────────────────────

  /**
   * A response already in the collection with this payload, for a revisit record: the same
   * URL's if it has one, else the earliest.
   */
  findOriginal(payloadDigest: string, targetUri: string): StoredRecord | null {
    const row = this.#stmt(
      `SELECT * FROM records WHERE payload_digest = ? AND type = 'response'
       ORDER BY (target_uri = ?) DESC, id LIMIT 1`,
    ).get(payloadDigest, targetUri) as RecordRow | undefined;
    return row === undefined ? null : toRecord(row);
  }

  record(id: number): StoredRecord | null {
    const row = this.#stmt("SELECT * FROM records WHERE id = ?").get(id) as RecordRow | undefined;
    return row === undefined ? null : toRecord(row);
  }

  /**
   * The response and revisit records of one capture, in the order written: its redirect hops and
   * final response, and for a capture in a browser everything the page loaded.
   */
  recordsOfCapture(captureId: number): StoredRecord[] {
    const rows = this.#stmt("SELECT * FROM records WHERE capture_id = ? ORDER BY id").all(
      captureId,
    ) as RecordRow[];
    return rows.map(toRecord);
  }

  /** Every response and revisit record, in the order written. */
  *records(query: { readonly since?: string } = {}): Generator<StoredRecord> {
    const rows = this.#db
      .prepare(
        `SELECT * FROM records ${query.since === undefined ? "" : "WHERE date >= ?"} ORDER BY id`,
      )
      .iterate(...(query.since === undefined ? [] : [query.since])) as Iterable<RecordRow>;
    for (const row of rows) yield toRecord(row);
  }

  #insertRecords(records: readonly RecordInput[], captureId: number | null): number[] {
    const insert = this.#stmt(
      `INSERT INTO records (capture_id, run_id, role, type, target_uri, date, status, mime,
         payload_digest, payload_bytes, truncated, warc_file, warc_offset, warc_length,
         warc_record_id, refers_to)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    return records.map((r) =>
      Number(
        insert.run(
          captureId,
          this.#runId,
          r.role,
          r.type,
          r.targetUri,
          r.date,
          r.status,
          r.mime,
          r.payloadDigest,
          r.payloadBytes,
          r.truncated,
          r.warc.file,
          r.warc.offset,
          r.warc.length,
          r.warc.recordId,
          r.refersTo,
        ).lastInsertRowid,
      ),
    );
  }

  #markWarcFiles(marks: readonly WarcFileMark[]): void {
    const upsert = this.#stmt(
      `INSERT INTO warc_files (name, run_id, committed_bytes) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET committed_bytes = MAX(committed_bytes, excluded.committed_bytes)`,
    );
    for (const m of marks) upsert.run(m.name, this.#runId, m.committedBytes);
  }

  /**
   * Runs `work` in one write transaction: the commits it makes (`commit`, `commitRecords`)
   * land together or not at all, for one disk sync per batch of captures. Needs the lock.
   */
  transaction<T>(work: () => T): T {
    this.#needLock();
    return this.#guard("recording captures", () => this.#db.transaction(work).immediate());
  }

  /**
   * Records written for no URL of the frontier (robots.txt, sitemaps, feeds), with the WARC
   * length they bring the files to. One transaction.
   */
  commitRecords(records: readonly RecordInput[], warcFiles: readonly WarcFileMark[]): number[] {
    this.#needLock();
    return this.#guard("recording WARC records", () =>
      this.#db
        .transaction(() => {
          const ids = this.#insertRecords(records, null);
          this.#markWarcFiles(warcFiles);
          return ids;
        })
        .immediate(),
    );
  }

  /**
   * Everything one capture produced, in one transaction: the capture, its records, its article
   * and edit, the requisites it found, the URL's new state and the WARC files' committed
   * length. Until this commits, the capture does not exist: a crash before it leaves the URL
   * queued and its records past the committed length, where recovery cuts them off.
   */
  commit(input: CommitCapture): CommitResult {
    this.#needLock();
    return this.#guard("recording a capture", () =>
      this.#db
        .transaction((): CommitResult => {
          const now = this.#now();
          const c = input.capture;
          const captureId = Number(
            this.#stmt(
              `INSERT INTO captures (url_id, run_id, outcome, status, final_url, redirects, exchanges,
                 bytes, truncated, started_at, fetch_ms, queued_ms, error_code, error_reason, notes,
                 article_dir)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            ).run(
              c.urlId,
              this.#runId,
              c.outcome,
              c.status,
              c.finalUrl,
              c.redirects,
              c.exchanges,
              c.bytes,
              c.truncated,
              c.startedAt,
              c.fetchMs,
              c.queuedMs,
              c.error?.code ?? null,
              c.error?.reason ?? null,
              JSON.stringify(c.notes),
              c.articleDir,
            ).lastInsertRowid,
          );
          const recordIds = this.#insertRecords(input.records, captureId);
          const finalId =
            input.finalRecord === null ? null : (recordIds[input.finalRecord] ?? null);
          if (finalId !== null)
            this.#stmt("UPDATE captures SET record_id = ? WHERE id = ?").run(finalId, captureId);
          let articleId: number | null = null;
          if (input.article !== undefined) {
            const a = input.article;
            articleId = Number(
              this.#stmt(
                `INSERT INTO articles (capture_id, url_id, captured_at, headline, dek, authors,
                   date_published, date_modified, language, word_count, publisher, body_text,
                   text_digest)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
              ).run(
                captureId,
                c.urlId,
                c.startedAt ?? now,
                a.headline,
                a.dek,
                JSON.stringify(a.authors),
                a.datePublished,
                a.dateModified,
                a.language,
                a.wordCount,
                a.publisher,
                a.bodyText,
                a.textDigest,
              ).lastInsertRowid,
            );
          }
          let changeId: number | null = null;
          if (input.change !== undefined && articleId !== null) {
            const ch = input.change;
            changeId = Number(
              this.#stmt(
                `INSERT INTO changes (url_id, from_article, to_article, detected_at, fields, silent,
                   diff, warc_record_id)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
              ).run(
                c.urlId,
                ch.fromArticleId,
                articleId,
                now,
                JSON.stringify(ch.fields),
                ch.silent ? 1 : 0,
                JSON.stringify(ch.diff),
                ch.warcRecordId,
              ).lastInsertRowid,
            );
          }
          for (const entry of input.found ?? []) this.#insertUrl(entry, now);
          this.#stmt(
            `UPDATE urls SET state = ?, last_capture = ?, error_code = ?, error_reason = ?,
               updated_at = ? WHERE id = ?`,
          ).run(
            input.state,
            captureId,
            c.error?.code ?? null,
            c.error?.reason ?? null,
            now,
            c.urlId,
          );
          this.#markWarcFiles(input.warcFiles);
          return { captureId, articleId, changeId, recordIds };
        })
        .immediate(),
    );
  }

  capture(id: number): CaptureRecord | null {
    const row = this.#stmt(
      `SELECT c.*, u.url, u.kind FROM captures c JOIN urls u ON u.id = c.url_id WHERE c.id = ?`,
    ).get(id) as CaptureRow | undefined;
    return row === undefined ? null : this.#toCapture(row);
  }

  #toCapture(row: CaptureRow): CaptureRecord {
    return {
      id: row.id,
      runId: row.run_id,
      urlId: row.url_id,
      url: row.url,
      kind: row.kind,
      outcome: row.outcome,
      status: row.status,
      finalUrl: row.final_url,
      redirects: row.redirects,
      exchanges: row.exchanges,
      bytes: row.bytes,
      truncated: row.truncated,
      startedAt: row.started_at,
      fetchMs: row.fetch_ms,
      queuedMs: row.queued_ms,
      error:
        row.error_code === null ? null : { code: row.error_code, reason: row.error_reason ?? "" },
      notes: parseJson(row.notes, [] as string[]),
      articleDir: row.article_dir,
      record: row.record_id === null ? null : this.record(row.record_id),
    };
  }

  /**
   * The rows of a history query. One URL's history is small: it is read at once through a
   * statement kept prepared (preparing cost more than the query when the catalog indexes page
   * after page). Anything wider streams through a statement of its own, so callers may nest them.
   */
  #history<T>(sql: string, query: HistoryQuery, params: unknown[]): Iterable<T> {
    if (query.url !== undefined) return this.#stmt(sql).all(...params) as T[];
    return this.#db.prepare(sql).iterate(...params) as Iterable<T>;
  }

  /** Captures in the order taken. */
  *captures(query: HistoryQuery = {}): Generator<CaptureRecord> {
    const { where, params } = historyFilter(query, "c.started_at", "c.id");
    const rows = this.#history<CaptureRow>(
      `SELECT c.*, u.url, u.kind FROM captures c JOIN urls u ON u.id = c.url_id ${where} ORDER BY c.id`,
      query,
      params,
    );
    for (const row of rows) yield this.#toCapture(row);
  }

  /** The latest article of a URL, to compare a new capture with. */
  latestArticle(urlId: number): ArticleRecord | null {
    const row = this.#stmt(
      `SELECT a.*, u.url FROM articles a JOIN urls u ON u.id = a.url_id
       WHERE a.url_id = ? ORDER BY a.id DESC LIMIT 1`,
    ).get(urlId) as ArticleRow | undefined;
    return row === undefined ? null : toArticle(row);
  }

  article(id: number): ArticleRecord | null {
    const row = this.#stmt(
      "SELECT a.*, u.url FROM articles a JOIN urls u ON u.id = a.url_id WHERE a.id = ?",
    ).get(id) as ArticleRow | undefined;
    return row === undefined ? null : toArticle(row);
  }

  /** Articles in the order captured (one per capture of a page that had one). */
  *articles(query: HistoryQuery = {}): Generator<ArticleRecord> {
    const { where, params } = historyFilter(query, "a.captured_at", "a.id");
    const rows = this.#history<ArticleRow>(
      `SELECT a.*, u.url FROM articles a JOIN urls u ON u.id = a.url_id ${where} ORDER BY a.id`,
      query,
      params,
    );
    for (const row of rows) yield toArticle(row);
  }

  /** Edits found between captures, in the order found. */
  *changes(query: HistoryQuery = {}): Generator<ChangeRecord> {
    const { where, params } = historyFilter(query, "t.captured_at", "ch.id");
    const rows = this.#history<ChangeRow>(
      `SELECT ch.*, u.url, f.captured_at AS from_at, t.captured_at AS to_at
         FROM changes ch JOIN urls u ON u.id = ch.url_id
         JOIN articles f ON f.id = ch.from_article JOIN articles t ON t.id = ch.to_article
         ${where} ORDER BY ch.id`,
      query,
      params,
    );
    for (const row of rows) {
      yield {
        id: row.id,
        urlId: row.url_id,
        url: row.url,
        fromArticleId: row.from_article,
        toArticleId: row.to_article,
        fromCapturedAt: row.from_at,
        toCapturedAt: row.to_at,
        detectedAt: row.detected_at,
        fields: parseJson(row.fields, [] as ChangedField[]),
        silent: row.silent === 1,
        diff: parseJson(row.diff, { fields: [], body: null } as ArticleDiff),
        warcRecordId: row.warc_record_id,
      };
    }
  }

  // ── WARC files ────────────────────────────────────────────────────────────────────────────

  /** WARC files with the length committed in each, in the order created. */
  warcFiles(): WarcFileRecord[] {
    const rows = this.#stmt("SELECT * FROM warc_files ORDER BY rowid").all() as {
      name: string;
      run_id: number;
      committed_bytes: number;
      closed: number;
    }[];
    return rows.map((r) => ({
      name: r.name,
      runId: r.run_id,
      committedBytes: r.committed_bytes,
      closed: r.closed === 1,
    }));
  }

  /** Where the records of a WARC file lie (offset order), for recovery. */
  recordsIn(file: string): { offset: number; length: number; captureId: number | null }[] {
    return this.#stmt(
      `SELECT warc_offset AS offset, warc_length AS length, capture_id AS captureId
       FROM records WHERE warc_file = ? ORDER BY warc_offset`,
    ).all(file) as { offset: number; length: number; captureId: number | null }[];
  }

  /**
   * Undoes what the database says lies at or past `cut` in a WARC file whose bytes were lost
   * (a file shorter than committed, a torn record): those captures, their records, articles and
   * edits, and the revisits elsewhere that point at those records, are forgotten, and their URLs
   * queued again, so the next run captures them again rather than point at missing bytes. The
   * file's committed length becomes `cut`. Answers how many captures will be redone.
   */
  forgetPast(file: string, cut: number): number {
    return this.#guard("forgetting lost captures", () =>
      this.#db
        .transaction(() => {
          this.#db.exec(`CREATE TEMP TABLE IF NOT EXISTS lost_records (id INTEGER PRIMARY KEY);
            CREATE TEMP TABLE IF NOT EXISTS lost_captures (id INTEGER PRIMARY KEY);
            DELETE FROM lost_records; DELETE FROM lost_captures;`);
          this.#db
            .prepare(
              "INSERT INTO lost_records SELECT id FROM records WHERE warc_file = ? AND warc_offset >= ?",
            )
            .run(file, cut);
          // A revisit of a lost response has no payload left to replay: its capture is lost too.
          this.#db.exec(`INSERT OR IGNORE INTO lost_records
              SELECT id FROM records WHERE refers_to IN (SELECT id FROM lost_records);
            INSERT OR IGNORE INTO lost_captures SELECT capture_id FROM records
              WHERE id IN (SELECT id FROM lost_records) AND capture_id IS NOT NULL;
            INSERT OR IGNORE INTO lost_records SELECT id FROM records
              WHERE capture_id IN (SELECT id FROM lost_captures);`);
          const urls = this.#db
            .prepare(
              "SELECT DISTINCT url_id FROM captures WHERE id IN (SELECT id FROM lost_captures)",
            )
            .all() as { url_id: number }[];
          this.#db.exec(`
            DELETE FROM changes WHERE from_article IN (SELECT id FROM articles WHERE capture_id IN (SELECT id FROM lost_captures))
              OR to_article IN (SELECT id FROM articles WHERE capture_id IN (SELECT id FROM lost_captures));
            DELETE FROM articles WHERE capture_id IN (SELECT id FROM lost_captures);
            UPDATE captures SET record_id = NULL WHERE id IN (SELECT id FROM lost_captures);
            UPDATE records SET refers_to = NULL WHERE id IN (SELECT id FROM lost_records);
            DELETE FROM records WHERE id IN (SELECT id FROM lost_records);
            DELETE FROM captures WHERE id IN (SELECT id FROM lost_captures);`);
          const now = this.#now();
          const requeue = this.#stmt(
            `UPDATE urls SET state = 'queued', error_code = NULL, error_reason = NULL, updated_at = ?,
               last_capture = (SELECT MAX(id) FROM captures c WHERE c.url_id = urls.id) WHERE id = ?`,
          );
          for (const u of urls) requeue.run(now, u.url_id);
          this.#stmt("UPDATE warc_files SET committed_bytes = ? WHERE name = ?").run(cut, file);
          return urls.length;
        })
        .immediate(),
    );
  }

  /** Forgets a WARC file that recovery removed (it held nothing committed). */
  forgetWarcFile(name: string): void {
    this.#guard("forgetting a WARC file", () =>
      this.#stmt("DELETE FROM warc_files WHERE name = ?").run(name),
    );
  }

  /** Marks the files of earlier runs closed once recovery has finished them. */
  closeWarcFile(name: string): void {
    this.#guard("closing a WARC file", () =>
      this.#stmt("UPDATE warc_files SET closed = 1 WHERE name = ?").run(name),
    );
  }

  // ── status ────────────────────────────────────────────────────────────────────────────────

  /**
   * A run still marked `running` is going only while its process holds the writer's lock: with
   * the lock free before and after the runs are read, it died (killed, its machine gone) and is
   * shown `crashed`, as the next run will record it.
   */
  status(): CollectionStatus {
    return this.#guard("reading the collection", () => {
      const lockedBefore = this.#lock !== null || isLockedElsewhere(this.dir);
      const failedRows = this.#stmt(
        "SELECT error_code AS code, COUNT(*) AS n FROM urls WHERE state = 'failed' GROUP BY error_code ORDER BY n DESC, error_code",
      ).all() as { code: string | null; n: number }[];
      const records = this.#stmt(
        "SELECT SUM(type = 'response') AS responses, SUM(type = 'revisit') AS revisits FROM records",
      ).get() as { responses: number | null; revisits: number | null };
      const changes = this.#stmt(
        "SELECT COUNT(*) AS total, SUM(silent) AS silent FROM changes",
      ).get() as { total: number; silent: number | null };
      const files = this.warcFiles();
      const urls = this.countUrls();
      const pages = this.countUrls("page");
      const runs = this.runs();
      const locked = this.#lock !== null || isLockedElsewhere(this.dir);
      const dead = !lockedBefore && !locked;
      return {
        dir: this.dir,
        schemaVersion: SCHEMA_VERSION,
        urls,
        pages,
        failedBy: Object.fromEntries(failedRows.map((r) => [r.code ?? "unknown", r.n])),
        captures: (this.#stmt("SELECT COUNT(*) AS n FROM captures").get() as { n: number }).n,
        records: { responses: records.responses ?? 0, revisits: records.revisits ?? 0 },
        articles: (this.#stmt("SELECT COUNT(*) AS n FROM articles").get() as { n: number }).n,
        changes: { total: changes.total, silent: changes.silent ?? 0 },
        warcFiles: files.length,
        warcBytes: files.reduce((n, f) => n + f.committedBytes, 0),
        runs: runs.map((r) => (dead && r.status === "running" ? { ...r, status: "crashed" } : r)),
        locked,
      };
    });
  }

  #needLock(): void {
    if (this.#lock === null) {
      throw new VellumError("usage", "This collection was opened for reading", {
        hint: "open it with { lock: true } to write",
      });
    }
  }
}

/** Whether another process (or instance) holds a collection's writer lock right now. */
function isLockedElsewhere(dir: string): boolean {
  let probe: Database.Database | null = null;
  try {
    probe = new Database(join(dir, LOCK_FILE), { fileMustExist: true, timeout: 0 });
    probe.exec("BEGIN EXCLUSIVE");
    probe.exec("ROLLBACK");
    return false;
  } catch (error) {
    return isBusy(error);
  } finally {
    probe?.close();
  }
}

interface CaptureRow {
  id: number;
  url_id: number;
  run_id: number;
  url: string;
  kind: UrlKind;
  outcome: "ok" | "failed" | "interrupted";
  status: number | null;
  final_url: string | null;
  redirects: number;
  exchanges: number;
  bytes: number | null;
  truncated: string | null;
  started_at: string | null;
  fetch_ms: number | null;
  queued_ms: number | null;
  error_code: string | null;
  error_reason: string | null;
  notes: string;
  article_dir: string | null;
  record_id: number | null;
}

interface ArticleRow {
  id: number;
  capture_id: number;
  url_id: number;
  url: string;
  captured_at: string;
  headline: string | null;
  dek: string | null;
  authors: string;
  date_published: string | null;
  date_modified: string | null;
  language: string | null;
  word_count: number;
  publisher: string | null;
  body_text: string;
  text_digest: string;
}

interface ChangeRow {
  id: number;
  url_id: number;
  url: string;
  from_article: number;
  to_article: number;
  from_at: string;
  to_at: string;
  detected_at: string;
  fields: string;
  silent: number;
  diff: string;
  warc_record_id: string | null;
}

function toArticle(row: ArticleRow): ArticleRecord {
  return {
    id: row.id,
    captureId: row.capture_id,
    urlId: row.url_id,
    url: row.url,
    capturedAt: row.captured_at,
    headline: row.headline,
    dek: row.dek,
    authors: parseJson(row.authors, [] as string[]),
    datePublished: row.date_published,
    dateModified: row.date_modified,
    language: row.language,
    wordCount: row.word_count,
    publisher: row.publisher,
    bodyText: row.body_text,
    textDigest: row.text_digest,
  };
}

function historyFilter(
  query: HistoryQuery,
  dateColumn: string,
  idColumn: string,
): { where: string; params: unknown[] } {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.url !== undefined) {
    where.push("u.url = ?");
    params.push(query.url);
  }
  if (query.since !== undefined) {
    where.push(`${dateColumn} >= ?`);
    params.push(query.since);
  }
  if (query.kind !== undefined) {
    where.push("u.kind = ?");
    params.push(query.kind);
  }
  if (query.afterId !== undefined) {
    where.push(`${idColumn} > ?`);
    params.push(query.afterId);
  }
  return { where: where.length > 0 ? `WHERE ${where.join(" AND ")}` : "", params };
}
