/*
 * The records of a collection database, as its API hands them out. These are @vellum/crawl's
 * own API (as `FetchOptions` is fetch's): the catalog, the audit, the browser capture and the
 * fleet reach a collection through `Collection`, which depends on crawl anyway.
 */

import type { SourceRef } from "../sources/types.js";

/** `queued`: waiting; `fetching`: claimed by a run; `done`: captured; `failed`: see `error`. */
export type UrlState = "queued" | "fetching" | "done" | "failed";
/** A page asked for (an article), or an image, stylesheet, script, font a page uses. */
export type UrlKind = "page" | "requisite";
/** What a WARC response/revisit record was written for. */
export type RecordRole = "page" | "requisite" | "robots" | "source";

export interface ErrorInfo {
  readonly code: string;
  readonly reason: string;
}

/** A URL to add to the collection's frontier. */
export interface NewUrl {
  readonly url: string;
  readonly kind: UrlKind;
  readonly source?: SourceRef;
  /** The page a requisite was found on. */
  readonly parentId?: number;
  /** Steps from the page: 1 for what the page uses, 2 for what its stylesheets use … */
  readonly depth?: number;
  /** `image`, `stylesheet`, `script`, `font`, `icon`, `media`. */
  readonly requisiteKind?: string;
  /** What the source said about the page (sitemap `lastmod`, feed dates and title). */
  readonly lastmod?: string;
  readonly published?: string;
  readonly title?: string;
  /** Higher is fetched sooner. Requisites go before pages, so a page and its images are close in time. */
  readonly priority?: number;
}

export interface UrlRecord {
  readonly id: number;
  readonly url: string;
  readonly host: string;
  readonly kind: UrlKind;
  readonly state: UrlState;
  readonly source: SourceRef | null;
  readonly parentId: number | null;
  readonly depth: number;
  readonly requisiteKind: string | null;
  readonly lastmod: string | null;
  readonly published: string | null;
  readonly title: string | null;
  /** The folder name of the page's article files under `articles/`. */
  readonly slug: string | null;
  /** Times the URL was claimed by a run. */
  readonly attempts: number;
  readonly error: ErrorInfo | null;
  readonly addedAt: string;
  readonly updatedAt: string;
  /** The latest capture, when there is one. */
  readonly lastCaptureId: number | null;
}

/** Where a record is: enough to read it back or to index it. */
export interface WarcLocation {
  readonly file: string;
  readonly offset: number;
  readonly length: number;
  /** `<urn:uuid:…>` */
  readonly recordId: string;
}

/** A `response` or `revisit` record as it is written. */
export interface RecordInput {
  readonly role: RecordRole;
  readonly type: "response" | "revisit";
  readonly targetUri: string;
  /** WARC-Date, ISO 8601. */
  readonly date: string;
  readonly status: number;
  readonly mime: string | null;
  /** `sha256:<hex>` of the payload as served. */
  readonly payloadDigest: string | null;
  readonly payloadBytes: number;
  readonly truncated: string | null;
  readonly warc: WarcLocation;
  /** For a revisit: the record whose payload it repeats. */
  readonly refersTo: number | null;
}

export interface StoredRecord extends RecordInput {
  readonly id: number;
  readonly captureId: number | null;
  readonly runId: number;
}

/** What a reader sees of an article, kept for search and to compare captures. */
export interface ArticleInput {
  readonly headline: string | null;
  /** The standfirst (`alternativeHeadline`), else the description. */
  readonly dek: string | null;
  readonly authors: readonly string[];
  readonly datePublished: string | null;
  readonly dateModified: string | null;
  readonly language: string | null;
  readonly wordCount: number;
  readonly publisher: string | null;
  /** Blocks separated by a blank line, as `Article.body.text`. */
  readonly bodyText: string;
  /** `sha256:<hex>` of what is compared (headline, dek, authors, dates, body). */
  readonly textDigest: string;
}

export interface ArticleRecord extends ArticleInput {
  readonly id: number;
  readonly captureId: number;
  readonly urlId: number;
  readonly url: string;
  readonly capturedAt: string;
}

/** The fields an edit can touch, in the order a report lists them. */
export type ChangedField =
  | "headline"
  | "dek"
  | "authors"
  | "datePublished"
  | "dateModified"
  | "body";

/** One word-level edit: text kept, added or removed, in reading order. */
export interface DiffPart {
  readonly op: "same" | "add" | "remove";
  readonly text: string;
}

/** How one field changed. For the body, `parts` runs over the changed paragraphs only. */
export interface FieldChange {
  readonly field: ChangedField;
  readonly before: string | null;
  readonly after: string | null;
  readonly parts: readonly DiffPart[];
}

/** What changed in the body, counted. */
export interface BodyChangeSummary {
  readonly paragraphsAdded: number;
  readonly paragraphsRemoved: number;
  readonly paragraphsChanged: number;
  readonly wordsAdded: number;
  readonly wordsRemoved: number;
}

export interface ArticleDiff {
  readonly fields: readonly FieldChange[];
  readonly body: BodyChangeSummary | null;
}

export interface ChangeInput {
  readonly fromArticleId: number;
  readonly fields: readonly ChangedField[];
  /** The body changed and `dateModified` did not. */
  readonly silent: boolean;
  readonly diff: ArticleDiff;
  /** The WARC `metadata` record that carries the change. */
  readonly warcRecordId: string | null;
}

export interface ChangeRecord {
  readonly id: number;
  readonly urlId: number;
  readonly url: string;
  readonly fromArticleId: number;
  readonly toArticleId: number;
  /** When the earlier and the later capture were taken. */
  readonly fromCapturedAt: string;
  readonly toCapturedAt: string;
  readonly detectedAt: string;
  readonly fields: readonly ChangedField[];
  readonly silent: boolean;
  readonly diff: ArticleDiff;
  readonly warcRecordId: string | null;
}

/** One fetch of a URL in a run, with every hop; `record` is its final response or revisit. */
export interface CaptureInput {
  readonly urlId: number;
  /** `interrupted`: the run stopped mid-capture; what arrived is kept, the URL stays queued. */
  readonly outcome: "ok" | "failed" | "interrupted";
  readonly status: number | null;
  readonly finalUrl: string | null;
  readonly redirects: number;
  readonly exchanges: number;
  readonly bytes: number | null;
  readonly truncated: string | null;
  readonly startedAt: string | null;
  /** Time in the requests, summed over hops and retried answers (report.json's `durationMs`). */
  readonly fetchMs: number | null;
  /** The rest of the time since a worker took the URL: politeness pauses, slots, retry pauses. */
  readonly queuedMs: number | null;
  readonly error: ErrorInfo | null;
  readonly notes: readonly string[];
  /** `articles/<slug>`, relative to the collection, when an article was written. */
  readonly articleDir: string | null;
}

export interface CaptureRecord extends CaptureInput {
  readonly id: number;
  readonly runId: number;
  readonly url: string;
  readonly kind: UrlKind;
  /** The final response/revisit record, when one was written. */
  readonly record: StoredRecord | null;
}

/** Everything one capture commits at once: its records, its article and edit, new URLs. */
export interface CommitCapture {
  readonly capture: CaptureInput;
  readonly records: readonly RecordInput[];
  /** Index in `records` of the final response, if any. */
  readonly finalRecord: number | null;
  readonly article?: ArticleInput;
  readonly change?: ChangeInput;
  /** Requisites the page or stylesheet uses, queued for this run and the next. */
  readonly found?: readonly NewUrl[];
  /** The URL's new state (`queued` after an interrupted capture). */
  readonly state: "done" | "failed" | "queued";
  /** The WARC files written to, with their length after this capture's records. */
  readonly warcFiles: readonly WarcFileMark[];
}

export interface CommitResult {
  readonly captureId: number;
  readonly articleId: number | null;
  readonly changeId: number | null;
  readonly recordIds: readonly number[];
}

export interface WarcFileMark {
  readonly name: string;
  readonly committedBytes: number;
}

export interface WarcFileRecord extends WarcFileMark {
  readonly runId: number;
  readonly closed: boolean;
}

export type RunStatus = "running" | "finished" | "interrupted" | "crashed";

export interface RunRecord {
  readonly id: number;
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly status: RunStatus;
  readonly software: string;
  readonly robots: string;
  readonly options: Readonly<Record<string, unknown>>;
}

/** Where a collection stands, as `vellum status` prints it. */
export interface CollectionStatus {
  readonly dir: string;
  readonly schemaVersion: number;
  readonly urls: {
    readonly total: number;
    readonly queued: number;
    readonly fetching: number;
    readonly done: number;
    readonly failed: number;
  };
  readonly pages: {
    readonly total: number;
    readonly queued: number;
    readonly fetching: number;
    readonly done: number;
    readonly failed: number;
  };
  /** Failed URLs counted by error code. */
  readonly failedBy: Readonly<Record<string, number>>;
  readonly captures: number;
  readonly records: { readonly responses: number; readonly revisits: number };
  readonly articles: number;
  readonly changes: { readonly total: number; readonly silent: number };
  readonly warcFiles: number;
  readonly warcBytes: number;
  readonly runs: readonly RunRecord[];
  /** A run holds the collection right now. */
  readonly locked: boolean;
}
