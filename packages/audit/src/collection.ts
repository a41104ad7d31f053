import { join } from "node:path";
import { readRecordAt } from "@vellum/archive";
import { Collection, type StoredRecord } from "@vellum/crawl";
import { decodeBody } from "@vellum/fetch";
import { bytesPayload, type HeaderList, headerValue, VellumError } from "@vellum/model";
import { imageSize } from "image-size";
import { pageFromResponse } from "./sources.js";
import type { AuditInput, AuditInputFailure } from "./types.js";

/** A page's body is read whole for extraction; past this it is cut, as the fetcher would. */
const MAX_PAGE_BYTES = 50 * 1024 * 1024;
const CRLFCRLF = Buffer.from("\r\n\r\n");

interface HttpResponse {
  readonly status: number | null;
  readonly headers: HeaderList;
  readonly payload: Buffer;
}

/** The HTTP head and payload of a WARC response record's block (WARC 1.1 §6.3.2). */
function splitHttp(block: Buffer): HttpResponse {
  const end = block.indexOf(CRLFCRLF);
  if (end < 0) return { status: null, headers: [], payload: block };
  const lines = block.subarray(0, end).toString("latin1").split("\r\n");
  const status = Number(/^HTTP\/\S+\s+(\d{3})/.exec(lines[0] ?? "")?.[1] ?? Number.NaN);
  const headers: Array<readonly [string, string]> = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return {
    status: Number.isFinite(status) ? status : null,
    headers,
    payload: block.subarray(end + CRLFCRLF.length),
  };
}

/**
 * The record's block, read whole at the place the collection recorded: one read, one native
 * inflate (streaming the file through the WARC parser costs several times as much per page).
 */
async function readBlock(dir: string, record: StoredRecord): Promise<Buffer> {
  const { block } = await readRecordAt(
    join(dir, record.warc.file),
    record.warc.offset,
    record.warc.length,
    MAX_PAGE_BYTES + 64 * 1024 * 1024,
  );
  return block;
}

type PixelSize = { readonly width: number; readonly height: number };

/** Absolute URLs in a page's bytes, as markup writes them (`\/` in JSON, `&amp;` in HTML). */
const ABSOLUTE_URL = /https?:\/\/[^\s"'<>()\\]+/g;

/**
 * The pixel sizes of the images a collection captured with its pages (`--requisites`), read
 * from the image bytes in the WARCs when a page's markup names the image, and kept: Google's
 * image rules need the size, and most markup gives none. Images are found by URL, so only the
 * absolute URLs written in the page are looked up (the validator asks for no other).
 */
class CapturedImages {
  private readonly sizes = new Map<string, PixelSize | null>();

  constructor(
    private readonly dir: string,
    /** The latest image record of each URL. */
    private readonly records: ReadonlyMap<string, StoredRecord>,
    private readonly resolve: (record: StoredRecord) => StoredRecord | null,
  ) {}

  static of(dir: string, collection: Collection): CapturedImages {
    const records = new Map<string, StoredRecord>();
    for (const r of collection.records()) {
      if (r.role === "requisite" && r.status === 200 && /^image\//i.test(r.mime ?? "")) {
        records.set(r.targetUri, r);
      }
    }
    return new CapturedImages(dir, records, (r) =>
      r.type === "revisit" && r.refersTo !== null ? collection.record(r.refersTo) : r,
    );
  }

  /** The sizes of the captured images a page names; undefined when it names none. */
  async forPage(bytes: Uint8Array): Promise<Map<string, PixelSize> | undefined> {
    if (this.records.size === 0) return undefined;
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      .toString("latin1")
      .replaceAll("\\/", "/")
      .replaceAll("&amp;", "&");
    const out = new Map<string, PixelSize>();
    for (const [url] of text.matchAll(ABSOLUTE_URL)) {
      if (out.has(url) || !this.records.has(url)) continue;
      const size = await this.read(url);
      if (size !== null) out.set(url, size);
    }
    return out.size === 0 ? undefined : out;
  }

  private async read(url: string): Promise<PixelSize | null> {
    const known = this.sizes.get(url);
    if (known !== undefined) return known;
    let size: PixelSize | null = null;
    const stored = this.records.get(url);
    const record = stored === undefined ? null : this.resolve(stored);
    if (record !== null) {
      try {
        const response = splitHttp(await readBlock(this.dir, record));
        const decoded = await decodeBody(
          bytesPayload(response.payload),
          headerValue(response.headers, "content-encoding"),
          MAX_PAGE_BYTES,
        );
        const { width, height } = imageSize(decoded.bytes);
        if (width > 0 && height > 0) size = { width, height };
      } catch {
        // An image whose size cannot be read is judged by the markup alone, as before.
      }
    }
    this.sizes.set(url, size);
    return size;
  }
}

/**
 * The pages of a collection `vellum snapshot --out DIR` captured, read from its WARC files
 * through the collection database, without fetching anything: each page URL's latest capture
 * (a revisit read from the record it repeats), as served, content coding undone. A page whose
 * capture failed is reported as not audited, with the reason the collection recorded. The
 * images captured with the pages lend their pixel sizes to the image rules.
 */
export async function* collectionSource(
  dir: string,
): AsyncGenerator<AuditInput | AuditInputFailure> {
  const collection = Collection.open(dir, { create: false });
  try {
    // Ids first: the database is not read while a statement of it is still iterating.
    const pages = [...collection.urls({ kind: "page" })].map((u) => ({
      id: u.id,
      url: u.url,
      capture: u.lastCaptureId,
      error: u.error,
    }));
    const images = CapturedImages.of(dir, collection);
    for (const page of pages) {
      const fail = (reason: string, status: number | null = null): AuditInputFailure => ({
        kind: "failure",
        url: page.url,
        label: page.url,
        status,
        reason,
      });
      const capture = page.capture === null ? null : collection.capture(page.capture);
      if (capture === null) {
        yield fail(page.error?.reason ?? "not captured");
        continue;
      }
      let record = capture.record;
      if (record?.type === "revisit" && record.refersTo !== null) {
        record = collection.record(record.refersTo);
      }
      if (capture.outcome !== "ok" || record === null) {
        yield fail(capture.error?.reason ?? `capture ${capture.outcome}`, capture.status);
        continue;
      }
      const url = capture.finalUrl ?? page.url;
      let response: HttpResponse;
      try {
        response = splitHttp(await readBlock(dir, record));
      } catch (error) {
        yield fail(error instanceof VellumError ? error.toLine() : String(error), capture.status);
        continue;
      }
      const decoded = await decodeBody(
        bytesPayload(response.payload),
        headerValue(response.headers, "content-encoding"),
        MAX_PAGE_BYTES,
      );
      yield pageFromResponse(
        url,
        capture.status ?? response.status,
        response.headers,
        decoded.bytes,
        await images.forPage(decoded.bytes),
      );
    }
  } finally {
    collection.close();
  }
}
