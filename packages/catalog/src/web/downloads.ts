import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { Readable } from "node:stream";
import {
  bagTagFiles,
  type CdxjEntry,
  cdxTimestamp,
  indexForWarc,
  surt,
  type WaczContents,
  type WaczWarc,
  waczEntries,
  type ZipStreamEntry,
  zipStream,
} from "@vellum/archive";
import { collectionBundle, type StoredRecord } from "@vellum/crawl";
import { type Clock, VellumError } from "@vellum/model";
import { stringify } from "csv-stringify/sync";
import { type ArticleView, Catalog, type CatalogCollection } from "../catalog.js";
import { readArticleFile } from "../search/article-file.js";
import type { SearchQuery } from "../search/query.js";
import type { CatalogDoc } from "../search/search-index.js";
import { pageRecords, RecordReader } from "./replay.js";

/*
 * Downloads: a result's metadata as CSV or JSON Lines, an article or a result as a BagIt zip,
 * a result as a WACZ. All are streamed as they are built, from the collection's own files:
 * nothing is copied to a temporary file, and memory holds only the manifests and the index.
 */

export interface DownloadOptions {
  readonly clock: Clock;
  readonly software: string;
}

/** The columns of a result's CSV, in order (one owner for the CSV header and the JSON Lines keys). */
const COLUMNS = [
  "collection",
  "url",
  "headline",
  "dek",
  "authors",
  "people_quoted",
  "published",
  "modified",
  "language",
  "section",
  "keywords",
  "site",
  "publisher",
  "word_count",
  "first_captured",
  "last_captured",
  "captures",
  "edits",
] as const;

function row(
  collection: string,
  d: CatalogDoc,
): Record<(typeof COLUMNS)[number], string | number | null | readonly string[]> {
  return {
    collection,
    url: d.url,
    headline: d.headline,
    dek: d.dek,
    authors: d.authors,
    people_quoted: d.people,
    published: d.published,
    modified: d.modified,
    language: d.language,
    section: d.section,
    keywords: d.keywords,
    site: d.site,
    publisher: d.publisher,
    word_count: d.wordCount,
    first_captured: d.firstCapturedAt,
    last_captured: d.capturedAt,
    captures: d.captures,
    edits: d.changes,
  };
}

/**
 * A spreadsheet cell that starts with = + - @ (or a tab or CR) is run as a formula by Excel and
 * LibreOffice; archived text is hostile, so such a cell gets a leading apostrophe (OWASP's
 * advice for CSV injection). Lists are joined with "; ".
 */
function cell(v: string | number | null | readonly string[]): string | number {
  if (v === null) return "";
  if (typeof v === "number") return v;
  const text = typeof v === "string" ? v : v.join("; ");
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The result's metadata as CSV (RFC 4180, UTF-8 with a header row), streamed. */
export function resultCsv(catalog: Catalog, query: SearchQuery): Readable {
  return Readable.from(
    (function* () {
      yield stringify([[...COLUMNS]]);
      for (const { collection, docs } of catalog.resultDocs(query)) {
        yield stringify(docs.map((d) => COLUMNS.map((k) => cell(row(collection.name, d)[k]))));
      }
    })(),
  );
}

/** The result's metadata as JSON Lines (one object per article, the CSV's columns), streamed. */
export function resultJsonl(catalog: Catalog, query: SearchQuery): Readable {
  return Readable.from(
    (function* () {
      for (const { collection, docs } of catalog.resultDocs(query)) {
        yield docs.map((d) => `${JSON.stringify(row(collection.name, d))}\n`).join("");
      }
    })(),
  );
}

async function* recordsBytes(
  dir: string,
  records: readonly StoredRecord[],
): AsyncGenerator<Uint8Array> {
  const reader = new RecordReader(dir);
  try {
    for (const r of records) yield* reader.bytes(r);
  } finally {
    await reader.close();
  }
}

interface Hashes {
  size: number;
  readonly sha256: ReturnType<typeof createHash>;
  readonly sha512: ReturnType<typeof createHash>;
}

/** Payload files of one article in a bag: its files as the collection wrote them, and its WARC records. */
function articleEntries(
  c: CatalogCollection,
  doc: CatalogDoc,
  prefix: string,
): { name: string; data: () => AsyncIterable<Uint8Array> | Uint8Array | null }[] {
  const capture = c.collection.capture(doc.captureId);
  const articleDir = capture?.articleDir ?? `articles/${doc.slug}`;
  const files = ["article.json", "article.jsonld", "article.md"] as const;
  const out: { name: string; data: () => AsyncIterable<Uint8Array> | Uint8Array | null }[] = [];
  for (const file of files) {
    out.push({
      name: `${prefix}/${file}`,
      data: () => {
        const text = readArticle(c, articleDir, file);
        return text === null ? null : Buffer.from(text, "utf8");
      },
    });
  }
  out.push({
    name: `${prefix}/page.warc.gz`,
    data: () => {
      const records = pageRecords(c.collection, doc.id);
      return records.length === 0 ? null : recordsBytes(c.dir, records);
    },
  });
  return out;
}

function readArticle(
  c: CatalogCollection,
  articleDir: string,
  file: "article.json" | "article.jsonld" | "article.md",
) {
  return readArticleFile(c.dir, articleDir, file);
}

/**
 * A BagIt 1.0 bag (RFC 8493) as a zip stream: payload first, hashed as it streams; then the tag
 * files @vellum/archive writes for any bag (`bagit.txt`, `bag-info.txt` with Payload-Oxum, the
 * manifests and the tag manifest). `vellum verify` checks it like any bag.
 */
function bagStream(
  top: string,
  payload: AsyncIterable<{ name: string; data: AsyncIterable<Uint8Array> | Uint8Array }>,
  info: { readonly externalIdentifier?: string; readonly externalDescription: string },
  options: DownloadOptions,
): Readable {
  const hashes = new Map<string, Hashes>();
  async function* entries(): AsyncGenerator<ZipStreamEntry> {
    for await (const file of payload) {
      const h: Hashes = { size: 0, sha256: createHash("sha256"), sha512: createHash("sha512") };
      hashes.set(file.name, h);
      yield {
        name: `${top}/data/${file.name}`,
        data: file.data,
        onChunk: (chunk) => {
          h.size += chunk.byteLength;
          h.sha256.update(chunk);
          h.sha512.update(chunk);
        },
      };
    }
    const digests = [...hashes].map(([path, h]) => ({
      path,
      size: h.size,
      sha256: h.sha256.digest("hex"),
      sha512: h.sha512.digest("hex"),
    }));
    const tags = bagTagFiles(
      {
        clock: options.clock,
        software: options.software,
        externalDescription: info.externalDescription,
        ...(info.externalIdentifier === undefined
          ? {}
          : { externalIdentifier: info.externalIdentifier }),
      },
      digests,
    );
    for (const [name, bytes] of tags) yield { name: `${top}/${name}`, data: bytes };
  }
  return streamOf(zipStream(entries()));
}

/**
 * A download's bytes as a stream: the zip's many small buffers (headers, descriptors) are
 * gathered into writes of at least 256 KiB, so the socket sees few large writes.
 */
function streamOf(chunks: AsyncIterable<Uint8Array>): Readable {
  const LOW = 256 * 1024;
  return Readable.from(
    (async function* () {
      let held: Uint8Array[] = [];
      let size = 0;
      for await (const chunk of chunks) {
        if (chunk.byteLength >= LOW) {
          // A large chunk goes as it is (copying it to join what is held would cost more).
          if (size > 0) yield Buffer.concat(held, size);
          held = [];
          size = 0;
          yield chunk;
          continue;
        }
        held.push(chunk);
        size += chunk.byteLength;
        if (size >= LOW) {
          yield Buffer.concat(held, size);
          held = [];
          size = 0;
        }
      }
      if (size > 0) yield Buffer.concat(held, size);
    })(),
    { objectMode: false, highWaterMark: 1 << 20 },
  );
}

/** The bag of one article: its JSON, JSON-LD, Markdown and WARC records. */
export function articleBag(
  catalog: Catalog,
  view: ArticleView,
  options: DownloadOptions,
): Readable {
  const c = catalog.collection(view.collection);
  if (c === null)
    throw new VellumError("input-not-found", "No collection of that name", {
      value: view.collection,
    });
  const top = `${view.doc.slug}-bag`;
  async function* payload() {
    for (const e of articleEntries(
      c as CatalogCollection,
      view.doc,
      `${view.collection}/${view.doc.slug}`,
    )) {
      const data = e.data();
      if (data !== null) yield { name: e.name, data };
    }
  }
  return bagStream(
    top,
    payload(),
    {
      externalIdentifier: view.doc.url,
      externalDescription: `${view.doc.headline ?? view.doc.url} (Vellum catalog, collection ${view.collection})`,
    },
    options,
  );
}

/** The bag of a search result: per article its files and WARC records, and `metadata.csv`. */
export function resultBag(
  catalog: Catalog,
  query: SearchQuery,
  options: DownloadOptions,
): Readable {
  async function* payload() {
    const rows: string[] = [stringify([[...COLUMNS]])];
    for (const { collection, docs } of catalog.resultDocs(query)) {
      for (const doc of docs) {
        rows.push(stringify([COLUMNS.map((k) => cell(row(collection.name, doc)[k]))]));
        for (const e of articleEntries(collection, doc, `${collection.name}/${doc.slug}`)) {
          const data = e.data();
          if (data !== null) yield { name: e.name, data };
        }
      }
    }
    yield { name: "metadata.csv", data: Buffer.from(rows.join(""), "utf8") };
  }
  return bagStream(
    "vellum-result-bag",
    payload(),
    { externalDescription: `Vellum catalog search result: ${describe(query)}` },
    options,
  );
}

function describe(query: SearchQuery): string {
  const parts = [query.text === "" ? "all articles" : `"${query.text}"`];
  for (const [facet, values] of Object.entries(query.filters)) {
    if (values.length > 0) parts.push(`${facet}=${values.join("|")}`);
  }
  if (query.collections.length > 0) parts.push(`collection=${query.collections.join("|")}`);
  return parts.join(", ");
}

/**
 * A search result as a WACZ 1.1.1 stream: one WARC (`archive/data.warc.gz`) of every record of
 * the result's pages (their captures, revisits with their originals, requisites), the CDXJ index
 * of that WARC built from the collection's record rows as they stream, `pages/pages.jsonl`,
 * `datapackage.json` and `datapackage-digest.json` (the files @vellum/archive puts in any WACZ).
 */
export function resultWacz(
  catalog: Catalog,
  query: SearchQuery,
  options: DownloadOptions,
): Readable {
  const index: CdxjEntry[] = [];
  const pages: { url: string; ts: string; title: string | null }[] = [];
  const warcName = "data.warc.gz";
  async function* warc(): AsyncGenerator<Uint8Array> {
    let offset = 0;
    const readers = new Map<string, RecordReader>();
    try {
      for (const { collection, docs } of catalog.resultDocs(query)) {
        let reader = readers.get(collection.dir);
        if (reader === undefined) {
          reader = new RecordReader(collection.dir);
          readers.set(collection.dir, reader);
        }
        for (const doc of docs) {
          for (const r of pageRecords(collection.collection, doc.id)) {
            index.push({
              urlkey: surt(r.targetUri),
              timestamp: cdxTimestamp(r.date),
              url: r.targetUri,
              mime: r.type === "revisit" ? "warc/revisit" : r.mime,
              status: r.status,
              digest: r.payloadDigest,
              filename: warcName,
              offset,
              length: r.warc.length,
            });
            offset += r.warc.length;
            yield* reader.bytes(r);
          }
          const capture = collection.collection.capture(doc.captureId);
          pages.push({
            url: capture?.finalUrl ?? doc.url,
            ts: capture?.startedAt ?? doc.capturedAt,
            title: doc.headline,
          });
        }
      }
    } finally {
      await Promise.all([...readers.values()].map((r) => r.close()));
    }
  }
  return waczStream({
    warcs: [{ name: warcName, data: warc() }],
    index: () => index,
    pages: () => pages,
    clock: options.clock,
    software: options.software,
    title: "Vellum catalog search result",
    description: describe(query),
  });
}

function waczStream(contents: WaczContents): Readable {
  return streamOf(zipStream(waczEntries(contents)));
}

/** A file's bytes in large chunks, each its own buffer (a socket may hold them a while). */
function fileChunks(path: string, size: number): AsyncIterable<Uint8Array> {
  if (size === 0) return (async function* () {})();
  return createReadStream(path, { start: 0, end: size - 1, highWaterMark: 4 << 20 });
}

/** The WARC files of a collection as they are on disk (those a run has closed), for a WACZ. */
async function collectionWarcs(c: CatalogCollection): Promise<{
  warcs: WaczWarc[];
  index: () => Promise<CdxjEntry[]>;
  pages: () => { url: string; ts: string; title: string | null }[];
}> {
  const bundle = collectionBundle(c.collection);
  const warcs: WaczWarc[] = [];
  for (const path of bundle.warcFiles) {
    const size = (await stat(path)).size;
    warcs.push({ name: basename(path), size, data: fileChunks(path, size) });
  }
  return {
    warcs,
    index: async () => {
      const entries: CdxjEntry[] = [];
      for (const path of bundle.warcFiles) entries.push(...(await indexForWarc(path)));
      return entries;
    },
    pages: () => bundle.pages.map((p) => ({ url: p.url, ts: p.ts, title: p.title ?? null })),
  };
}

/**
 * A whole collection as a WACZ stream: the collection's WARC files stored as they are (read once,
 * in large chunks, hashed and CRC'd on the way), indexed from the side indexes the capture wrote,
 * one page per capture of an article, as `vellum bundle` packages it. A file a run is still
 * writing is left out, as `vellum bundle` leaves it out.
 */
export async function collectionWacz(
  c: CatalogCollection,
  options: DownloadOptions,
): Promise<Readable> {
  const parts = await collectionWarcs(c);
  return waczStream({
    ...parts,
    clock: options.clock,
    software: options.software,
    title: `Vellum collection ${c.name}`,
    description: `Every capture of the collection ${c.name}`,
  });
}

/**
 * A whole collection as a BagIt zip stream: `data/<name>.wacz` (the collection's WACZ, built as
 * it streams into the bag), each indexed page's article files under `data/articles/<slug>/`, and
 * `data/metadata.csv`, like `vellum bundle --format bag-zip`.
 */
export async function collectionBag(
  catalog: Catalog,
  c: CatalogCollection,
  options: DownloadOptions,
): Promise<Readable> {
  const parts = await collectionWarcs(c);
  const query: SearchQuery = { ...Catalog.browse(), collections: [c.name], sort: "oldest" };
  async function* payload() {
    const wacz = zipStream(
      waczEntries({
        ...parts,
        clock: options.clock,
        software: options.software,
        title: `Vellum collection ${c.name}`,
        description: `Every capture of the collection ${c.name}`,
      }),
    );
    yield { name: `${c.name}.wacz`, data: wacz };
    const rows: string[] = [stringify([[...COLUMNS]])];
    for (const { docs } of catalog.resultDocs(query)) {
      for (const doc of docs) {
        rows.push(stringify([COLUMNS.map((k) => cell(row(c.name, doc)[k]))]));
        for (const e of articleEntries(c, doc, `articles/${doc.slug}`)) {
          if (e.name.endsWith(".warc.gz")) continue; // its records are in the WACZ
          const data = e.data();
          if (data !== null) yield { name: e.name, data };
        }
      }
    }
    yield { name: "metadata.csv", data: Buffer.from(rows.join(""), "utf8") };
  }
  return bagStream(
    `${c.name}-bag`,
    payload(),
    { externalDescription: `Vellum collection ${c.name}: every capture, and each page's article` },
    options,
  );
}
