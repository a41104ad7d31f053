import { join } from "node:path";
import { countingIds, fixedClock } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { DERIVED_KINDS, derivedUri, parseDerivedUri, readWarc, WarcWriter } from "../src/index.js";
import { exchange, tempDir } from "./helpers.js";

const page = "https://news.example/2026/11/a-story?x=1#top";

describe("target URIs of derived records", () => {
  it("are urn:vellum:<kind>:<page URL>, and read back", () => {
    expect(derivedUri("article", page)).toBe(`urn:vellum:article:${page}`);
    for (const kind of DERIVED_KINDS) {
      expect(parseDerivedUri(derivedUri(kind, page))).toEqual({ kind, pageUrl: page });
    }
    expect(parseDerivedUri(page)).toBeNull();
    expect(parseDerivedUri("urn:vellum:unknown:https://x/")).toBeNull();
    expect(parseDerivedUri("urn:text:https://x/")).toBeNull();
  });
});

describe("WarcWriter and derived records", () => {
  const open = (dir: string) =>
    WarcWriter.open({
      dir,
      prefix: "t",
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
      info: { software: "Vellum/0.1.0" },
    });

  it("refuses a metadata record that would take the page's own URL", async () => {
    await using dir = await tempDir();
    const writer = await open(dir.path);
    await expect(
      writer.writeMetadata({
        targetUri: page,
        contentType: "application/json",
        body: new TextEncoder().encode("{}"),
      }),
    ).rejects.toMatchObject({ code: "input-invalid" });
    // A warc-fields metadata record about the page is what every replay tool skips: allowed.
    await writer.writeMetadata({
      targetUri: page,
      contentType: "application/warc-fields",
      body: new TextEncoder().encode("outlink: https://news.example/other\r\n"),
    });
    await writer.close();
  });

  it("links a derived record to its response by id, URL and date", async () => {
    await using dir = await tempDir();
    const writer = await open(dir.path);
    const at = await writer.writeExchange(
      exchange(page, "<p>story</p>", { startedAt: "2026-11-25T09:59:58.250Z" }),
    );
    await writer.writeMetadata({
      targetUri: derivedUri("article", page),
      concurrentTo: at.response.recordId,
      refersTo: at.response.recordId,
      refersToTargetUri: page,
      refersToDate: "2026-11-25T09:59:58.250Z",
      contentType: "application/json",
      body: new TextEncoder().encode('{"headline":"A story"}'),
    });
    await writer.close();
    const records = [];
    for await (const r of readWarc(join(dir.path, writer.files[0] ?? ""))) records.push(r);
    const metadata = records.find((r) => r.type === "metadata");
    expect(metadata?.header("WARC-Target-URI")).toBe(`urn:vellum:article:${page}`);
    expect(metadata?.header("WARC-Concurrent-To")).toBe(at.response.recordId);
    expect(metadata?.header("WARC-Refers-To")).toBe(at.response.recordId);
    expect(metadata?.header("WARC-Refers-To-Target-URI")).toBe(page);
    expect(metadata?.header("WARC-Refers-To-Date")).toBe("2026-11-25T09:59:58.250Z");
  });
});
