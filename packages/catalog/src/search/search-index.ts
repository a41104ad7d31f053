import { accessSync, constants } from "node:fs";
import { join } from "node:path";
import { type Collection, siteOf } from "@vellum/crawl";
import { VellumError } from "@vellum/model";
import Database from "better-sqlite3";
import { readArticleExtras, type StoredAuthor } from "./article-file.js";
import { cleanText, languageKey, MARK_END, MARK_START, monthOf, nameKey } from "./keys.js";
import type { FacetName, SearchQuery } from "./query.js";

/** The index file a collection's catalog keeps beside `collection.db` (derived; safe to delete). */
export const INDEX_DB = "catalog.db";

/**
 * The index's schema version. The index is derived data: a file of another version is emptied and
 * built again from the collection rather than migrated.
 */
const INDEX_VERSION = 1;

const DDL = `
  CREATE TABLE state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE docs (
    id              INTEGER PRIMARY KEY,
    article_id      INTEGER NOT NULL,
    capture_id      INTEGER NOT NULL,
    url             TEXT NOT NULL,
    slug            TEXT NOT NULL UNIQUE,
    host            TEXT NOT NULL,
    site            TEXT NOT NULL,
    headline        TEXT,
    dek             TEXT,
    authors         TEXT NOT NULL,
    people          TEXT NOT NULL,
    published       TEXT,
    modified        TEXT,
    language        TEXT,
    section         TEXT,
    keywords        TEXT NOT NULL,
    word_count      INTEGER NOT NULL,
    publisher       TEXT,
    site_name       TEXT,
    first_captured  TEXT NOT NULL,
    captured_at     TEXT NOT NULL,
    captures        INTEGER NOT NULL,
    changes         INTEGER NOT NULL
  );
  CREATE TABLE persons (
    key         TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    type        TEXT NOT NULL,
    description TEXT,
    url         TEXT,
    job_title   TEXT,
    image       TEXT,
    same_as     TEXT NOT NULL
  );
  CREATE VIRTUAL TABLE fts USING fts5(
    headline, dek, body, authors, people,
    tokenize = 'unicode61 remove_diacritics 2'
  );
`;

/** Terms whose bm25 by page is kept (a Map of every page holding the term each). */
const CACHED_TERMS = 64;

/** Column weights for bm25: a word in the headline counts ten times one in the body. */
const BM25 = "bm25(fts, 10.0, 4.0, 1.0, 5.0, 3.0)";

/** One page of a collection as the catalog lists it: its latest article and its history counts. */
export interface CatalogDoc {
  /** The page's URL id in its collection. */
  readonly id: number;
  readonly articleId: number;
  readonly captureId: number;
  readonly url: string;
  /** The page's folder name in the collection (`articles/<slug>`), unique in the collection. */
  readonly slug: string;
  readonly host: string;
  /** The registrable domain (`news.example.co.uk` → `example.co.uk`). */
  readonly site: string;
  readonly headline: string | null;
  readonly dek: string | null;
  readonly authors: readonly string[];
  /** The people the article quotes, by name. */
  readonly people: readonly string[];
  readonly published: string | null;
  readonly modified: string | null;
  /** As the page gives it (BCP 47). */
  readonly language: string | null;
  readonly section: string | null;
  readonly keywords: readonly string[];
  readonly wordCount: number;
  readonly publisher: string | null;
  readonly siteName: string | null;
  readonly firstCapturedAt: string;
  /** The latest capture of the page. */
  readonly capturedAt: string;
  readonly captures: number;
  readonly changes: number;
}

/** An author as the catalog knows them from every article naming them. */
export interface CatalogPerson {
  readonly key: string;
  readonly name: string;
  /** `Person`, or `Organization` for a wire service or an editorial board. */
  readonly type: string;
  readonly description: string | null;
  readonly url: string | null;
  readonly jobTitle: string | null;
  readonly sameAs: readonly string[];
}

/** A document's facet values and sort keys, kept in memory so filtering costs no query. */
interface FacetEntry {
  readonly id: number;
  readonly values: Readonly<Record<FacetName, readonly string[]>>;
  /** Epoch ms of the publication date (the capture's when undated), for date orders. */
  readonly publishedMs: number;
  readonly capturedMs: number;
}

/** A match of one index, before the catalog merges collections and cuts a page. */
export interface IndexHit {
  readonly id: number;
  /** What the caller tagged the index's hits with (the catalog: which collection). */
  readonly source: number;
  /** bm25 (lower is better), 0 without words. */
  readonly score: number;
  readonly publishedMs: number;
  readonly capturedMs: number;
}

export interface IndexSearchResult {
  readonly hits: IndexHit[];
  /** Counts per facet value (by key), each facet counted with every other facet's filter. */
  readonly facets: Record<FacetName, Map<string, number>>;
}

export interface SyncResult {
  /** Captures read from the collection this call. */
  readonly captures: number;
  /** Pages (re)indexed this call. */
  readonly pages: number;
  /** Nothing more to read right now. */
  readonly done: boolean;
}

interface DocRow {
  id: number;
  article_id: number;
  capture_id: number;
  url: string;
  slug: string;
  host: string;
  site: string;
  headline: string | null;
  dek: string | null;
  authors: string;
  people: string;
  published: string | null;
  modified: string | null;
  language: string | null;
  section: string | null;
  keywords: string;
  word_count: number;
  publisher: string | null;
  site_name: string | null;
  first_captured: string;
  captured_at: string;
  captures: number;
  changes: number;
}

const parseList = (text: string): string[] => {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
};

function toDoc(row: DocRow): CatalogDoc {
  return {
    id: row.id,
    articleId: row.article_id,
    captureId: row.capture_id,
    url: row.url,
    slug: row.slug,
    host: row.host,
    site: row.site,
    headline: row.headline,
    dek: row.dek,
    authors: parseList(row.authors),
    people: parseList(row.people),
    published: row.published,
    modified: row.modified,
    language: row.language,
    section: row.section,
    keywords: parseList(row.keywords),
    wordCount: row.word_count,
    publisher: row.publisher,
    siteName: row.site_name,
    firstCapturedAt: row.first_captured,
    capturedAt: row.captured_at,
    captures: row.captures,
    changes: row.changes,
  };
}

function epoch(date: string | null): number {
  if (date === null) return Number.NaN;
  const ms = Date.parse(date);
  return Number.isFinite(ms) ? ms : Number.NaN;
}

/** Whether the index may be written in a directory (else it is kept in memory). */
function writable(dir: string): boolean {
  try {
    accessSync(dir, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return "";
  }
}

export interface SearchIndexOptions {
  /**
   * Where the index database lives: a path, or `":memory:"`. Default: `catalog.db` in the
   * collection's directory, or memory when that directory cannot be written (a read-only copy).
   */
  readonly path?: string;
}

/**
 * The full-text and facet index of one collection: an SQLite FTS5 table over headline, dek,
 * body, authors and the people quoted (one row per page: its latest article), the pages' facet
 * values, and the authors' bios and links. Built incrementally from the collection's captures in
 * commit order (`sync`), so a page captured while the catalog runs is found seconds later; the
 * position is kept, so a restart reads only what is new.
 */
export class SearchIndex {
  readonly collection: Collection;
  readonly path: string;
  readonly #db: Database.Database;
  readonly #statements = new Map<string, Database.Statement>();
  /** The last capture id read from the collection. */
  #after: number;
  /** Each recent term's bm25 by page (see `search`); emptied when the index changes. */
  readonly #scores = new Map<string, Map<number, number>>();
  readonly #entries = new Map<number, FacetEntry>();
  /** Display form of each facet key (a name as first written, a section as the site writes it). */
  readonly #labels: Record<FacetName, Map<string, string>> = {
    site: new Map(),
    author: new Map(),
    year: new Map(),
    month: new Map(),
    language: new Map(),
    section: new Map(),
    person: new Map(),
  };

  private constructor(collection: Collection, db: Database.Database, path: string) {
    this.collection = collection;
    this.#db = db;
    this.path = path;
    this.#after = Number(this.#state("after") ?? "0");
    for (const row of this.#db.prepare("SELECT * FROM docs").iterate() as Iterable<DocRow>) {
      this.#remember(toDoc(row));
    }
  }

  /** Opens (creating or rebuilding as needed) the index of an open collection. */
  static open(collection: Collection, options: SearchIndexOptions = {}): SearchIndex {
    const path =
      options.path ?? (writable(collection.dir) ? join(collection.dir, INDEX_DB) : ":memory:");
    let db: Database.Database;
    try {
      db = new Database(path, { timeout: 5000 });
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL");
    } catch (cause) {
      throw new VellumError("io", "Cannot open the catalog's index", {
        value: path,
        hint: "check that the collection directory can be written, or delete catalog.db there",
        cause,
      });
    }
    try {
      const version = db.pragma("user_version", { simple: true }) as number;
      const stale = version !== INDEX_VERSION || SearchIndex.#replaced(db, collection);
      if (stale) {
        db.transaction(() => {
          for (const { name } of db
            .prepare(
              "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'fts_%'",
            )
            .all() as { name: string }[]) {
            db.exec(`DROP TABLE IF EXISTS "${name.replace(/"/g, '""')}"`);
          }
          db.exec(DDL);
          db.pragma(`user_version = ${INDEX_VERSION}`);
          db.prepare("INSERT INTO state (key, value) VALUES ('collection', ?)").run(
            SearchIndex.#identity(collection),
          );
        })();
      }
    } catch (cause) {
      db.close();
      throw new VellumError("io", "The catalog's index is unreadable", {
        value: path,
        hint: "delete catalog.db in the collection directory; it is rebuilt from the collection",
        cause,
      });
    }
    return new SearchIndex(collection, db, path);
  }

  /** What ties an index to its collection: the first run's start (a new collection has none yet). */
  static #identity(collection: Collection): string {
    return collection.runs()[0]?.startedAt ?? "";
  }

  /** The collection behind an existing index was replaced (another first run, or fewer captures). */
  static #replaced(db: Database.Database, collection: Collection): boolean {
    try {
      const identity = (
        db.prepare("SELECT value FROM state WHERE key = 'collection'").get() as
          | { value: string }
          | undefined
      )?.value;
      const recorded = SearchIndex.#identity(collection);
      if (identity === undefined) return true;
      if (identity === "" && recorded !== "") return true;
      if (identity !== "" && identity !== recorded) return true;
      const after = Number(
        (
          db.prepare("SELECT value FROM state WHERE key = 'after'").get() as
            | { value: string }
            | undefined
        )?.value ?? "0",
      );
      return after > 0 && collection.capture(after) === null;
    } catch {
      return true;
    }
  }

  close(): void {
    if (this.#db.open) this.#db.close();
  }

  /** A prepared statement, kept: preparing costs more than running a small query. */
  #stmt(sql: string, mode: "rows" | "raw" | "pluck" = "rows"): Database.Statement {
    const key = `${mode}:${sql}`;
    let s = this.#statements.get(key);
    if (s === undefined) {
      s = this.#db.prepare(sql);
      if (mode === "raw") s.raw(true);
      if (mode === "pluck") s.pluck(true);
      this.#statements.set(key, s);
    }
    return s;
  }

  #state(key: string): string | null {
    const row = this.#db.prepare("SELECT value FROM state WHERE key = ?").get(key) as
      | { value: string }
      | undefined;
    return row?.value ?? null;
  }

  /** Pages in the index. */
  get size(): number {
    return this.#entries.size;
  }

  /** The last capture id indexed. */
  get position(): number {
    return this.#after;
  }

  /**
   * Reads up to `budget` page captures committed since the last call and (re)indexes their pages
   * in one transaction. Call it until `done`; then again whenever the collection may have grown.
   */
  sync(budget = 500): SyncResult {
    const pages = new Set<number>();
    let last = this.#after;
    let read = 0;
    for (const capture of this.collection.captures({ afterId: this.#after, kind: "page" })) {
      pages.add(capture.urlId);
      last = capture.id;
      read += 1;
      if (read >= budget) break;
    }
    if (read === 0) return { captures: 0, pages: 0, done: true };
    let indexed = 0;
    this.#db.transaction(() => {
      for (const urlId of pages) if (this.#refresh(urlId)) indexed += 1;
      this.#stmt(
        "INSERT INTO state (key, value) VALUES ('after', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      ).run(String(last));
    })();
    this.#after = last;
    this.#scores.clear();
    return { captures: read, pages: indexed, done: read < budget };
  }

  /** Indexes a page from its latest article; answers whether it is in the index afterwards. */
  #refresh(urlId: number): boolean {
    const url = this.collection.url(urlId);
    if (url === null || url.kind !== "page" || url.slug === null) return false;
    const captures = [...this.collection.captures({ url: url.url })];
    const article = this.collection.latestArticle(urlId);
    if (article === null) return false;
    const capture = captures.find((c) => c.id === article.captureId);
    const extras = readArticleExtras(
      this.collection.dir,
      capture?.articleDir ?? `articles/${url.slug}`,
    );
    let changes = 0;
    for (const _ of this.collection.changes({ url: url.url })) changes += 1;
    const times = captures
      .map((c) => c.startedAt)
      .filter((t): t is string => t !== null)
      .sort();
    const host = hostOf(article.url);
    const authors = article.authors.map(cleanText).filter((a) => a !== "");
    const people = [...new Set(extras.quoted.map((p) => cleanText(p.name)))].filter(
      (p) => p !== "",
    );
    const doc: CatalogDoc = {
      id: urlId,
      articleId: article.id,
      captureId: article.captureId,
      url: url.url,
      slug: url.slug,
      host,
      site: host === "" ? "" : siteOf(host),
      headline: article.headline === null ? null : cleanText(article.headline),
      dek: article.dek === null ? null : cleanText(article.dek),
      authors,
      people,
      published: article.datePublished,
      modified: article.dateModified,
      language: article.language,
      section: extras.section === null ? null : cleanText(extras.section),
      keywords: extras.keywords.map(cleanText),
      wordCount: article.wordCount,
      publisher: article.publisher,
      siteName: extras.siteName,
      firstCapturedAt: times[0] ?? article.capturedAt,
      capturedAt: times.at(-1) ?? article.capturedAt,
      captures: captures.length,
      changes,
    };
    this.#stmt(
      `INSERT INTO docs (id, article_id, capture_id, url, slug, host, site, headline, dek, authors,
         people, published, modified, language, section, keywords, word_count, publisher,
         site_name, first_captured, captured_at, captures, changes)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET article_id = excluded.article_id,
         capture_id = excluded.capture_id, url = excluded.url, slug = excluded.slug,
         host = excluded.host, site = excluded.site, headline = excluded.headline,
         dek = excluded.dek, authors = excluded.authors, people = excluded.people,
         published = excluded.published, modified = excluded.modified,
         language = excluded.language, section = excluded.section, keywords = excluded.keywords,
         word_count = excluded.word_count, publisher = excluded.publisher,
         site_name = excluded.site_name, first_captured = excluded.first_captured,
         captured_at = excluded.captured_at, captures = excluded.captures,
         changes = excluded.changes`,
    ).run(
      doc.id,
      doc.articleId,
      doc.captureId,
      doc.url,
      doc.slug,
      doc.host,
      doc.site,
      doc.headline,
      doc.dek,
      JSON.stringify(doc.authors),
      JSON.stringify(doc.people),
      doc.published,
      doc.modified,
      doc.language,
      doc.section,
      JSON.stringify(doc.keywords),
      doc.wordCount,
      doc.publisher,
      doc.siteName,
      doc.firstCapturedAt,
      doc.capturedAt,
      doc.captures,
      doc.changes,
    );
    this.#stmt("DELETE FROM fts WHERE rowid = ?").run(urlId);
    this.#stmt(
      "INSERT INTO fts (rowid, headline, dek, body, authors, people) VALUES (?, ?, ?, ?, ?, ?)",
    ).run(
      urlId,
      doc.headline ?? "",
      doc.dek ?? "",
      cleanText(article.bodyText),
      authors.join("\n"),
      people.join("\n"),
    );
    const byKey = new Map(extras.authors.map((a) => [nameKey(a.name), a]));
    for (const name of authors) {
      this.#rememberPerson(name, byKey.get(nameKey(name)) ?? null);
    }
    this.#remember(doc);
    return true;
  }

  /** Keeps the richest description of an author seen so far (the longest bio, every link). */
  #rememberPerson(name: string, stored: StoredAuthor | null): void {
    const key = nameKey(name);
    const row = this.#stmt("SELECT * FROM persons WHERE key = ?").get(key) as
      | {
          name: string;
          type: string;
          description: string | null;
          url: string | null;
          job_title: string | null;
          image: string | null;
          same_as: string;
        }
      | undefined;
    const description = [row?.description ?? null, stored?.description ?? null]
      .filter((d): d is string => d !== null)
      .sort((a, b) => b.length - a.length)[0];
    const sameAs = [...new Set([...parseList(row?.same_as ?? "[]"), ...(stored?.sameAs ?? [])])];
    this.#stmt(
      `INSERT INTO persons (key, name, type, description, url, job_title, image, same_as)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET type = excluded.type, description = excluded.description,
         url = excluded.url, job_title = excluded.job_title, image = excluded.image,
         same_as = excluded.same_as`,
    ).run(
      key,
      row?.name ?? name,
      stored?.type ?? row?.type ?? "Person",
      description === undefined ? null : cleanText(description),
      row?.url ?? stored?.url ?? null,
      row?.job_title ?? stored?.jobTitle ?? null,
      row?.image ?? stored?.image ?? null,
      JSON.stringify(sameAs),
    );
  }

  #label(facet: FacetName, key: string, display: string): string {
    const labels = this.#labels[facet];
    if (!labels.has(key)) labels.set(key, display);
    return key;
  }

  #remember(doc: CatalogDoc): void {
    const month = monthOf(doc.published);
    const language = languageKey(doc.language);
    const values: Record<FacetName, string[]> = {
      site: doc.site === "" ? [] : [this.#label("site", doc.site, doc.site)],
      author: doc.authors.map((a) => this.#label("author", nameKey(a), a)),
      year: month === null ? [] : [this.#label("year", month.slice(0, 4), month.slice(0, 4))],
      month: month === null ? [] : [this.#label("month", month, month)],
      language: language === null ? [] : [this.#label("language", language, language)],
      section:
        doc.section === null ? [] : [this.#label("section", nameKey(doc.section), doc.section)],
      person: doc.people.map((p) => this.#label("person", nameKey(p), p)),
    };
    const capturedMs = epoch(doc.capturedAt);
    const published = epoch(doc.published);
    this.#entries.set(doc.id, {
      id: doc.id,
      values,
      publishedMs: Number.isNaN(published) ? capturedMs : published,
      capturedMs,
    });
  }

  /** bm25 of every page holding one term (an FTS5 expression), kept until the index changes. */
  #phraseScores(phrase: string): Map<number, number> {
    let scores = this.#scores.get(phrase);
    if (scores !== undefined) {
      this.#scores.delete(phrase);
      this.#scores.set(phrase, scores);
      return scores;
    }
    const rows = this.#stmt(`SELECT rowid, ${BM25} FROM fts WHERE fts MATCH ?`, "raw").all(
      phrase,
    ) as [number, number][];
    scores = new Map(rows);
    this.#scores.set(phrase, scores);
    if (this.#scores.size > CACHED_TERMS) {
      this.#scores.delete(this.#scores.keys().next().value as string);
    }
    return scores;
  }

  /** The display form of a facet key. */
  label(facet: FacetName, key: string): string | undefined {
    return this.#labels[facet].get(key);
  }

  /** The key a filter value selects: names and sections compare case-insensitively. */
  static filterKey(facet: FacetName, value: string): string {
    if (facet === "author" || facet === "person" || facet === "section") return nameKey(value);
    if (facet === "language") return languageKey(value) ?? value.toLowerCase();
    if (facet === "site") return value.toLowerCase();
    return value;
  }

  /**
   * Every page matching `match` (an FTS5 expression from `parseText`, or null for all) and the
   * filters, with its sort keys, and the facet counts. A facet is counted with the filters of
   * the other facets only, so a selected value's neighbours stay visible to widen the search.
   */
  search(
    match: string | null,
    query: SearchQuery,
    source = 0,
    phrases: readonly string[] = [],
  ): IndexSearchResult {
    // Pages come back as plain ids, not one object per row (that cost as much as the match).
    // Only a relevance order needs bm25: the sum of each term's own bm25, which is kept per term,
    // so a new search of known words costs a match of ids and no scoring.
    let ids: number[];
    let scores: number[] | null = null;
    if (match === null) {
      ids = [...this.#entries.keys()];
    } else {
      try {
        ids = this.#stmt("SELECT rowid FROM fts WHERE fts MATCH ?", "pluck").all(match) as number[];
        if (query.sort === "relevance") {
          const parts =
            phrases.length > 0
              ? phrases.map((p) => this.#phraseScores(p))
              : [this.#phraseScores(match)];
          scores = new Array<number>(ids.length);
          for (let i = 0; i < ids.length; i += 1) {
            const id = ids[i] as number;
            let score = 0;
            for (const part of parts) score += part.get(id) ?? 0;
            scores[i] = score;
          }
        }
      } catch (cause) {
        throw new VellumError("input-invalid", "The search could not be read", {
          value: query.text,
          hint: 'use words, "a phrase", OR, -word or word*',
          cause,
        });
      }
    }
    const wanted = new Map<FacetName, Set<string>>();
    for (const [facet, values] of Object.entries(query.filters) as [FacetName, string[]][]) {
      if (values.length > 0)
        wanted.set(facet, new Set(values.map((v) => SearchIndex.filterKey(facet, v))));
    }
    const facets = {
      site: new Map(),
      author: new Map(),
      year: new Map(),
      month: new Map(),
      language: new Map(),
      section: new Map(),
      person: new Map(),
    } as Record<FacetName, Map<string, number>>;
    const count = (facet: FacetName, entry: FacetEntry) => {
      const counts = facets[facet];
      for (const v of entry.values[facet]) counts.set(v, (counts.get(v) ?? 0) + 1);
    };
    const hits: IndexHit[] = [];
    const facetNames = Object.keys(facets) as FacetName[];
    for (let i = 0; i < ids.length; i += 1) {
      const id = ids[i] as number;
      const entry = this.#entries.get(id);
      if (entry === undefined) continue;
      let failed: FacetName | null = null;
      let failures = 0;
      for (const [facet, keys] of wanted) {
        if (!entry.values[facet].some((v) => keys.has(v))) {
          failures += 1;
          failed = facet;
          if (failures > 1) break;
        }
      }
      if (failures === 0) {
        hits.push({
          id,
          source,
          score: scores === null ? 0 : (scores[i] as number),
          publishedMs: entry.publishedMs,
          capturedMs: entry.capturedMs,
        });
        for (const facet of facetNames) count(facet, entry);
      } else if (failures === 1 && failed !== null) {
        count(failed, entry);
      }
    }
    return { hits, facets };
  }

  /** The documents with these ids, in the order asked. */
  docs(ids: readonly number[]): CatalogDoc[] {
    if (ids.length === 0) return [];
    const rows = this.#stmt(`SELECT * FROM docs WHERE id IN (${ids.map(() => "?").join(",")})`).all(
      ...ids,
    ) as DocRow[];
    const byId = new Map(rows.map((r) => [r.id, toDoc(r)]));
    return ids.map((id) => byId.get(id)).filter((d): d is CatalogDoc => d !== undefined);
  }

  doc(slug: string): CatalogDoc | null {
    const row = this.#stmt("SELECT * FROM docs WHERE slug = ?").get(slug) as DocRow | undefined;
    return row === undefined ? null : toDoc(row);
  }

  /**
   * The headline with the query's words marked, and a passage of the body around them, for the
   * documents on a page of results (markers: `MARK_START`/`MARK_END`, escaped by the page).
   */
  highlights(
    match: string,
    ids: readonly number[],
  ): Map<number, { headline: string; snippet: string }> {
    const out = new Map<number, { headline: string; snippet: string }>();
    if (ids.length === 0) return out;
    // One lookup per page: FTS5 seeks a rowid it is given with `=`, but with `IN (…)` it matches
    // every page first and filters after (several times slower over a common word).
    const one = this.#stmt(
      `SELECT rowid AS id, highlight(fts, 0, ?, ?) AS headline,
         snippet(fts, 2, ?, ?, '…', 40) AS snippet
       FROM fts WHERE fts MATCH ? AND rowid = ?`,
    );
    const rows: { id: number; headline: string; snippet: string }[] = [];
    for (const id of ids) {
      const row = one.get(MARK_START, MARK_END, MARK_START, MARK_END, match, id) as
        | { id: number; headline: string; snippet: string }
        | undefined;
      if (row !== undefined) rows.push(row);
    }
    for (const r of rows) out.set(r.id, { headline: r.headline, snippet: r.snippet });
    return out;
  }

  /** The start of a page's body, for a result listed without words to highlight. */
  openings(ids: readonly number[], chars = 280): Map<number, string> {
    const out = new Map<number, string>();
    if (ids.length === 0) return out;
    const rows = this.#stmt(
      `SELECT rowid AS id, substr(body, 1, ?) AS text FROM fts WHERE rowid IN (${ids.map(() => "?").join(",")})`,
    ).all(chars + 1, ...ids) as { id: number; text: string }[];
    for (const r of rows) {
      const text = r.text.replace(/\s+/g, " ").trim();
      out.set(r.id, text.length > chars ? `${text.slice(0, chars).replace(/\s+\S*$/, "")}…` : text);
    }
    return out;
  }

  person(key: string): CatalogPerson | null {
    const row = this.#stmt("SELECT * FROM persons WHERE key = ?").get(key) as
      | {
          key: string;
          name: string;
          type: string;
          description: string | null;
          url: string | null;
          job_title: string | null;
          same_as: string;
        }
      | undefined;
    if (row === undefined) return null;
    return {
      key: row.key,
      name: row.name,
      type: row.type,
      description: row.description,
      url: row.url,
      jobTitle: row.job_title,
      sameAs: parseList(row.same_as),
    };
  }
}
