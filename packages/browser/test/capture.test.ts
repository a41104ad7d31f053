import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseDerivedUri, verifyWarc, WarcWriter } from "@vellum/archive";
import { createFetcher } from "@vellum/fetch";
import { countingIds, fixedClock } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../../../test/support/route-server.js";
import { type BrowserCapturer, openBrowser } from "../src/index.js";
import { httpHead, httpPayload, mainDocument, record, records } from "./record.js";
import { ARTICLE_TEXT, browserSite, prefixRoutes } from "./site.js";

describe("browser capture of a loopback site", () => {
  let server: TestServer;
  let dir: string;
  let warc: WarcWriter;
  let browser: BrowserCapturer;

  beforeAll(async () => {
    server = await startServer(prefixRoutes(browserSite()));
    dir = await mkdtemp(join(tmpdir(), "vellum-browser-"));
    warc = await WarcWriter.open({
      dir,
      prefix: "b",
      clock: fixedClock("2026-01-02T03:04:05Z"),
      ids: countingIds(),
      info: { software: "test" },
    });
    const fetcher = createFetcher({ allowPrivateHosts: ["127.0.0.1"], delayMs: 0, retries: 0 });
    browser = await openBrowser({ fetcher, timeoutMs: 8_000, pdf: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("records the page, its script-fetched JSON, redirects and lazy images, and what it showed", async () => {
    const page = await record(warc, browser.capture(`${server.origin}/moved`));
    expect(page.error).toBeNull();
    expect(mainDocument(page)?.status).toBe(200);
    expect(page.documents.length - 1).toBe(1);
    expect(page.finalUrl).toBe(`${server.origin}/article`);
    expect(page.html).toContain(ARTICLE_TEXT.trim());
    expect(page.title).toBe("Pier to be rebuilt");
    expect(page.derived.map((r) => parseDerivedUri(r.targetUri)?.kind).sort()).toEqual([
      "dom",
      "pdf",
      "screenshot",
      "thumbnail",
    ]);
    expect(server.hits).toContain("/img/lazy-native.png");
    expect(server.hits).toContain("/img/lazy-js.png");

    await warc.close();
    const all = await records(dir, warc.files);
    const responses = all.filter((r) => r.type === "response");
    const byUrl = (path: string) =>
      responses.filter((r) => r.headers.get("warc-target-uri") === `${server.origin}${path}`);
    // The redirect hops are exchanges of their own.
    expect(httpHead(byUrl("/moved")[0]?.block ?? Buffer.alloc(0))).toMatch(/^HTTP\/1\.1 301/);
    expect(httpHead(byUrl("/img/old.png")[0]?.block ?? Buffer.alloc(0))).toMatch(/^HTTP\/1\.1 302/);
    expect(byUrl("/img/new.png")).toHaveLength(1);
    // The JSON came gzipped; the browser hands it over decoded, and the record says so.
    const json = byUrl("/api/article.json")[0];
    expect(json).toBeDefined();
    const head = httpHead(json?.block ?? Buffer.alloc(0));
    expect(head).toContain("X-Crawler-Content-Encoding: gzip");
    expect(head).not.toMatch(/^Content-Encoding:/im);
    const body = httpPayload(json?.block ?? Buffer.alloc(0));
    expect(head).toContain(`Content-Length: ${body.byteLength}`);
    expect(JSON.parse(body.toString("utf8")).paragraphs[0]).toContain(ARTICLE_TEXT.trim());
    expect(json?.headers.get("warc-protocol")).toBe("http/1.1");
    // A body of known size is read while paused, and the event that follows names the address.
    expect(byUrl("/img/new.png")[0]?.headers.get("warc-ip-address")).toBe("127.0.0.1");
    // Every response has its request.
    const requests = all.filter((r) => r.type === "request");
    expect(requests.length).toBe(responses.length);
    // What the reader saw: resource records under urn: URIs, tied to the page's response.
    const article = byUrl("/article")[0];
    const resources = all.filter((r) => r.type === "resource");
    expect(resources.map((r) => r.headers.get("warc-target-uri")).sort()).toEqual(
      ["dom", "pdf", "screenshot", "thumbnail"].map(
        (k) => `urn:vellum:${k}:${server.origin}/article`,
      ),
    );
    for (const r of resources) {
      expect(r.headers.get("warc-concurrent-to")).toBe(article?.headers.get("warc-record-id"));
    }
    const shot = resources.find((r) => r.headers.get("content-type") === "image/png");
    expect(shot?.block.subarray(1, 4).toString()).toBe("PNG");
    const dom = resources.find((r) => r.headers.get("content-type")?.startsWith("text/html"));
    expect(dom?.block.toString("utf8")).toContain(ARTICLE_TEXT.trim());
    // Nothing that was not the page's own went out: no request to anything but the site.
    for (const r of responses) expect(r.headers.get("warc-target-uri")).toMatch(/^http:\/\/127/);
    for (const file of warc.files) expect((await verifyWarc(join(dir, file))).ok).toBe(true);
  }, 60_000);
});
