import type Database from "better-sqlite3";

/**
 * The collection database's schema: the one module that writes DDL. Each migration takes the
 * database from version N-1 to N (kept in `PRAGMA user_version`) and runs in one transaction
 * with the version bump, so a crash mid-migration leaves the old version intact. Never edit a
 * released migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: URLs with their state, runs, WARC files with their committed length, captures, the
  // records written (for revisits), articles and the changes found between captures.
  `
  CREATE TABLE runs (
    id          INTEGER PRIMARY KEY,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    status      TEXT NOT NULL CHECK (status IN ('running', 'finished', 'interrupted', 'crashed')),
    software    TEXT NOT NULL,
    robots      TEXT NOT NULL,
    options     TEXT NOT NULL DEFAULT '{}'
  );

  CREATE TABLE sources (
    id       INTEGER PRIMARY KEY,
    kind     TEXT NOT NULL,
    location TEXT NOT NULL,
    UNIQUE (kind, location)
  );

  CREATE TABLE urls (
    id             INTEGER PRIMARY KEY,
    url            TEXT NOT NULL UNIQUE,
    host           TEXT NOT NULL,
    kind           TEXT NOT NULL CHECK (kind IN ('page', 'requisite')),
    state          TEXT NOT NULL CHECK (state IN ('queued', 'fetching', 'done', 'failed')),
    priority       INTEGER NOT NULL DEFAULT 0,
    source_id      INTEGER REFERENCES sources (id),
    parent_id      INTEGER REFERENCES urls (id),
    depth          INTEGER NOT NULL DEFAULT 0,
    requisite_kind TEXT,
    lastmod        TEXT,
    published      TEXT,
    title          TEXT,
    slug           TEXT UNIQUE,
    attempts       INTEGER NOT NULL DEFAULT 0,
    error_code     TEXT,
    error_reason   TEXT,
    added_at       TEXT NOT NULL,
    added_run      INTEGER REFERENCES runs (id),
    updated_at     TEXT NOT NULL,
    last_capture   INTEGER
  );
  CREATE INDEX urls_queue ON urls (state, priority DESC, id);
  CREATE INDEX urls_parent ON urls (parent_id) WHERE parent_id IS NOT NULL;

  CREATE TABLE warc_files (
    name            TEXT PRIMARY KEY,
    run_id          INTEGER NOT NULL REFERENCES runs (id),
    committed_bytes INTEGER NOT NULL,
    closed          INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE captures (
    id           INTEGER PRIMARY KEY,
    url_id       INTEGER NOT NULL REFERENCES urls (id),
    run_id       INTEGER NOT NULL REFERENCES runs (id),
    outcome      TEXT NOT NULL CHECK (outcome IN ('ok', 'failed', 'interrupted')),
    status       INTEGER,
    final_url    TEXT,
    redirects    INTEGER NOT NULL DEFAULT 0,
    exchanges    INTEGER NOT NULL DEFAULT 0,
    bytes        INTEGER,
    truncated    TEXT,
    started_at   TEXT,
    fetch_ms     INTEGER,
    queued_ms    INTEGER,
    error_code   TEXT,
    error_reason TEXT,
    notes        TEXT NOT NULL DEFAULT '[]',
    article_dir  TEXT,
    record_id    INTEGER
  );
  CREATE INDEX captures_url ON captures (url_id, id);
  CREATE INDEX captures_run ON captures (run_id);

  CREATE TABLE records (
    id             INTEGER PRIMARY KEY,
    capture_id     INTEGER REFERENCES captures (id),
    run_id         INTEGER NOT NULL REFERENCES runs (id),
    role           TEXT NOT NULL CHECK (role IN ('page', 'requisite', 'robots', 'source')),
    type           TEXT NOT NULL CHECK (type IN ('response', 'revisit')),
    target_uri     TEXT NOT NULL,
    date           TEXT NOT NULL,
    status         INTEGER NOT NULL,
    mime           TEXT,
    payload_digest TEXT,
    payload_bytes  INTEGER NOT NULL,
    truncated      TEXT,
    warc_file      TEXT NOT NULL,
    warc_offset    INTEGER NOT NULL,
    warc_length    INTEGER NOT NULL,
    warc_record_id TEXT NOT NULL,
    refers_to      INTEGER REFERENCES records (id)
  );
  CREATE INDEX records_digest ON records (payload_digest) WHERE type = 'response';
  CREATE INDEX records_capture ON records (capture_id);

  CREATE TABLE articles (
    id             INTEGER PRIMARY KEY,
    capture_id     INTEGER NOT NULL UNIQUE REFERENCES captures (id),
    url_id         INTEGER NOT NULL REFERENCES urls (id),
    captured_at    TEXT NOT NULL,
    headline       TEXT,
    dek            TEXT,
    authors        TEXT NOT NULL DEFAULT '[]',
    date_published TEXT,
    date_modified  TEXT,
    language       TEXT,
    word_count     INTEGER NOT NULL,
    publisher      TEXT,
    body_text      TEXT NOT NULL,
    text_digest    TEXT NOT NULL
  );
  CREATE INDEX articles_url ON articles (url_id, id);

  CREATE TABLE changes (
    id             INTEGER PRIMARY KEY,
    url_id         INTEGER NOT NULL REFERENCES urls (id),
    from_article   INTEGER NOT NULL REFERENCES articles (id),
    to_article     INTEGER NOT NULL REFERENCES articles (id),
    detected_at    TEXT NOT NULL,
    fields         TEXT NOT NULL,
    silent         INTEGER NOT NULL,
    diff           TEXT NOT NULL,
    warc_record_id TEXT
  );
  CREATE INDEX changes_url ON changes (url_id, id);
  `,
];

/** The schema version this build writes; a database of a later one is refused. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings a database to `SCHEMA_VERSION`. Answers the version found before, so a caller can tell
 * a new collection (0) from an existing one.
 */
export function migrate(db: Database.Database): number {
  const found = db.pragma("user_version", { simple: true }) as number;
  for (let version = found; version < MIGRATIONS.length; version += 1) {
    db.transaction(() => {
      db.exec(MIGRATIONS[version] as string);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
  return found;
}
