import { createHash } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyWarc, WarcWriter } from "@vellum/archive";
import { createFetcher } from "@vellum/fetch";
import { countingIds, systemClock } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Route, startServer, type TestServer } from "../../../test/support/route-server.js";
import { type BrowserCapturer, openBrowser } from "../src/index.js";
import { httpPayload, record, records } from "./record.js";

// The fetcher's per-host politeness gate and size cap hold for every request a page makes, and a
// body larger than the spool threshold is streamed through the spool (not read whole while
// paused) and still handed back to the page intact.

const KiB = 1024;
const SLOW = 6;
const PER_HOST = 2;

/** Bytes no compressor or coincidence reproduces: a hash chain. */
function bytes(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash("sha256").update(seed).digest();
  for (let at = 0; at < size; at += block.byteLength) {
    block.copy(out, at);
    block = createHash("sha256").update(block).digest();
  }
  return out;
}

/** 600 KiB: over the test's 64 KiB spool threshold, under its 1 MiB cap. */
const blob = bytes(600 * KiB, "blob");
/** 3 MiB: over the cap. */
const huge = bytes(3 * 1024 * KiB, "huge");

/** Sent in pieces with no Content-Length, so the browser cannot know the size in advance. */
function chunked(body: Buffer): Route {
  return (_req, res) => {
    res.writeHead(200, { "Content-Type": "application/octet-stream" });
    let at = 0;
    const next = () => {
      while (at < body.byteLength) {
        const piece = body.subarray(at, at + 64 * KiB);
        at += piece.byteLength;
        if (!res.write(piece)) {
          res.once("drain", next);
          return;
        }
      }
      res.end();
    };
    next();
  };
}

const page = `<!doctype html><html><head><meta charset="utf-8"><title>Limits</title></head><body>
<p>${"Words on the page. ".repeat(40)}</p>
${Array.from({ length: SLOW }, (_, i) => `<img src="/slow/${i}.png" alt="">`).join("")}
<pre id="blob">blob waiting</pre><pre id="huge">huge waiting</pre>
<script>
  const read = (path, out) => fetch(path).then((r) => r.arrayBuffer()).then(
    (b) => { out.textContent = path.slice(1) + ' ' + b.byteLength; },
    () => { out.textContent = path.slice(1) + ' refused'; });
  read('/blob', document.getElementById('blob')).then(() => read('/huge', document.getElementById('huge')));
</script></body></html>`;

describe("politeness, the size cap and streamed bodies apply to every request of a page", () => {
  let server: TestServer;
  let dir: string;
  let warc: WarcWriter;
  let browser: BrowserCapturer;
  let open = 0;
  let mostOpen = 0;

  beforeAll(async () => {
    const png = Buffer.from(
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
      "base64",
    );
    // Each image is held a while, so requests the gate did not hold back would overlap.
    const slow: Route = (_req, res) => {
      open += 1;
      mostOpen = Math.max(mostOpen, open);
      res.on("close", () => {
        open -= 1;
      });
      setTimeout(() => {
        res.writeHead(200, { "Content-Type": "image/png" });
        res.end(png);
      }, 300);
    };
    const routes: Record<string, Route> = {
      "/robots.txt": (_q, res) => res.writeHead(404).end(),
      "/limits": (_q, res) => {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(page);
      },
      "/blob": chunked(blob),
      "/huge": chunked(huge),
    };
    for (let i = 0; i < SLOW; i++) routes[`/slow/${i}.png`] = slow;
    server = await startServer(routes);
    dir = await mkdtemp(join(tmpdir(), "vellum-browser-limits-"));
    warc = await WarcWriter.open({
      dir,
      prefix: "l",
      clock: systemClock,
      ids: countingIds(),
      info: { software: "test" },
    });
    const fetcher = createFetcher({
      allowPrivateHosts: ["127.0.0.1"],
      delayMs: 0,
      retries: 0,
      perHostConcurrency: PER_HOST,
      maxBytes: 1024 * KiB,
      spoolThresholdBytes: 64 * KiB,
      tempDir: dir,
    });
    browser = await openBrowser({ fetcher, timeoutMs: 30_000, screenshot: "none" });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("holds the page's requests to the host's gate, cuts a body at the cap, streams a large one", async () => {
    const captured = await record(warc, browser.capture(`${server.origin}/limits`));
    expect(captured.error).toBeNull();

    // Politeness: every image was loaded, never more than the gate's share at once.
    for (let i = 0; i < SLOW; i++) expect(server.hits).toContain(`/slow/${i}.png`);
    expect(mostOpen).toBeLessThanOrEqual(PER_HOST);

    // The streamed body reached the page whole; the one over the cap was refused to it.
    expect(captured.html).toContain(`blob ${blob.byteLength}`);
    expect(captured.html).toContain("huge refused");
    expect(captured.notes).toContain("1 body cut at the size cap");

    await warc.close();
    const all = await records(dir, warc.files);
    const response = (path: string) =>
      all.find(
        (r) =>
          r.type === "response" && r.headers.get("warc-target-uri") === `${server.origin}${path}`,
      );
    const kept = response("/blob");
    expect(kept?.headers.get("warc-truncated")).toBeUndefined();
    expect(httpPayload(kept?.block ?? Buffer.alloc(0)).equals(blob)).toBe(true);
    const cut = response("/huge");
    expect(cut?.headers.get("warc-truncated")).toBe("length");
    const cutBody = httpPayload(cut?.block ?? Buffer.alloc(0));
    expect(cutBody.byteLength).toBe(1024 * KiB);
    expect(cutBody.equals(huge.subarray(0, 1024 * KiB))).toBe(true);
    for (const file of warc.files) expect((await verifyWarc(join(dir, file))).ok).toBe(true);
  }, 120_000);
});
