import { getSurt } from "warcio";
import { gzipMembers } from "./gzip-members.js";
import { parseRecordHead } from "./record-head.js";
import { readWarc } from "./warc-reader.js";

/** One CDXJ line's content (the fields pywb and ReplayWeb.page read). */
export interface CdxjEntry {
  /** SURT form of the URL: the sort key. */
  readonly urlkey: string;
  /** 14 digits, `YYYYMMDDhhmmss`, UTC. */
  readonly timestamp: string;
  readonly url: string;
  readonly mime: string | null;
  readonly status: number | null;
  /** The payload digest, labelled (`sha256:…`) as the record has it, and so written to CDXJ. */
  readonly digest: string | null;
  readonly filename: string;
  readonly offset: number;
  readonly length: number;
}

/**
 * Sort-friendly URL key (SURT), as pywb and warcio write it: host labels reversed, `www.` and the
 * scheme dropped, query arguments sorted, lowercase. warcio's implementation is used so that keys
 * match what ReplayWeb.page computes for lookups.
 */
export function surt(url: string): string {
  return getSurt(url);
}

/** `2026-11-25T10:00:00Z` → `20261125100000`. */
export function cdxTimestamp(warcDate: string): string {
  return warcDate
    .replace(/[^0-9]/g, "")
    .slice(0, 14)
    .padEnd(14, "0");
}

/** One line, without the newline: `urlkey timestamp {json}`. Numbers are strings, as pywb writes them. */
export function cdxjLine(entry: CdxjEntry): string {
  const json: Record<string, string> = { url: entry.url };
  if (entry.mime !== null) json.mime = entry.mime;
  if (entry.status !== null) json.status = String(entry.status);
  // With its `sha256:` label, as cdxj-indexer (py-wacz's) and pywb write a non-SHA-1 digest;
  // ReplayWeb.page reads both forms (it adds a label to a bare one), so this loses no reader.
  if (entry.digest !== null) json.digest = entry.digest;
  json.length = String(entry.length);
  json.offset = String(entry.offset);
  json.filename = entry.filename;
  return `${entry.urlkey} ${entry.timestamp} ${JSON.stringify(json)}`;
}

/** `sha256:abc…` → `abc…`; a digest without a label stays as it is. */
export function unlabelled(digest: string): string {
  const i = digest.indexOf(":");
  return i < 0 ? digest : digest.slice(i + 1);
}

/** Parses a line written by {@link cdxjLine} (or pywb); null when it is not CDXJ. */
export function parseCdxjLine(line: string): CdxjEntry | null {
  const m = /^(\S+) (\d{14,17}) (\{.*\})$/.exec(line);
  if (m?.[1] === undefined || m[2] === undefined || m[3] === undefined) return null;
  let json: Record<string, unknown>;
  try {
    json = JSON.parse(m[3]) as Record<string, unknown>;
  } catch {
    return null;
  }
  const str = (k: string) => (typeof json[k] === "string" ? (json[k] as string) : null);
  const num = (k: string) => {
    const v = json[k];
    const n =
      typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : Number.NaN;
    return Number.isFinite(n) ? n : null;
  };
  const offset = num("offset");
  const length = num("length");
  const filename = str("filename");
  const url = str("url");
  if (offset === null || length === null || filename === null || url === null) return null;
  return {
    urlkey: m[1],
    timestamp: m[2],
    url,
    mime: str("mime"),
    status: num("status"),
    digest: str("digest"),
    filename,
    offset,
    length,
  };
}

const isSurrogate = (unit: number) => unit >= 0xd800 && unit <= 0xdfff;

/**
 * Bytewise (UTF-8) order, as CDXJ binary search expects; JS string order differs past U+FFFF.
 * Compared unit by unit without encoding: outside the surrogates, UTF-16 units order as their
 * code points and so as their UTF-8 bytes. Only where a surrogate decides (a character past
 * U+FFFF, or a lone half that UTF-8 writes as U+FFFD) are the bytes compared. Encoding both sides
 * of every comparison made a sort of n lines allocate 2 n log n buffers: sorting the side index
 * of a 10,000-page crawl as its WARC closed raised the process's peak RSS by 24 MB.
 */
export function compareBytewise(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // Where they differ, or the first unit past the shorter one's end.
  const x = i < a.length ? a.charCodeAt(i) : -1;
  const y = i < b.length ? b.charCodeAt(i) : -1;
  if (!isSurrogate(x) && !isSurrogate(y)) return x - y;
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

/**
 * Several lines can share a URL: a snapshot keeps the answers it retried (a 503, then the 200
 * that replaced it), and replay must still open the page's 200. Why it does:
 *
 * - The records are written in the order the answers arrived, each dated by its own request
 *   (WARC-Date), so a retried answer is never later than its replacement. Lines sort by SURT,
 *   then timestamp: the two are neighbours, the retried one first unless they share a second.
 * - At the page's own time (its 2xx capture), ReplayWeb.page (wabac.js: the first capture at or
 *   after the time asked) and pywb (the closest capture) both land on the 200 exactly.
 * - In the same second the lines tie on `urlkey timestamp`. wabac keeps one resource per URL and
 *   time, and lets a 2xx replace a 3xx/4xx/5xx there whatever the order. pywb takes the first
 *   line in index order, decided by the JSON that follows: the `mime` value, then `status`, so
 *   a `text/plain` or Content-Type-less 503 sorts after a `text/html` 200; a 503 labelled
 *   `application/…` would sort first, which nothing here can change without breaking the
 *   bytewise order binary search needs.
 *
 * So a page list must date a page by its 2xx capture, not the URL's first line.
 */
export function sortCdxjLines(lines: readonly string[]): string[] {
  return [...lines].sort(compareBytewise);
}

/**
 * A `.cdxj` file's text: the lines sorted (SURT key, then timestamp, bytewise, as `LC_ALL=C
 * sort` does), because pywb, OutbackCDX and ReplayWeb.page find a URL by binary search and a
 * line out of order is never found. One owner for every side index written.
 */
export function cdxjFileText(lines: readonly string[]): string {
  return sortCdxjLines(lines)
    .map((line) => `${line}\n`)
    .join("");
}

/** Records a replay tool looks up: responses, revisits and resources (not requests, warcinfo or metadata). */
export function isIndexed(type: string): boolean {
  return type === "response" || type === "revisit" || type === "resource";
}

const HEAD_LIMIT = 64 * 1024;

/**
 * Indexes a WARC by reading it: a `.warc.gz` member by member through zlib, any other WARC through
 * warcio. For WARCs written by `WarcWriter` the side index it leaves (`<file>.cdxj`) is faster
 * still: no decompression at all.
 */
export async function* indexWarc(path: string, filename: string): AsyncGenerator<CdxjEntry> {
  if (/\.gz$/i.test(path)) {
    for await (const member of gzipMembers(path)) {
      const head = parseRecordHead(member.head, `${path}@${member.offset}`);
      const type = head.fields.get("warc-type") ?? "";
      const url = head.fields.get("warc-target-uri");
      if (!isIndexed(type) || url === undefined) continue;
      let mime = head.fields.get("content-type") ?? null;
      let status: number | null = null;
      if (type !== "resource") {
        const http = head.http ?? "";
        const statusMatch = /^HTTP\/\S+ (\d{3})/.exec(http);
        status = statusMatch?.[1] === undefined ? null : Number(statusMatch[1]);
        mime = /^content-type:[ \t]*(.*)$/im.exec(http)?.[1]?.trim() ?? null;
        if (type === "revisit") mime = "warc/revisit";
      }
      yield {
        urlkey: surt(url),
        timestamp: cdxTimestamp(head.fields.get("warc-date") ?? ""),
        url,
        mime: mime === null ? null : (mime.split(";")[0]?.trim() ?? null),
        status,
        digest: head.fields.get("warc-payload-digest") ?? null,
        filename,
        offset: member.offset,
        length: member.length,
      };
    }
    return;
  }
  let pending: { entry: Omit<CdxjEntry, "length">; record: { length: number | null } } | null =
    null;
  for await (const record of readWarc(path)) {
    if (pending !== null) {
      yield { ...pending.entry, length: pending.record.length ?? 0 };
      pending = null;
    }
    if (!isIndexed(record.type)) continue;
    const url = record.header("WARC-Target-URI");
    if (url === null) continue;
    let mime = record.header("Content-Type");
    let status: number | null = null;
    if (record.type !== "resource") {
      const head = await readHead(record.block);
      const statusMatch = /^HTTP\/\S+ (\d{3})/.exec(head);
      status = statusMatch?.[1] === undefined ? null : Number(statusMatch[1]);
      mime = /^content-type:[ \t]*(.*)$/im.exec(head)?.[1]?.trim() ?? null;
      if (record.type === "revisit") mime = "warc/revisit";
    }
    pending = {
      entry: {
        urlkey: surt(url),
        timestamp: cdxTimestamp(record.header("WARC-Date") ?? ""),
        url,
        mime: mime === null ? null : (mime.split(";")[0]?.trim() ?? null),
        status,
        digest: record.header("WARC-Payload-Digest"),
        filename,
        offset: record.offset,
      },
      record,
    };
  }
  if (pending !== null) yield { ...pending.entry, length: pending.record.length ?? 0 };
}

async function readHead(block: AsyncIterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of block) {
    parts.push(chunk);
    size += chunk.byteLength;
    const text = Buffer.concat(parts).toString("latin1");
    const end = text.indexOf("\r\n\r\n");
    if (end >= 0) return text.slice(0, end);
    if (size > HEAD_LIMIT) return text;
  }
  return Buffer.concat(parts).toString("latin1");
}
