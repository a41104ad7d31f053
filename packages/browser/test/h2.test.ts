import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createSecureServer, type Http2SecureServer } from "node:http2";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { verifyWarc, WarcWriter } from "@vellum/archive";
import { createFetcher } from "@vellum/fetch";
import { countingIds, systemClock } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrowserCapturer, openBrowser } from "../src/index.js";
import { httpHead, httpPayload, record, records } from "./record.js";

// A page served over HTTP/2 (TLS, ALPN): every record names the protocol in WARC-Protocol —
// bodies read while paused and bodies streamed and handed back alike — and its HTTP header
// block holds no HTTP/2 pseudo-headers, which no WARC reader would parse.

const fixtures = new URL("../../fetch/test/fixtures/", import.meta.url);
const cert = readFileSync(new URL("localhost-cert.pem", fixtures), "utf8");
const key = readFileSync(new URL("localhost-key.pem", fixtures), "utf8");

const TEXT = "Ferries run again on the northern route after the strike. ";
const big = Buffer.alloc(200 * 1024, "large body ");

const page = `<!doctype html><html><head><meta charset="utf-8"><title>Over h2</title></head><body>
<div id="body">waiting</div><pre id="big">waiting</pre>
<script>
  fetch('/data.json').then((r) => r.json()).then((d) => { document.getElementById('body').textContent = d.text; });
  fetch('/big').then((r) => r.arrayBuffer()).then((b) => { document.getElementById('big').textContent = 'big ' + b.byteLength; });
</script></body></html>`;

describe("a page over HTTP/2", () => {
  let server: Http2SecureServer;
  let origin: string;
  let dir: string;
  let warc: WarcWriter;
  let browser: BrowserCapturer;

  beforeAll(async () => {
    server = createSecureServer({ cert, key, allowHTTP1: true }, (req, res) => {
      if (req.url === "/") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
        res.end(page);
      } else if (req.url === "/data.json") {
        const body = gzipSync(JSON.stringify({ text: TEXT.repeat(4) }));
        res.writeHead(200, {
          "content-type": "application/json",
          "content-encoding": "gzip",
          "content-length": String(body.byteLength),
        });
        res.end(body);
      } else if (req.url === "/big") {
        // No length given: the recorder streams it through the spool and hands it back.
        res.writeHead(200, { "content-type": "application/octet-stream" });
        res.end(big);
      } else {
        res.writeHead(404, { "content-type": "text/plain" });
        res.end("not found");
      }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `https://localhost:${(server.address() as AddressInfo).port}`;
    dir = await mkdtemp(join(tmpdir(), "vellum-browser-h2-"));
    warc = await WarcWriter.open({
      dir,
      prefix: "h2",
      clock: systemClock,
      ids: countingIds(),
      info: { software: "test" },
    });
    const fetcher = createFetcher({
      allowPrivateHosts: ["localhost"],
      resolver: async () => [{ address: "127.0.0.1", family: 4 }],
      respectRobots: false,
      delayMs: 0,
      retries: 0,
      spoolThresholdBytes: 64 * 1024,
      tempDir: dir,
      ca: cert,
    });
    browser = await openBrowser({
      fetcher,
      timeoutMs: 20_000,
      screenshot: "none",
      // The test certificate is self-signed; the resolver rule keeps localhost on loopback.
      chromiumArgs: [
        "--ignore-certificate-errors",
        "--host-resolver-rules=MAP localhost 127.0.0.1",
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await rm(dir, { recursive: true, force: true });
  });

  it("records WARC-Protocol h2 with TLS, and a header block without pseudo-headers", async () => {
    const captured = await record(warc, browser.capture(`${origin}/`));
    expect(captured.error).toBeNull();
    expect(captured.html).toContain(TEXT.trim());
    expect(captured.html).toContain(`big ${big.byteLength}`);

    await warc.close();
    const all = await records(dir, warc.files);
    const response = (path: string) =>
      all.find(
        (r) => r.type === "response" && r.headers.get("warc-target-uri") === `${origin}${path}`,
      );
    for (const path of ["/", "/data.json", "/big"]) {
      const rec = response(path);
      expect(rec, path).toBeDefined();
      expect(rec?.headers.get("warc-protocol"), path).toMatch(/^h2(, tls\/1\.[23])?$/);
      const head = httpHead(rec?.block ?? Buffer.alloc(0));
      expect(head, path).toMatch(/^HTTP\/\S+ 200 /);
      expect(head, path).not.toMatch(/^:/m);
    }
    // A body of known size is read while paused, so the TLS session is known and recorded with
    // the protocol (a body handed back to the page keeps only the protocol: README).
    expect(response("/data.json")?.headers.get("warc-protocol")).toMatch(/^h2, tls\/1\.[23]$/);
    expect(httpPayload(response("/big")?.block ?? Buffer.alloc(0)).equals(big)).toBe(true);
    const json = httpHead(response("/data.json")?.block ?? Buffer.alloc(0));
    expect(json).toMatch(/^X-Crawler-Content-Encoding: gzip$/im);
    for (const file of warc.files) expect((await verifyWarc(join(dir, file))).ok).toBe(true);
  }, 120_000);
});
