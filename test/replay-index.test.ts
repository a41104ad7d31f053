import { createReadStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleSnapshot, compareBytewise, openZip, parseCdxjLine, surt } from "@vellum/archive";
import { snapshot } from "@vellum/crawl";
import { countingIds, fixedClock, type SnapshotReport } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CDXIndexer, WARCParser } from "warcio";
import {
  answer,
  firstThen,
  redirectTo,
  startServer,
  type TestServer,
} from "../packages/crawl/test/snapshot-helpers.js";

// What replay tools make of a Vellum collection, following their published rules (read from
// their sources), rather than Vellum's own index:
//
// - pywb's indexer (pywb/indexer/archiveindexer.py) indexes every record but `request` and
//   `warcinfo` records and those whose WARC Content-Type is `application/warc-fields`; a
//   metadata or resource record gets status 200 and its WARC Content-Type as mime. Its digest
//   drops only a `sha1:` label. Asked for a URL at a time, pywb (like OutbackCDX) takes the
//   capture closest in time, the first line in index order on a tie, and resolves a revisit
//   through the index by its payload digest.
// - cdxj-indexer (py-wacz's) indexes `response`, `revisit`, `resource` and `metadata` records,
//   skipping resource and metadata records typed `application/warc-fields`.
// - ReplayWeb.page's indexer is warcio.js's CDXIndexer, run here as is; wabac.js takes the
//   first capture at or after the time asked, and at one time lets a 2xx replace another
//   status.
//
// Every page Vellum captured, asked for at its capture time, must resolve to its `response`
// with the page as served: never to a record Vellum derived from it.

const page = (title: string) =>
  `<!doctype html><html><head><title>${title}</title><link rel="stylesheet" href="/site.css"></head><body><article><h1>${title}</h1><p>The harbour reopened on Monday after a week of repairs, the port authority said in a statement on its website.</p><p>Ferries run on the summer timetable again.</p><img src="/photo.png" alt=""></article></body></html>`;

interface IndexLine {
  readonly urlkey: string;
  readonly timestamp: string;
  readonly url: string;
  readonly mime: string | null;
  readonly status: number | null;
  readonly digest: string | null;
  readonly filename: string;
  readonly offset: number;
  readonly length: number;
  /** Only for the test: what record the line points at. */
  readonly type: string;
}

interface Record_ {
  readonly type: string;
  readonly url: string;
  readonly date: string;
  readonly warcContentType: string | null;
  readonly httpStatus: number | null;
  readonly httpMime: string | null;
  readonly digest: string | null;
  readonly filename: string;
  readonly offset: number;
  readonly length: number;
  readonly payload: Buffer;
}

/** Every record of the collection's WARCs, read with warcio.js, with its offset and length. */
async function readRecords(dir: string, files: readonly string[]): Promise<Record_[]> {
  const out: Record_[] = [];
  for (const filename of files) {
    const parser = new WARCParser(createReadStream(join(dir, filename)));
    for await (const record of parser) {
      const payload = Buffer.from(await record.readFully(true));
      const type = record.warcType ?? "";
      const http = record.httpHeaders;
      out.push({
        type,
        url: record.warcTargetURI ?? "",
        date: record.warcDate ?? "",
        warcContentType: record.warcContentType ?? null,
        httpStatus: http?.statusCode === undefined ? null : Number(http.statusCode),
        httpMime: http?.headers.get("content-type")?.split(";")[0]?.trim() ?? null,
        digest: record.warcPayloadDigest ?? null,
        filename,
        offset: parser.offset,
        length: parser.recordLength,
        payload,
      });
    }
  }
  return out;
}

const timestamp = (date: string) => date.replace(/[^0-9]/g, "").slice(0, 14);
const isWarcFields = (r: Record_) =>
  r.warcContentType?.split(";")[0]?.trim() === "application/warc-fields";

/** pywb's indexer rules (archiveindexer.py: create_record_iter, parse_warc_record). */
function pywbIndex(records: readonly Record_[]): IndexLine[] {
  return records
    .filter((r) => r.type !== "request" && r.type !== "warcinfo" && !isWarcFields(r))
    .map((r) => ({
      urlkey: surt(r.url),
      timestamp: timestamp(r.date),
      url: r.url,
      mime:
        r.type === "revisit"
          ? "warc/revisit"
          : r.type === "response"
            ? r.httpMime
            : (r.warcContentType?.split(";")[0]?.trim() ?? null),
      status: r.type === "response" ? r.httpStatus : null,
      digest: r.digest?.startsWith("sha1:") ? r.digest.slice(5) : r.digest,
      filename: r.filename,
      offset: r.offset,
      length: r.length,
      type: r.type,
    }));
}

/** cdxj-indexer's rules (main.py: DEFAULT_RECORDS, filter_record, get_field). */
function cdxjIndexerIndex(records: readonly Record_[]): IndexLine[] {
  const kept = new Set(["response", "revisit", "resource", "metadata"]);
  return records
    .filter((r) => kept.has(r.type))
    .filter((r) => !((r.type === "resource" || r.type === "metadata") && isWarcFields(r)))
    .map((r) => ({
      urlkey: surt(r.url),
      timestamp: timestamp(r.date),
      url: r.url,
      mime:
        r.type === "revisit"
          ? "warc/revisit"
          : r.type === "response"
            ? r.httpMime
            : (r.warcContentType?.split(/[;\s]/)[0] ?? null),
      status: r.type === "response" || r.type === "revisit" ? r.httpStatus : null,
      digest: r.digest,
      filename: r.filename,
      offset: r.offset,
      length: r.length,
      type: r.type,
    }));
}

/** ReplayWeb.page's own indexer: warcio.js's CDXIndexer, run over the files. */
async function warcioIndex(dir: string, files: readonly string[], records: readonly Record_[]) {
  const byPlace = new Map(records.map((r) => [`${r.filename}@${r.offset}`, r]));
  const out: IndexLine[] = [];
  const indexer = new CDXIndexer({});
  const streams = files.map((filename) => ({
    filename,
    reader: createReadStream(join(dir, filename)),
  }));
  for await (const cdx of indexer.iterIndex(streams)) {
    const at = byPlace.get(`${cdx.filename}@${cdx.offset}`);
    out.push({
      urlkey: String(cdx.urlkey),
      timestamp: String(cdx.timestamp),
      url: String(cdx.url),
      mime: cdx.mime ?? null,
      status: cdx.status === undefined ? null : Number(cdx.status),
      digest: cdx.digest ?? null,
      filename: String(cdx.filename),
      offset: Number(cdx.offset),
      length: Number(cdx.length),
      type: at?.type ?? "?",
    });
  }
  return out;
}

/** The line as a CDXJ file holds it, for index order. */
function cdxjText(line: IndexLine): string {
  const json: Record<string, string> = { url: line.url };
  if (line.mime !== null) json.mime = line.mime;
  if (line.status !== null) json.status = String(line.status);
  if (line.digest !== null) json.digest = line.digest;
  json.length = String(line.length);
  json.offset = String(line.offset);
  json.filename = line.filename;
  return `${line.urlkey} ${line.timestamp} ${JSON.stringify(json)}`;
}

const seconds = (ts: string) =>
  Date.UTC(
    Number(ts.slice(0, 4)),
    Number(ts.slice(4, 6)) - 1,
    Number(ts.slice(6, 8)),
    Number(ts.slice(8, 10)),
    Number(ts.slice(10, 12)),
    Number(ts.slice(12, 14)),
  ) / 1000;

/** A revisit resolves to the record whose payload it repeats, found by digest in the index. */
function resolveRevisit(line: IndexLine, index: readonly IndexLine[]): IndexLine | undefined {
  if (line.mime !== "warc/revisit") return line;
  return index.find((l) => l.mime !== "warc/revisit" && l.digest === line.digest);
}

/** pywb and OutbackCDX: the closest capture; on a tie, the first in (sorted) index order. */
function closest(index: readonly IndexLine[], url: string, ts: string): IndexLine | undefined {
  const sorted = [...index].sort((a, b) => compareBytewise(cdxjText(a), cdxjText(b)));
  const key = surt(url);
  const candidates = sorted
    .filter((l) => l.urlkey === key)
    .map((l, i) => ({ l, i, d: Math.abs(seconds(l.timestamp) - seconds(ts)) }))
    .sort((a, b) => a.d - b.d || a.i - b.i);
  const first = candidates[0]?.l;
  return first === undefined ? undefined : resolveRevisit(first, sorted);
}

/** wabac.js: the first capture at or after the time; at one time a 2xx replaces another status. */
function atOrAfter(index: readonly IndexLine[], url: string, ts: string): IndexLine | undefined {
  const ok = (l: IndexLine) => (l.status ?? 200) >= 200 && (l.status ?? 200) < 300;
  const forUrl = index.filter((l) => l.url === url);
  const later = forUrl
    .filter((l) => l.timestamp >= ts)
    .sort((a, b) => {
      if (a.timestamp !== b.timestamp) return a.timestamp < b.timestamp ? -1 : 1;
      return Number(ok(b)) - Number(ok(a));
    });
  const first = later[0];
  return first === undefined ? undefined : resolveRevisit(first, index);
}

let server: TestServer;
let dir: string;
let reports: SnapshotReport[];
let records: Record_[];
let pages: { url: string; ts: string }[];
let vellumIndex: IndexLine[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vellum-replay-"));
  server = await startServer({
    "/robots.txt": answer(200, { "Content-Type": "text/plain" }, "User-agent: *\nAllow: /\n"),
    "/news/harbour": answer(200, { "Content-Type": "text/html" }, page("Harbour reopens")),
    "/old-link": redirectTo(301, "/news/ferries"),
    "/news/ferries": answer(200, { "Content-Type": "text/html" }, page("Ferries again")),
    "/news/busy": firstThen(
      1,
      answer(503, { "Retry-After": "0", "Content-Type": "text/plain" }, "busy"),
      answer(200, { "Content-Type": "text/html" }, page("A busy day")),
    ),
    "/site.css": answer(200, { "Content-Type": "text/css" }, "body{margin:0}"),
    "/photo.png": answer(200, { "Content-Type": "image/png" }, Buffer.from("89504e47", "hex")),
  });
  const collection = join(dir, "snap");
  const urls = ["/news/harbour", "/old-link", "/news/busy"].map((p) => `${server.origin}${p}`);
  const common = {
    outDir: collection,
    requisites: true,
    fetch: { allowPrivate: true, delayMs: 0, retries: 2, retryBaseMs: 1, retryMaxMs: 5 },
    ids: countingIds(),
  };
  // One second for every record of a run: the ties are where replay tools differ.
  reports = [
    await snapshot({ ...common, urls, clock: fixedClock("2026-11-25T10:00:00Z") }),
    // A recapture of unchanged pages: revisit records.
    await snapshot({ ...common, recapture: true, clock: fixedClock("2026-11-26T10:00:00Z") }),
  ];
  const files = reports.at(-1)?.warcFiles ?? [];
  records = await readRecords(collection, files);
  const wacz = join(dir, "snap.wacz");
  await bundleSnapshot({
    snapshotDir: collection,
    format: "wacz",
    out: wacz,
    clock: fixedClock("2026-11-27T10:00:00Z"),
    ids: countingIds(),
    software: "Vellum test",
  });
  const zip = await openZip(wacz);
  try {
    const text = async (path: string) => {
      const parts: Uint8Array[] = [];
      for await (const c of zip.entries.find((e) => e.path === path)?.open() ?? []) parts.push(c);
      return Buffer.concat(parts).toString("utf8");
    };
    pages = (await text("pages/pages.jsonl"))
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => JSON.parse(l) as { url: string; ts: string });
    const byPlace = new Map(records.map((r) => [`${r.filename}@${r.offset}`, r]));
    vellumIndex = (await text("indexes/index.cdxj"))
      .trim()
      .split("\n")
      .map((l) => {
        const e = parseCdxjLine(l);
        if (e === null) throw new Error(`not CDXJ: ${l}`);
        return { ...e, type: byPlace.get(`${e.filename}@${e.offset}`)?.type ?? "?" };
      });
  } finally {
    zip.close();
  }
}, 120_000);

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every capture of a page: each response or revisit of a page URL, at its own time. */
function pageCaptures(): { url: string; ts: string }[] {
  const pageUrls = new Set(pages.map((p) => p.url));
  return records
    .filter((r) => (r.type === "response" || r.type === "revisit") && pageUrls.has(r.url))
    .filter((r) => r.httpStatus === 200 || r.type === "revisit")
    .map((r) => ({ url: r.url, ts: timestamp(r.date) }));
}

function expectThePage(found: IndexLine | undefined, url: string) {
  expect(found, url).toBeDefined();
  const record = records.find((r) => r.filename === found?.filename && r.offset === found.offset);
  expect(record?.type, url).toBe("response");
  expect(record?.url).toBe(url);
  expect(record?.httpStatus).toBe(200);
  expect(record?.httpMime).toBe("text/html");
  expect(record?.payload.toString("utf8")).toMatch(/^<!doctype html>/);
}

describe("a Vellum collection as replay tools index it", () => {
  it("was captured twice, with revisits, retried answers and requisites", () => {
    expect(reports.map((r) => r.counts.ok)).toEqual([3, 3]);
    const types = new Set(records.map((r) => r.type));
    for (const t of ["warcinfo", "response", "request", "revisit", "metadata"]) {
      expect(types, t).toContain(t);
    }
    expect(records.some((r) => r.httpStatus === 503)).toBe(true);
    expect(pages.map((p) => p.url).sort()).toEqual(
      ["/news/busy", "/news/ferries", "/news/harbour"].map((p) => `${server.origin}${p}`),
    );
  });

  it("pywb's index resolves every page, at each of its capture times, to its response", () => {
    const index = pywbIndex(records);
    for (const { url, ts } of [
      ...pages.map((p) => ({ url: p.url, ts: timestamp(p.ts) })),
      ...pageCaptures(),
    ]) {
      expectThePage(closest(index, url, ts), url);
    }
  });

  it("cdxj-indexer's index, read as OutbackCDX and pywb read one, does the same", () => {
    const index = cdxjIndexerIndex(records);
    for (const { url, ts } of pageCaptures()) expectThePage(closest(index, url, ts), url);
  });

  it("ReplayWeb.page's own indexer (warcio.js), read as wabac.js reads it, does the same", async () => {
    const index = await warcioIndex(join(dir, "snap"), reports.at(-1)?.warcFiles ?? [], records);
    expect(index.length).toBeGreaterThan(0);
    for (const { url, ts } of pageCaptures()) {
      expectThePage(atOrAfter(index, url, ts), url);
      expectThePage(closest(index, url, ts), url);
    }
  });

  it("Vellum's own WACZ index does the same for both readers, and holds only what replay serves", () => {
    expect(new Set(vellumIndex.map((l) => l.type))).toEqual(new Set(["response", "revisit"]));
    for (const { url, ts } of pageCaptures()) {
      expectThePage(closest(vellumIndex, url, ts), url);
      expectThePage(atOrAfter(vellumIndex, url, ts), url);
    }
  });

  it("no record Vellum derived from a page takes the page's URL", () => {
    const derived = records.filter((r) => r.type === "metadata" && !isWarcFields(r));
    expect(derived.length).toBeGreaterThan(0);
    for (const r of derived)
      expect(r.url).toMatch(/^urn:vellum:(article|jsonld|markdown|changes):http/);
    // And every index built by the tools' rules keeps them apart from the pages.
    const pageKeys = new Set(pages.map((p) => surt(p.url)));
    for (const line of [...pywbIndex(records), ...cdxjIndexerIndex(records)]) {
      if (line.type === "metadata") expect(pageKeys.has(line.urlkey)).toBe(false);
    }
  });
});

describe("sanity of the rule models", () => {
  it("a metadata record on the page's own URL would win pywb's tie, as issue 13 saw", () => {
    const response = records.find((r) => r.type === "response" && r.httpStatus === 200);
    if (response === undefined) throw new Error("no response");
    const shadow: Record_ = {
      ...response,
      type: "metadata",
      warcContentType: "application/json",
      httpStatus: null,
      httpMime: null,
      offset: 999_999,
    };
    const index = pywbIndex([...records, shadow]);
    const found = closest(index, response.url, timestamp(response.date));
    expect(found?.offset).toBe(999_999);
  });
});
