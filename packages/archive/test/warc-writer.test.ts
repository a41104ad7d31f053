import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { countingIds, fixedClock, type Payload } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { WARCParser } from "warcio";
import {
  derivedUri,
  parseCdxjLine,
  readRecordAt,
  readWarc,
  sortCdxjLines,
  WarcWriter,
} from "../src/index.js";
import { exchange, tempDir } from "./helpers.js";

const info = { software: "Vellum/0.1.0", operator: "Test Archive", robots: "obey" };

function options(dir: string, extra: object = {}) {
  return {
    dir,
    prefix: "test",
    clock: fixedClock("2026-11-25T10:00:00Z"),
    ids: countingIds(),
    info,
    ...extra,
  };
}

const sha = (b: Uint8Array) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

async function concat(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of stream) parts.push(c);
  return Buffer.concat(parts);
}

describe("WarcWriter", () => {
  it("writes warcinfo, then response and request tied together, readable by warcio with digests that recompute", async () => {
    await using dir = await tempDir();
    const writer = await WarcWriter.open(options(dir.path));
    const loc = await writer.writeExchange(
      exchange("https://example.org/a?x=1", "<html>hello</html>", {
        responseHeaders: [
          ["Content-Type", "text/html"],
          ["Transfer-Encoding", "chunked"],
        ],
        truncated: "length",
      }),
    );
    await writer.writeMetadata({
      targetUri: derivedUri("article", "https://example.org/a?x=1"),
      concurrentTo: loc.response.recordId,
      contentType: "application/json",
      body: new TextEncoder().encode('{"headline":"x"}'),
    });
    await writer.close();
    const files = await readdir(dir.path);
    expect(files).toEqual([
      "test-20261125100000-00000.warc.gz",
      "test-20261125100000-00000.warc.gz.cdxj",
    ]);
    const bytes = await readFile(join(dir.path, files[0] ?? ""));
    const parser = new WARCParser([bytes], { keepHeadersCase: true, parseHttp: false });
    const records = [];
    for await (const record of parser) {
      const block = await record.readFully(false);
      records.push({ record, block });
    }
    expect(records.map((r) => r.record.warcType)).toEqual([
      "warcinfo",
      "response",
      "request",
      "metadata",
    ]);
    const [info0, response, request, metadata] = records;
    expect(new TextDecoder().decode(info0?.block)).toContain("software: Vellum/0.1.0\r\n");
    expect(response?.record.warcHeader("WARC-Concurrent-To")).toBe(
      request?.record.warcHeader("WARC-Record-ID"),
    );
    expect(request?.record.warcHeader("WARC-Concurrent-To")).toBe(
      response?.record.warcHeader("WARC-Record-ID"),
    );
    expect(response?.record.warcHeader("WARC-Target-URI")).toBe("https://example.org/a?x=1");
    expect(response?.record.warcHeader("WARC-Date")).toBe("2026-11-25T10:00:00Z");
    expect(response?.record.warcHeader("WARC-IP-Address")).toBe("127.0.0.1");
    expect(response?.record.warcHeader("WARC-Truncated")).toBe("length");
    expect(metadata?.record.warcHeader("WARC-Concurrent-To")).toBe(loc.response.recordId);
    for (const { record, block } of records) {
      expect(record.warcHeader("WARC-Block-Digest")).toBe(sha(block));
      expect(Number(record.warcHeader("Content-Length"))).toBe(block.byteLength);
    }
    const text = new TextDecoder().decode(response?.block);
    expect(text.startsWith("HTTP/1.1 200 OK\r\n")).toBe(true);
    expect(text).toContain("X-Crawler-Transfer-Encoding: chunked\r\n");
    expect(text).not.toMatch(/^Transfer-Encoding/m);
    expect(response?.record.warcHeader("WARC-Payload-Digest")).toBe(
      sha(new TextEncoder().encode("<html>hello</html>")),
    );
    expect(new TextDecoder().decode(request?.block)).toMatch(
      /^GET \/a\?x=1 HTTP\/1\.1\r\nHost: example\.org\r\n/,
    );
  });

  it("returns locations that point at the records, as readWarc sees them", async () => {
    await using dir = await tempDir();
    const writer = await WarcWriter.open(options(dir.path));
    const a = await writer.writeExchange(exchange("https://example.org/a", "A".repeat(5000)));
    const b = await writer.writeExchange(exchange("https://example.org/b", "B"));
    await writer.close();
    const path = join(dir.path, a.response.filename);
    const seen = [];
    for await (const record of readWarc(path)) seen.push(record);
    const byId = new Map(seen.map((r) => [r.header("WARC-Record-ID"), r]));
    for (const loc of [a.response, a.request, b.response, b.request]) {
      const record = byId.get(loc.recordId);
      expect(record?.offset).toBe(loc.offset);
      expect(record?.length).toBe(loc.length);
      const one = readWarc(path, { start: loc.offset });
      const first = await one.next();
      expect(first.value?.header("WARC-Record-ID")).toBe(loc.recordId);
      await one.return(undefined);
    }
  });

  it("readRecordAt reads one whole record from its location, the block as readWarc streams it", async () => {
    await using dir = await tempDir();
    const writer = await WarcWriter.open(options(dir.path));
    const a = await writer.writeExchange(exchange("https://example.org/a", "A".repeat(70_000)));
    const b = await writer.writeExchange(exchange("https://example.org/b", "<p>b</p>"));
    await writer.close();
    const path = join(dir.path, a.response.filename);
    for (const loc of [a.response, a.request, b.response]) {
      const at = await readRecordAt(path, loc.offset, loc.length);
      expect(at.head.fields.get("warc-record-id")).toBe(loc.recordId);
      const one = readWarc(path, { start: loc.offset });
      const first = await one.next();
      const streamed = await concat(first.value?.block ?? []);
      await one.return(undefined);
      expect(Buffer.compare(at.block, Buffer.from(streamed))).toBe(0);
    }
    const response = await readRecordAt(path, a.response.offset, a.response.length);
    expect(response.block.toString("latin1")).toMatch(/^HTTP\/1\.1 200[\s\S]*\r\n\r\nA{70000}$/);
    // A location past the end of the file, or that is no gzip member, is one clear error.
    await expect(
      readRecordAt(path, b.response.offset, b.response.length + 1_000_000),
    ).rejects.toMatchObject({ code: "archive-invalid" });
    await expect(readRecordAt(path, a.response.offset + 1, 100)).rejects.toMatchObject({
      code: "archive-invalid",
    });
  });

  it("keeps a retried answer and its replacement: both records, both indexed, the 200 first on a tie", async () => {
    await using dir = await tempDir();
    const writer = await WarcWriter.open(options(dir.path));
    const url = "https://example.org/busy";
    const retried = [
      exchange(url, "busy", {
        status: 503,
        statusText: "Service Unavailable",
        responseHeaders: [["Content-Type", "text/plain"]],
      }),
      exchange(url, "no type", {
        status: 503,
        statusText: "Service Unavailable",
        responseHeaders: [["Retry-After", "0"]],
      }),
    ];
    for (const answer of retried) await writer.writeExchange(answer);
    const ok = await writer.writeExchange(exchange(url, "<html>here</html>"));
    await writer.close();
    const side = await readFile(join(dir.path, `${ok.response.filename}.cdxj`), "utf8");
    const lines = side.trim().split("\n");
    // The side index is sorted as CDXJ must be; all three share one second, and the 200 leads
    // (see sortCdxjLines).
    expect(lines).toEqual(sortCdxjLines(lines));
    expect(lines.map((l) => parseCdxjLine(l)?.status)).toEqual([200, 503, 503]);
    expect(parseCdxjLine(lines[0] ?? "")).toMatchObject({ offset: ok.response.offset });
  });

  it("streams a large body twice (hash, then write) and never holds it", async () => {
    await using dir = await tempDir();
    const chunk = new Uint8Array(64 * 1024).fill(7);
    let streams = 0;
    const body: Payload = {
      byteLength: chunk.byteLength * 100,
      async *stream() {
        streams++;
        for (let i = 0; i < 100; i++) yield chunk;
      },
    };
    const writer = await WarcWriter.open(options(dir.path, { memoryThreshold: 1024 }));
    await writer.writeExchange({ ...exchange("https://example.org/big", ""), body });
    await writer.close();
    expect(streams).toBe(2);
    const records = [];
    for await (const r of readWarc(join(dir.path, writer.files[0] ?? ""))) {
      records.push({
        type: r.type,
        digest: r.header("WARC-Block-Digest"),
        block: await concat(r.block),
      });
    }
    const response = records.find((r) => r.type === "response");
    expect(response?.digest).toBe(sha(response?.block ?? new Uint8Array()));
  });

  it("rolls to a new file with its own warcinfo past maxFileBytes", async () => {
    await using dir = await tempDir();
    const writer = await WarcWriter.open(options(dir.path, { maxFileBytes: 1000, gzip: false }));
    await writer.writeExchange(exchange("https://example.org/1", "x".repeat(2000)));
    await writer.writeExchange(exchange("https://example.org/2", "y"));
    await writer.close();
    expect(writer.files).toEqual([
      "test-20261125100000-00000.warc",
      "test-20261125100000-00001.warc",
    ]);
    expect((await readdir(dir.path)).sort()).toEqual(writer.files.flatMap((f) => [f, `${f}.cdxj`]));
    for (const file of writer.files) {
      const types = [];
      for await (const r of readWarc(join(dir.path, file))) types.push(r.type);
      expect(types).toEqual(["warcinfo", "response", "request"]);
    }
  });

  it("gives the same bytes for the same input, clock and ids", async () => {
    const outputs = [];
    for (let i = 0; i < 2; i++) {
      await using dir = await tempDir();
      const writer = await WarcWriter.open(options(dir.path));
      await writer.writeExchange(exchange("https://example.org/", "same"));
      await writer.close();
      outputs.push(await readFile(join(dir.path, writer.files[0] ?? "")));
    }
    expect(Buffer.compare(outputs[0] ?? Buffer.alloc(0), outputs[1] ?? Buffer.alloc(1))).toBe(0);
  });

  it("keeps the file under a .open name until closed", async () => {
    await using dir = await tempDir();
    const writer = await WarcWriter.open(options(dir.path));
    expect((await readdir(dir.path)).sort()).toEqual([
      "test-20261125100000-00000.warc.gz.cdxj.open",
      "test-20261125100000-00000.warc.gz.open",
    ]);
    await writer.close();
    await expect(writer.writeExchange(exchange("https://example.org/", "x"))).rejects.toThrow(
      /closed/,
    );
  });
});

describe("WarcWriter when a body fails mid-stream", () => {
  it("cuts the half-written record off and keeps the file readable", async () => {
    await using dir = await tempDir();
    const writer = await WarcWriter.open(options(dir.path, { memoryThreshold: 10 }));
    await writer.writeExchange(exchange("https://example.org/ok", "fine"));
    let calls = 0;
    const body: Payload = {
      byteLength: 100_000,
      async *stream() {
        calls++;
        yield new Uint8Array(50_000);
        if (calls > 1) throw new Error("spool file vanished");
        yield new Uint8Array(50_000);
      },
    };
    await expect(
      writer.writeExchange({ ...exchange("https://example.org/broken", ""), body }),
    ).rejects.toThrow();
    await writer.writeExchange(exchange("https://example.org/after", "later"));
    await writer.close();
    const uris = [];
    for await (const r of readWarc(join(dir.path, writer.files[0] ?? ""))) {
      uris.push(`${r.type} ${r.header("WARC-Target-URI") ?? ""}`);
    }
    expect(uris).toEqual([
      "warcinfo ",
      "response https://example.org/ok",
      "request https://example.org/ok",
      "response https://example.org/after",
      "request https://example.org/after",
    ]);
  });
});

describe("WarcWriter HTTP heads", () => {
  it("writes header values back as the bytes that crossed the wire (Latin-1 decoded strings)", async () => {
    await using dir = await tempDir();
    const writer = await WarcWriter.open(options(dir.path));
    // "café" sent as UTF-8 bytes arrives from Node's parser as the Latin-1 string "cafÃ©".
    const wire = Buffer.from("café", "utf8").toString("latin1");
    await writer.writeExchange(
      exchange("https://example.org/", "x", {
        responseHeaders: [
          ["Content-Type", "text/html"],
          ["X-Title", wire],
        ],
      }),
    );
    await writer.close();
    for await (const r of readWarc(join(dir.path, writer.files[0] ?? ""))) {
      if (r.type !== "response") continue;
      const block = Buffer.from(await concat(r.block));
      expect(block.includes(Buffer.from("X-Title: café\r\n", "utf8"))).toBe(true);
      expect(r.header("WARC-Block-Digest")).toBe(sha(block));
    }
  });
});
