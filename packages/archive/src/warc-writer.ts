import { createHash } from "node:crypto";
import { type FileHandle, mkdir, open, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { createGzip, gzip } from "node:zlib";
import {
  type Clock,
  type Exchange,
  type HeaderList,
  headerValue,
  type IdSource,
  type Payload,
  VellumError,
  VellumWarcHeader,
} from "@vellum/model";
import { writeAtomically } from "./atomic.js";
import { cdxjFileText, cdxjLine, cdxTimestamp, surt } from "./cdxj.js";
import { shadowsPage } from "./derived.js";

/** What the `warcinfo` record at the head of every file says (WARC 1.1 §6.2 fields). */
export interface WarcInfo {
  readonly software: string;
  readonly operator?: string;
  /** The robots policy, e.g. `obey` or `ignore`. */
  readonly robots?: string;
  readonly isPartOf?: string;
  readonly description?: string;
}

export interface WarcWriterOptions {
  /** Directory the files go into; created if missing. */
  readonly dir: string;
  /** File names are `<prefix>-<YYYYMMDDhhmmss>-<nnnnn>.warc.gz`. */
  readonly prefix: string;
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly info: WarcInfo;
  /** One gzip member per record, so any record can be read from its offset. Default true. */
  readonly gzip?: boolean;
  /** Start a new file (with its own warcinfo) once a file reaches this size. Default 1 GB. */
  readonly maxFileBytes?: number;
  /**
   * Also write `<file>.cdxj` beside each finished file: its CDXJ lines, sorted as CDXJ must be,
   * so a bundle need not decompress the WARC to index it. Default true.
   */
  readonly sideIndex?: boolean;
  /** Bodies up to this size are hashed and written from one read; larger ones are read twice. Default 4 MiB. */
  readonly memoryThreshold?: number;
  /**
   * The `<nnnnn>` of the first file. A collection written over several runs passes the number
   * of files it already has, so names never repeat even when two runs start in one second.
   * Default 0.
   */
  readonly firstSequence?: number;
}

/** Where a record landed: enough for a CDXJ line and for reading the record back. */
export interface RecordLocation {
  readonly filename: string;
  readonly offset: number;
  readonly length: number;
  readonly recordId: string;
}

export interface ExchangeLocations {
  readonly response: RecordLocation;
  readonly request: RecordLocation;
}

export interface MetadataRecordInput {
  /**
   * For what Vellum derives from a page, `derivedUri(kind, pageUrl)`: a `metadata` record must
   * not take a page's http(s) URL unless it is `application/warc-fields` (see derived.ts), or
   * replay tools serve it as the page.
   */
  readonly targetUri: string;
  /** The record id (`<urn:uuid:…>`) of a record written in the same capture event (§5.7). */
  readonly concurrentTo?: string;
  /** The record this one describes or is about, e.g. the response it was derived from (§5.11). */
  readonly refersTo?: string;
  /** That record's WARC-Target-URI (`WARC-Refers-To-Target-URI`, §5.12): the page's URL. */
  readonly refersToTargetUri?: string;
  /** That record's WARC-Date, ISO 8601 (`WARC-Refers-To-Date`, §5.13). */
  readonly refersToDate?: string;
  readonly contentType: string;
  readonly body: Payload | Uint8Array;
  /** Default: the clock's now. */
  readonly date?: string;
}

export interface ResourceRecordInput extends MetadataRecordInput {}

/** The record a revisit repeats the payload of (WARC 1.1 §6.7.2). */
export interface RevisitOriginal {
  /** Its `WARC-Record-ID`. */
  readonly recordId: string;
  /** Its `WARC-Target-URI`. */
  readonly targetUri: string;
  /** Its `WARC-Date`, ISO 8601. */
  readonly date: string;
  /** Its `WARC-Payload-Digest`, which the new response's payload matched. */
  readonly payloadDigest: string;
}

/** WARC 1.1 §6.7.2: the profile of a revisit whose payload is byte for byte an earlier one. */
export const REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest";

const CRLF = "\r\n";
const encoder = new TextEncoder();
const gzipBytes = promisify(gzip);
const DEFAULT_MAX_FILE_BYTES = 1_000_000_000;
const DEFAULT_MEMORY_THRESHOLD = 4 * 1024 * 1024;
const WARC_SPEC = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/";

/**
 * Writes WARC 1.1 files. The records are serialized here rather than through warcio's
 * WARCSerializer: that serializer must buffer a whole block (in memory or a temp file) to learn
 * its length and digests before the header, whereas a `Payload` knows its length and can be
 * streamed twice, so hashing first and writing second keeps memory constant with no temp copy.
 * Records written here read back with warcio (the tests do).
 */
export class WarcWriter {
  readonly #options: Required<Omit<WarcWriterOptions, "info">> & { info: WarcInfo };
  #handle: FileHandle | null = null;
  #filename = "";
  #size = 0;
  #sequence = 0;
  #closed = false;
  /**
   * The current file's side-index lines, appended to `<file>.cdxj.open` as records are written
   * and sorted into `<file>.cdxj` when the file is finished. On disk, not in memory: a crawl
   * writes ~1 KB of index a record, which would otherwise stay until the 1 GB file rolls.
   */
  #index: FileHandle | null = null;
  /** Records are written one at a time even when callers do not await each other. */
  #queue: Promise<unknown> = Promise.resolve();
  readonly #files: string[] = [];

  private constructor(options: WarcWriterOptions) {
    this.#options = {
      gzip: true,
      maxFileBytes: DEFAULT_MAX_FILE_BYTES,
      memoryThreshold: DEFAULT_MEMORY_THRESHOLD,
      sideIndex: true,
      firstSequence: 0,
      ...options,
    };
    this.#sequence = this.#options.firstSequence;
  }

  static async open(options: WarcWriterOptions): Promise<WarcWriter> {
    const writer = new WarcWriter(options);
    try {
      await mkdir(options.dir, { recursive: true });
    } catch (cause) {
      throw new VellumError("io", "cannot create the WARC directory", {
        value: options.dir,
        hint: "check that the path is writable",
        cause,
      });
    }
    await writer.#roll();
    return writer;
  }

  /** Names of the finished and current files, in order. */
  get files(): readonly string[] {
    return this.#files;
  }

  /**
   * Writes the response record, then the request record. Response first, as Browsertrix and
   * warcio's recorder do: a CDX indexer meets the record it indexes first and pairs the request
   * that follows it; both records name each other in `WARC-Concurrent-To` (WARC 1.1 §5.7).
   */
  writeExchange(exchange: Exchange): Promise<ExchangeLocations> {
    return this.#enqueue(async () => {
      await this.#rollIfFull();
      const responseId = this.#recordId();
      const requestId = this.#recordId();
      const date = warcDate(exchange.startedAt);
      const common: [string, string][] = [
        ["WARC-Target-URI", exchange.url],
        ["WARC-Date", date],
      ];
      if (exchange.ipAddress !== null) common.push(["WARC-IP-Address", exchange.ipAddress]);

      const responseHead = httpHeadBytes(responseHeadText(exchange));
      const responseHeaders: [string, string][] = [
        ["WARC-Type", "response"],
        ["WARC-Record-ID", responseId],
        ...common,
        ["WARC-Concurrent-To", requestId],
        ["Content-Type", "application/http;msgtype=response"],
      ];
      if (exchange.truncated !== null) responseHeaders.push(["WARC-Truncated", exchange.truncated]);
      responseHeaders.push(...tlsFields(exchange));
      const response = await this.#writeRecord(responseHeaders, responseHead, exchange.body, true);
      const mime = headerValue(exchange.responseHeaders, "content-type");
      await this.#indexLine(exchange.url, date, response, {
        mime,
        status: exchange.status,
        digest: responseHeaders.find(([k]) => k === "WARC-Payload-Digest")?.[1] ?? null,
      });

      const requestHead = httpHeadBytes(requestHeadText(exchange));
      const request = await this.#writeRecord(
        [
          ["WARC-Type", "request"],
          ["WARC-Record-ID", requestId],
          ...common,
          ["WARC-Concurrent-To", responseId],
          ["Content-Type", "application/http;msgtype=request"],
        ],
        requestHead,
        exchange.requestBody ?? null,
        exchange.requestBody !== undefined,
      );
      return { response, request };
    });
  }

  /**
   * Writes a `revisit` record for a response whose payload is identical to `original`'s, then
   * the request record. The revisit's block is the HTTP response head only (the status line and
   * headers of this answer); replay tools (pywb, ReplayWeb.page) take the payload from the
   * original, found through `WARC-Refers-To-Target-URI`/`-Date` or the index by digest.
   */
  writeRevisit(exchange: Exchange, original: RevisitOriginal): Promise<ExchangeLocations> {
    return this.#enqueue(async () => {
      await this.#rollIfFull();
      const revisitId = this.#recordId();
      const requestId = this.#recordId();
      const date = warcDate(exchange.startedAt);
      const common: [string, string][] = [
        ["WARC-Target-URI", exchange.url],
        ["WARC-Date", date],
      ];
      if (exchange.ipAddress !== null) common.push(["WARC-IP-Address", exchange.ipAddress]);
      const headers: [string, string][] = [
        ["WARC-Type", "revisit"],
        ["WARC-Record-ID", revisitId],
        ...common,
        ["WARC-Concurrent-To", requestId],
        ["WARC-Profile", REVISIT_PROFILE],
        ["WARC-Refers-To", original.recordId],
        ["WARC-Refers-To-Target-URI", original.targetUri],
        ["WARC-Refers-To-Date", warcDate(original.date)],
        ["WARC-Payload-Digest", original.payloadDigest],
        ["Content-Type", "application/http;msgtype=response"],
      ];
      headers.push(...tlsFields(exchange));
      const revisit = await this.#writeRecord(
        headers,
        httpHeadBytes(responseHeadText(exchange)),
        null,
        false,
      );
      await this.#indexLine(exchange.url, date, revisit, {
        mime: "warc/revisit",
        status: exchange.status,
        digest: original.payloadDigest,
      });
      const request = await this.#writeRecord(
        [
          ["WARC-Type", "request"],
          ["WARC-Record-ID", requestId],
          ...common,
          ["WARC-Concurrent-To", revisitId],
          ["Content-Type", "application/http;msgtype=request"],
        ],
        httpHeadBytes(requestHeadText(exchange)),
        null,
        true,
      );
      return { response: revisit, request };
    });
  }

  /** A `metadata` record (WARC 1.1 §6.6), e.g. the extracted article or its JSON-LD. */
  writeMetadata(input: MetadataRecordInput): Promise<RecordLocation> {
    return this.#writeSimple("metadata", input);
  }

  /** A `resource` record (WARC 1.1 §6.4): content not from an HTTP exchange, e.g. a screenshot. */
  writeResource(input: ResourceRecordInput): Promise<RecordLocation> {
    return this.#writeSimple("resource", input);
  }

  /**
   * Makes every record written so far durable (fdatasync of the current file; a file finished
   * by a roll-over was synced when it was finished). A caller that records where its records
   * end (a collection database) calls this first, so what it records is on disk even if the
   * machine stops, not only the process.
   */
  sync(): Promise<void> {
    return this.#enqueue(async () => {
      await this.#handle?.datasync();
    });
  }

  /** Finishes the current file and renames it from `.open` to its final name. */
  close(): Promise<void> {
    if (this.#closed) return this.#queue.then(() => undefined);
    this.#closed = true;
    const run = this.#queue.then(() => this.#finishFile());
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #writeSimple(type: "metadata" | "resource", input: MetadataRecordInput): Promise<RecordLocation> {
    if (type === "metadata" && shadowsPage(input.targetUri, input.contentType)) {
      return Promise.reject(
        new VellumError(
          "input-invalid",
          "A metadata record would take the page's own URL, and replay would serve it as the page",
          {
            value: `${input.targetUri} (${input.contentType})`,
            hint: "give it derivedUri(kind, pageUrl) and link the response with refersTo",
          },
        ),
      );
    }
    return this.#enqueue(async () => {
      await this.#rollIfFull();
      const date = warcDate(input.date ?? this.#options.clock.now().toISOString());
      const headers: [string, string][] = [
        ["WARC-Type", type],
        ["WARC-Record-ID", this.#recordId()],
        ["WARC-Target-URI", input.targetUri],
        ["WARC-Date", date],
      ];
      if (input.concurrentTo !== undefined)
        headers.push(["WARC-Concurrent-To", input.concurrentTo]);
      if (input.refersTo !== undefined) headers.push(["WARC-Refers-To", input.refersTo]);
      if (input.refersToTargetUri !== undefined)
        headers.push(["WARC-Refers-To-Target-URI", input.refersToTargetUri]);
      if (input.refersToDate !== undefined)
        headers.push(["WARC-Refers-To-Date", warcDate(input.refersToDate)]);
      headers.push(["Content-Type", input.contentType]);
      const body =
        input.body instanceof Uint8Array ? bytesToPayload(input.body) : (input.body as Payload);
      const location = await this.#writeRecord(headers, null, body, type === "resource");
      if (type === "resource") {
        await this.#indexLine(input.targetUri, date, location, {
          mime: input.contentType,
          status: null,
          digest: headers.find(([k]) => k === "WARC-Payload-Digest")?.[1] ?? null,
        });
      }
      return location;
    });
  }

  #enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(() => {
      if (this.#closed) {
        throw new VellumError("io", "the WARC writer is closed", {
          hint: "open a new WarcWriter",
        });
      }
      return task();
    });
    this.#queue = run.catch(() => undefined);
    return run;
  }

  #recordId(): string {
    return `<urn:uuid:${this.#options.ids.next()}>`;
  }

  async #rollIfFull(): Promise<void> {
    if (this.#size >= this.#options.maxFileBytes) {
      await this.#finishFile();
      await this.#roll();
    }
  }

  async #indexLine(
    url: string,
    date: string,
    location: RecordLocation,
    fields: { mime: string | null; status: number | null; digest: string | null },
  ): Promise<void> {
    if (this.#index === null) return;
    const line = cdxjLine({
      urlkey: surt(url),
      timestamp: cdxTimestamp(date),
      url,
      mime: fields.mime === null ? null : (fields.mime.split(";")[0]?.trim() ?? null),
      status: fields.status,
      digest: fields.digest,
      filename: location.filename,
      offset: location.offset,
      length: location.length,
    });
    await this.#index.appendFile(`${line}\n`);
  }

  async #finishFile(): Promise<void> {
    if (this.#handle === null) return;
    await this.#handle.datasync();
    await this.#handle.close();
    this.#handle = null;
    const path = join(this.#options.dir, this.#filename);
    if (this.#index !== null) {
      await this.#index.close();
      this.#index = null;
      // Read back once to sort: at the end of a file, briefly, rather than for its whole life.
      const spill = `${path}.cdxj.open`;
      const lines = (await readFile(spill, "utf8")).split("\n").filter((l) => l !== "");
      await writeAtomically(`${path}.cdxj`, (temp) => writeFile(temp, cdxjFileText(lines)));
      await rm(spill, { force: true });
    }
    await rename(`${path}.open`, path);
  }

  async #roll(): Promise<void> {
    const now = this.#options.clock.now();
    const stamp = now.toISOString().replace(/[-:T]/g, "").slice(0, 14);
    const ext = this.#options.gzip ? ".warc.gz" : ".warc";
    this.#filename = `${this.#options.prefix}-${stamp}-${String(this.#sequence++).padStart(5, "0")}${ext}`;
    this.#size = 0;
    try {
      // `.open` until closed, the Heritrix convention: a crawl that dies mid-file leaves no
      // file under a final name that a later bundle would take as complete.
      this.#handle = await open(join(this.#options.dir, `${this.#filename}.open`), "wx");
      if (this.#options.sideIndex)
        this.#index = await open(join(this.#options.dir, `${this.#filename}.cdxj.open`), "wx");
    } catch (cause) {
      throw new VellumError("io", "cannot create a WARC file", {
        value: join(this.#options.dir, this.#filename),
        hint: "check that the directory is writable and the prefix is not already used",
        cause,
      });
    }
    this.#files.push(this.#filename);
    const info = this.#options.info;
    const fields: [string, string | undefined][] = [
      ["software", info.software],
      ["format", "WARC File Format 1.1"],
      ["conformsTo", WARC_SPEC],
      ["operator", info.operator],
      ["robots", info.robots],
      ["isPartOf", info.isPartOf],
      ["description", info.description],
    ];
    const text = fields
      .filter((f): f is [string, string] => f[1] !== undefined)
      .map(([k, v]) => `${k}: ${oneLine(v)}${CRLF}`)
      .join("");
    await this.#writeRecord(
      [
        ["WARC-Type", "warcinfo"],
        ["WARC-Record-ID", this.#recordId()],
        ["WARC-Date", warcDate(now.toISOString())],
        ["WARC-Filename", this.#filename],
        ["Content-Type", "application/warc-fields"],
      ],
      null,
      bytesToPayload(encoder.encode(text)),
      false,
    );
  }

  /**
   * One record: the block is `head` (an HTTP head, or nothing) followed by `body`. The payload
   * digest covers the body only (WARC 1.1 §5.9), the block digest both (§5.8).
   */
  async #writeRecord(
    headers: [string, string][],
    head: Uint8Array | null,
    body: Payload | null,
    payloadDigest: boolean,
  ): Promise<RecordLocation> {
    const handle = this.#handle;
    if (handle === null) throw new VellumError("io", "the WARC writer is closed");
    const headBytes = head ?? new Uint8Array(0);
    const blockHash = createHash("sha256").update(headBytes);
    const payloadHash = createHash("sha256");
    let held: Uint8Array[] | null = null;
    let bodyBytes = 0;
    if (body !== null) {
      const keep = body.byteLength <= this.#options.memoryThreshold;
      held = keep ? [] : null;
      for await (const chunk of body.stream()) {
        blockHash.update(chunk);
        payloadHash.update(chunk);
        bodyBytes += chunk.byteLength;
        held?.push(chunk);
      }
    }
    const all = headers;
    if (payloadDigest && body !== null) {
      all.push(["WARC-Payload-Digest", `sha256:${payloadHash.digest("hex")}`]);
    }
    all.push(["WARC-Block-Digest", `sha256:${blockHash.digest("hex")}`]);
    all.push(["Content-Length", String(headBytes.byteLength + bodyBytes)]);
    const warcHead = encoder.encode(
      `WARC/1.1${CRLF}${all.map(([k, v]) => `${k}: ${oneLine(v)}${CRLF}`).join("")}${CRLF}`,
    );
    const expected = bodyBytes;
    async function* block(): AsyncGenerator<Uint8Array> {
      yield warcHead;
      if (headBytes.byteLength > 0) yield headBytes;
      if (body !== null) {
        let seen = 0;
        for await (const chunk of held ?? body.stream()) {
          seen += chunk.byteLength;
          yield chunk;
        }
        if (seen !== expected) {
          throw new VellumError("io", "a body changed between hashing and writing", {
            value: `${seen} != ${expected} bytes`,
            hint: "a Payload must stream the same bytes every time",
          });
        }
      }
      yield encoder.encode(CRLF + CRLF);
    }
    const offset = this.#size;
    let length = 0;
    const write = async (source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) => {
      for await (const chunk of source) {
        let done = 0;
        while (done < chunk.byteLength) {
          const { bytesWritten } = await handle.write(
            chunk,
            done,
            chunk.byteLength - done,
            offset + length + done,
          );
          done += bytesWritten;
        }
        length += chunk.byteLength;
      }
    };
    try {
      if (held !== null) {
        // The whole block is in memory: one buffer, compressed in one call on libuv's thread
        // pool, written in one call. A stream pipeline per record costs more than the bytes.
        const parts: Uint8Array[] = [warcHead];
        if (headBytes.byteLength > 0) parts.push(headBytes);
        parts.push(...held, encoder.encode(CRLF + CRLF));
        const plain = Buffer.concat(parts);
        await write([this.#options.gzip ? await gzipBytes(plain) : plain]);
      } else if (this.#options.gzip) {
        await pipeline(Readable.from(block()), createGzip(), write);
      } else {
        await write(block());
      }
    } catch (cause) {
      // Cut the half-written record off, so every record before it stays readable.
      await handle.truncate(offset).catch(() => undefined);
      if (cause instanceof VellumError) throw cause;
      throw new VellumError("io", "writing a WARC record failed", {
        value: join(this.#options.dir, this.#filename),
        cause,
      });
    }
    this.#size += length;
    const recordId = headers.find(([k]) => k === "WARC-Record-ID")?.[1] ?? "";
    return { filename: this.#filename, offset, length, recordId };
  }
}

/**
 * TLS facts for provenance. `WARC-Protocol` follows the field proposed for the next WARC revision
 * (iipc/warc-specifications#42, as wget and warcprox write it); the certificate fields are
 * Vellum's own, which WARC 1.1 §5 lets readers ignore.
 */
function tlsFields(exchange: Exchange): [string, string][] {
  const tls = exchange.tls;
  // The application protocol first, then the TLS version, in one field as browsertrix-crawler and
  // warcio write it (`h2, tls/1.3`).
  const protocols: string[] = [];
  if (exchange.protocol !== undefined) protocols.push(exchange.protocol.toLowerCase());
  if (tls?.protocol != null) protocols.push(tls.protocol.toLowerCase().replace(/^tlsv/, "tls/"));
  const out: [string, string][] = [];
  if (protocols.length > 0) out.push(["WARC-Protocol", protocols.join(", ")]);
  if (tls === null) return out;
  if (tls.subject !== null) out.push([VellumWarcHeader.tlsSubject, tls.subject]);
  if (tls.issuer !== null) out.push([VellumWarcHeader.tlsIssuer, tls.issuer]);
  if (tls.validFrom !== null) out.push([VellumWarcHeader.tlsValidFrom, tls.validFrom]);
  if (tls.validTo !== null) out.push([VellumWarcHeader.tlsValidTo, tls.validTo]);
  return out;
}

function bytesToPayload(bytes: Uint8Array): Payload {
  return {
    byteLength: bytes.byteLength,
    async *stream() {
      yield bytes;
    },
  };
}

/** WARC-Date is UTC W3C-ISO8601 (§5.4); fractions only when the clock had them. */
export function warcDate(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) {
    throw new VellumError("input-invalid", "not an ISO 8601 date", { value: iso });
  }
  return new Date(t).toISOString().replace(".000Z", "Z");
}

/**
 * HTTP header values are byte strings that undici and Node hand over decoded as Latin-1, so
 * Latin-1 gives back the bytes that crossed the wire (a UTF-8 value arrives as mojibake and
 * leaves as the original bytes). A string with a character past U+00FF did not come from the
 * wire; it is written as UTF-8.
 */
function httpHeadBytes(text: string): Uint8Array {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) > 0xff) return encoder.encode(text);
  }
  return Buffer.from(text, "latin1");
}

/** Header values never carry CR or LF: a value from the wire must not inject a header. */
function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, " ");
}

function headerLines(headers: HeaderList): string {
  return headers.map(([k, v]) => `${oneLine(k)}: ${oneLine(v)}${CRLF}`).join("");
}

/** The prefix a header gets when the stored block no longer matches it (Common Crawl's convention). */
const RENAMED_PREFIX = "X-Crawler-";

/**
 * The stored body has its chunked transfer coding removed (Exchange.body), so a
 * `Transfer-Encoding: chunked` line would misdescribe the block and make replay tools try to
 * de-chunk it again. It is kept, renamed, as Common Crawl does (`X-Crawler-Transfer-Encoding`), so
 * the record still says how it was served while block = head + payload stays exact (§5.9).
 *
 * A decoded body (`decodedLength` given: a browser capture) has lost its content coding too, so
 * `Content-Encoding` is renamed the same way, and `Content-Length`, which counted the coded bytes,
 * is renamed and followed by the length of the body stored: a replay tool that trusted the
 * original would gunzip plain bytes or cut the body short. browsertrix-crawler does the same with
 * its own prefix.
 */
export function storedResponseHeaders(
  headers: HeaderList,
  decodedLength: number | null = null,
): HeaderList {
  const renamed = new Set(["transfer-encoding"]);
  if (decodedLength !== null) {
    renamed.add("content-encoding");
    renamed.add("content-length");
  }
  const out: Array<readonly [string, string]> = headers.map(([name, value]) =>
    renamed.has(name.toLowerCase()) ? [`${RENAMED_PREFIX}${name}`, value] : [name, value],
  );
  if (decodedLength !== null) out.push(["Content-Length", String(decodedLength)]);
  return out;
}

function responseHeadText(exchange: Exchange): string {
  const reason = exchange.statusText === "" ? "" : ` ${exchange.statusText}`;
  const decoded = exchange.bodyDecoded === true ? exchange.body.byteLength : null;
  return `${exchange.httpVersion} ${exchange.status}${reason}${CRLF}${headerLines(
    storedResponseHeaders(exchange.responseHeaders, decoded),
  )}${CRLF}`;
}

function requestHeadText(exchange: Exchange): string {
  const url = new URL(exchange.url);
  const target = `${url.pathname}${url.search}` || "/";
  const headers = [...exchange.requestHeaders];
  // undici sends Host itself, so the recorded list may lack it; HTTP/1.1 requires it (RFC 9112 §3.2).
  if (!headers.some(([k]) => k.toLowerCase() === "host")) headers.unshift(["Host", url.host]);
  return `${exchange.method} ${target} ${exchange.httpVersion}${CRLF}${headerLines(headers)}${CRLF}`;
}
