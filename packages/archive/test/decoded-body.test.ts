import { join } from "node:path";
import { bytesPayload, countingIds, fixedClock } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { readWarc, storedResponseHeaders, WarcWriter } from "../src/index.js";
import { exchange, tempDir } from "./helpers.js";

describe("a decoded body (a browser capture) is stored with headers that describe it", () => {
  it("renames Content-Encoding, Transfer-Encoding and Content-Length, then gives the stored length", () => {
    expect(
      storedResponseHeaders(
        [
          ["Content-Type", "application/json"],
          ["Content-Encoding", "gzip"],
          ["Content-Length", "31"],
          ["Transfer-Encoding", "chunked"],
        ],
        52,
      ),
    ).toEqual([
      ["Content-Type", "application/json"],
      ["X-Crawler-Content-Encoding", "gzip"],
      ["X-Crawler-Content-Length", "31"],
      ["X-Crawler-Transfer-Encoding", "chunked"],
      ["Content-Length", "52"],
    ]);
    // Bytes as served keep their content coding and length.
    expect(storedResponseHeaders([["Content-Encoding", "gzip"]])).toEqual([
      ["Content-Encoding", "gzip"],
    ]);
  });

  it("writes WARC-Protocol with the application protocol first, and the request body", async () => {
    await using dir = await tempDir();
    const warc = await WarcWriter.open({
      dir: dir.path,
      prefix: "d",
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
      info: { software: "test" },
    });
    await warc.writeExchange(
      exchange("https://example.org/api", '{"a":1}', {
        method: "POST",
        protocol: "h2",
        tls: { protocol: "TLSv1.3", subject: null, issuer: null, validFrom: null, validTo: null },
        requestBody: bytesPayload(new TextEncoder().encode("q=1")),
        bodyDecoded: true,
      }),
    );
    await warc.close();
    const types: string[] = [];
    for await (const entry of readWarc(join(dir.path, warc.files[0] as string))) {
      const chunks: Uint8Array[] = [];
      for await (const c of entry.block) chunks.push(c);
      const text = Buffer.concat(chunks).toString("latin1");
      const headers = new Map(entry.headers.map(([k, v]) => [k.toLowerCase(), v]));
      types.push(entry.type);
      if (entry.type === "response") {
        expect(headers.get("warc-protocol")).toBe("h2, tls/1.3");
        expect(text).toContain("X-Crawler-Content-Length: 7\r\n");
        expect(text).toContain("Content-Length: 7\r\n\r\n");
      }
      if (entry.type === "request") {
        expect(text.startsWith("POST /api HTTP/1.1\r\n")).toBe(true);
        expect(text.endsWith("\r\n\r\nq=1")).toBe(true);
      }
    }
    expect(types).toEqual(["warcinfo", "response", "request"]);
  });
});
