import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import {
  cdxjLine,
  cdxTimestamp,
  compareBytewise,
  encodeManifestPath,
  surt,
  WACZ_VERSION,
} from "@vellum/archive";
import type { StoredRecord } from "@vellum/crawl";
import { type Clock, VellumError } from "@vellum/model";
import { stringify } from "csv-stringify/sync";
import type { ArticleView, Catalog, CatalogCollection } from "../catalog.js";
import { readArticleFile } from "../search/article-file.js";
import type { SearchQuery } from "../search/query.js";
import type { CatalogDoc } from "../search/search-index.js";
import { pageRecords, recordBytes } from "./replay.js";
import { type StreamEntry, zipStream } from "./zip-stream.js";

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
  for (const r of records) yield* recordBytes(dir, r);
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
 * A BagIt 1.0 bag (RFC 8493) as a zip stream: payload first, hashed as it streams; then
 * `bagit.txt`, `bag-info.txt` (with Payload-Oxum), sha256 and sha512 manifests and tag manifests.
 * `vellum verify` checks it like any bag.
 */
function bagStream(
  top: string,
  payload: AsyncIterable<{ name: string; data: AsyncIterable<Uint8Array> | Uint8Array }>,
  info: readonly [string, string][],
  options: DownloadOptions,
): Readable {
  const hashes = new Map<string, Hashes>();
  async function* entries(): AsyncGenerator<StreamEntry> {
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
    const digests = [...hashes].map(([name, h]) => ({
      name,
      size: h.size,
      sha256: h.sha256.digest("hex"),
      sha512: h.sha512.digest("hex"),
    }));
    const octets = digests.reduce((n, d) => n + d.size, 0);
    const tags = new Map<string, Buffer>();
    tags.set("bagit.txt", Buffer.from("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"));
    const infoLines: [string, string][] = [
      ["Bagging-Date", options.clock.now().toISOString().slice(0, 10)],
      ["Payload-Oxum", `${octets}.${digests.length}`],
      ["Bag-Software-Agent", options.software],
      ...info,
    ];
    tags.set(
      "bag-info.txt",
      Buffer.from(
        infoLines.map(([k, v]) => `${k}: ${v.replace(/[\r\n]+/g, " ")}\n`).join(""),
        "utf8",
      ),
    );
    for (const alg of ["sha256", "sha512"] as const) {
      tags.set(
        `manifest-${alg}.txt`,
        Buffer.from(
          digests.map((d) => `${d[alg]}  ${encodeManifestPath(`data/${d.name}`)}\n`).join(""),
          "utf8",
        ),
      );
    }
    const tagFiles = [...tags];
    for (const alg of ["sha256", "sha512"] as const) {
      tags.set(
        `tagmanifest-${alg}.txt`,
        Buffer.from(
          tagFiles
            .map(([name, bytes]) => `${createHash(alg).update(bytes).digest("hex")}  ${name}\n`)
            .join(""),
          "utf8",
        ),
      );
    }
    for (const [name, bytes] of tags) yield { name: `${top}/${name}`, data: bytes };
  }
  return Readable.from(zipStream(entries()));
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
    [
      ["External-Identifier", view.doc.url],
      [
        "External-Description",
        `${view.doc.headline ?? view.doc.url} (Vellum catalog, collection ${view.collection})`,
      ],
    ],
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
    [["External-Description", `Vellum catalog search result: ${describe(query)}`]],
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

function pageIdOf(url: string, ts: string): string {
  return createHash("sha256").update(`${ts} ${url}`).digest("hex").slice(0, 32);
}

/**
 * A search result as a WACZ 1.1.1 stream: one WARC (`archive/data.warc.gz`) of every record of
 * the result's pages (their captures, revisits with their originals, requisites), the CDXJ index
 * of that WARC built from the collection's record rows as they stream, `pages/pages.jsonl`,
 * `datapackage.json` and `datapackage-digest.json`.
 */
export async function resultWacz(
  catalog: Catalog,
  query: SearchQuery,
  options: DownloadOptions,
): Promise<Readable> {
  const lines: string[] = [];
  const pages: string[] = [
    JSON.stringify({ format: "json-pages-1.0", id: "pages", title: "All Pages" }),
  ];
  const resources: { name: string; path: string; hash: string; bytes: number }[] = [];
  const warcName = "data.warc.gz";
  async function* warc(): AsyncGenerator<Uint8Array> {
    let offset = 0;
    for (const { collection, docs } of catalog.resultDocs(query)) {
      for (const doc of docs) {
        const records = pageRecords(collection.collection, doc.id);
        for (const r of records) {
          lines.push(
            cdxjLine({
              urlkey: surt(r.targetUri),
              timestamp: cdxTimestamp(r.date),
              url: r.targetUri,
              mime: r.type === "revisit" ? "warc/revisit" : r.mime,
              status: r.status,
              digest: r.payloadDigest,
              filename: warcName,
              offset,
              length: r.warc.length,
            }),
          );
          offset += r.warc.length;
          yield* recordBytes(collection.dir, r);
        }
        const capture = collection.collection.capture(doc.captureId);
        const ts = capture?.startedAt ?? doc.capturedAt;
        const url = capture?.finalUrl ?? doc.url;
        pages.push(
          JSON.stringify({
            id: pageIdOf(url, ts),
            url,
            ts,
            ...(doc.headline === null ? {} : { title: doc.headline }),
          }),
        );
      }
    }
  }
  async function* entries(): AsyncGenerator<StreamEntry> {
    const h = createHash("sha256");
    let bytes = 0;
    yield {
      name: `archive/${warcName}`,
      data: warc(),
      onChunk: (c) => {
        h.update(c);
        bytes += c.byteLength;
      },
    };
    resources.push({
      name: warcName,
      path: `archive/${warcName}`,
      hash: `sha256:${h.digest("hex")}`,
      bytes,
    });
    const small: [string, Buffer][] = [
      [
        "indexes/index.cdxj",
        Buffer.from(
          lines
            .sort(compareBytewise)
            .map((l) => `${l}\n`)
            .join(""),
          "utf8",
        ),
      ],
      ["pages/pages.jsonl", Buffer.from(pages.map((l) => `${l}\n`).join(""), "utf8")],
    ];
    for (const [path, data] of small) {
      resources.push({
        name: path.split("/").at(-1) as string,
        path,
        hash: `sha256:${createHash("sha256").update(data).digest("hex")}`,
        bytes: data.byteLength,
      });
      yield { name: path, data };
    }
    const datapackage = Buffer.from(
      `${JSON.stringify(
        {
          profile: "data-package",
          wacz_version: WACZ_VERSION,
          title: "Vellum catalog search result",
          description: describe(query),
          created: options.clock.now().toISOString(),
          software: options.software,
          resources,
        },
        null,
        2,
      )}\n`,
      "utf8",
    );
    yield { name: "datapackage.json", data: datapackage };
    yield {
      name: "datapackage-digest.json",
      data: Buffer.from(
        `${JSON.stringify({ path: "datapackage.json", hash: `sha256:${createHash("sha256").update(datapackage).digest("hex")}` }, null, 2)}\n`,
        "utf8",
      ),
    };
  }
  return Readable.from(zipStream(entries()));
}
