import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CDXIndexer, WARCRecord, WARCSerializer } from "warcio";
import { derivedUri, indexWarc, readWarc, verifyPath, verifyWarc } from "../src/index.js";
import { tempDir } from "./helpers.js";

// A WARC written by another tool — warcio, webrecorder's library that ReplayWeb.page and
// browsertrix-crawler write with — holding every record type a crawler leaves: warcinfo, a
// response with its request, a revisit of it, a resource (a screenshot on its own urn: URI) and
// metadata (warc-fields about the page). Vellum must read, index and verify it as warcio does.

const page = "https://news.example/2026/harbour";
const html =
  "<!doctype html><html><body><article><p>The harbour reopened.</p></article></body></html>";
const enc = new TextEncoder();

type Digest = { algo: "sha-256" | "sha-1"; prefix: string; base32: boolean };
const SHA256: Digest = { algo: "sha-256", prefix: "sha256:", base32: false };
const SHA1: Digest = { algo: "sha-1", prefix: "sha1:", base32: true };

async function warcioRecords(): Promise<WARCRecord[]> {
  const warcinfo = WARCRecord.createWARCInfo(
    { filename: "other.warc.gz", warcVersion: "WARC/1.1", date: "2026-11-25T10:00:00Z" },
    { software: "warcio.js", format: "WARC File Format 1.1" },
  );
  const response = WARCRecord.create(
    {
      url: page,
      date: "2026-11-25T10:00:01Z",
      type: "response",
      warcVersion: "WARC/1.1",
      statusline: "HTTP/1.1 200 OK",
      httpHeaders: { "Content-Type": "text/html; charset=utf-8" },
    },
    [enc.encode(html)],
  );
  const request = WARCRecord.create(
    {
      url: page,
      date: "2026-11-25T10:00:01Z",
      type: "request",
      warcVersion: "WARC/1.1",
      statusline: "GET /2026/harbour HTTP/1.1",
      httpHeaders: { Host: "news.example", "User-Agent": "test" },
      warcHeaders: {
        "WARC-Concurrent-To": response.warcHeaders.headers.get("WARC-Record-ID") ?? "",
      },
    },
    [],
  );
  const revisit = WARCRecord.create(
    {
      url: page,
      date: "2026-11-26T10:00:01Z",
      type: "revisit",
      warcVersion: "WARC/1.1",
      statusline: "HTTP/1.1 200 OK",
      httpHeaders: { "Content-Type": "text/html; charset=utf-8" },
      refersToUrl: page,
      refersToDate: "2026-11-25T10:00:01Z",
      warcHeaders: {
        "WARC-Profile": "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest",
      },
    },
    [],
  );
  const screenshot = WARCRecord.create(
    {
      url: derivedUri("screenshot", page),
      date: "2026-11-25T10:00:02Z",
      type: "resource",
      warcVersion: "WARC/1.1",
      warcHeaders: { "Content-Type": "image/png" },
    },
    [Buffer.from("89504e470d0a1a0a0000000d49484452", "hex")],
  );
  const metadata = WARCRecord.create(
    {
      url: page,
      date: "2026-11-25T10:00:02Z",
      type: "metadata",
      warcVersion: "WARC/1.1",
      warcHeaders: { "Content-Type": "application/warc-fields" },
    },
    [enc.encode("outlink: https://news.example/2026/ferries\r\n")],
  );
  return [warcinfo, response, request, revisit, screenshot, metadata];
}

/** Serializes the records with warcio; the revisit carries the response's payload digest. */
async function writeWithWarcio(path: string, gzip: boolean, digest: Digest): Promise<void> {
  const records = await warcioRecords();
  const parts: Uint8Array[] = [];
  let payloadDigest = "";
  for (const record of records) {
    if (record.warcType === "revisit")
      record.warcHeaders.headers.set("WARC-Payload-Digest", payloadDigest);
    parts.push(await WARCSerializer.serialize(record, { gzip, digest }));
    if (record.warcType === "response")
      payloadDigest = record.warcHeaders.headers.get("WARC-Payload-Digest") ?? "";
  }
  expect(payloadDigest).toMatch(new RegExp(`^${digest.prefix}`));
  await writeFile(path, Buffer.concat(parts));
}

/** warcio's own index of the file (what ReplayWeb.page builds when it loads a WARC). */
async function warcioIndex(dir: string, filename: string) {
  const { createReadStream } = await import("node:fs");
  const out: { url: string; offset: number; length: number; mime: string }[] = [];
  const indexer = new CDXIndexer({});
  for await (const cdx of indexer.iterIndex([
    { filename, reader: createReadStream(join(dir, filename)) },
  ])) {
    out.push({
      url: String(cdx.url),
      offset: Number(cdx.offset),
      length: Number(cdx.length),
      mime: String(cdx.mime),
    });
  }
  return out;
}

describe.each([
  { name: "other.warc.gz", gzip: true, digest: SHA256 },
  { name: "other.warc", gzip: false, digest: SHA1 },
])("a WARC written by warcio ($name, $digest.prefix digests)", ({ name, gzip, digest }) => {
  it("is read record by record, every type and header as written", async () => {
    await using dir = await tempDir();
    const path = join(dir.path, name);
    await writeWithWarcio(path, gzip, digest);
    const seen: { type: string; uri: string | null; body: string }[] = [];
    for await (const r of readWarc(path)) {
      const chunks: Uint8Array[] = [];
      for await (const c of r.block) chunks.push(c);
      seen.push({
        type: r.type,
        uri: r.header("WARC-Target-URI"),
        body: Buffer.concat(chunks).toString("latin1"),
      });
    }
    expect(seen.map((s) => [s.type, s.uri])).toEqual([
      ["warcinfo", null],
      ["response", page],
      ["request", page],
      ["revisit", page],
      ["resource", derivedUri("screenshot", page)],
      ["metadata", page],
    ]);
    expect(seen[1]?.body).toContain(html);
    expect(seen[5]?.body).toBe("outlink: https://news.example/2026/ferries\r\n");
  });

  it("verifies whole, every record and digest checked", async () => {
    await using dir = await tempDir();
    const path = join(dir.path, name);
    await writeWithWarcio(path, gzip, digest);
    const result = await verifyPath(path);
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(result).toMatchObject({ kind: "warc", ok: true, checked: { items: 6 } });
  });

  it("is indexed at the offsets and lengths warcio's indexer gives, without its metadata", async () => {
    await using dir = await tempDir();
    const path = join(dir.path, name);
    await writeWithWarcio(path, gzip, digest);
    const ours = [];
    for await (const e of indexWarc(path, name)) ours.push(e);
    expect(ours.map((e) => [e.url, e.mime, e.status])).toEqual([
      [page, "text/html", 200],
      [page, "warc/revisit", 200],
      [derivedUri("screenshot", page), "image/png", null],
    ]);
    const theirs = await warcioIndex(dir.path, name);
    for (const e of ours) {
      // In a plain WARC warcio's length stops before the record's closing CRLF CRLF; pywb's
      // (and ours) runs to the next record, so only the offsets are compared there.
      expect(theirs).toContainEqual(
        expect.objectContaining(
          gzip
            ? { url: e.url, offset: e.offset, length: e.length }
            : { url: e.url, offset: e.offset },
        ),
      );
    }
  });

  it("a changed payload byte is caught, as warcio check catches it", async () => {
    await using dir = await tempDir();
    const path = join(dir.path, "plain.warc");
    await writeWithWarcio(path, false, digest);
    const { readFile } = await import("node:fs/promises");
    const bytes = await readFile(path);
    const at = bytes.indexOf("harbour reopened");
    bytes[at] = "H".charCodeAt(0);
    await writeFile(path, bytes);
    const result = await verifyWarc(path);
    expect(result.ok).toBe(false);
    expect(result.findings.map((f) => f.code)).toContain("digest-mismatch");
  });
});
