import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createFetcher, releaseExchanges } from "@vellum/fetch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, startServer, type TestServer } from "../../../test/support/route-server.js";
import { type BrowserCapturer, openBrowser } from "../src/index.js";

// What a page loads outside its own frame is the page's too: a cross-site iframe (an embedded
// post, video or comment thread) with its own images and fetches, and a dedicated worker's
// fetch. Each is recorded; none is taken for Chromium's own background traffic and refused.

describe("requests from a cross-site iframe and a worker", () => {
  let site: TestServer;
  let embed: Server;
  let embedOrigin: string;
  let browser: BrowserCapturer;

  beforeAll(async () => {
    // Another site: 127.0.0.2 is loopback too, but a different site to Chromium.
    embed = createServer((req, res) => {
      if (req.url === "/post") {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(
          `<p>An embedded post</p><img src="/avatar.png"><script>fetch('/post.json')</script>`,
        );
      } else {
        res.writeHead(200, { "Content-Type": "text/plain" });
        res.end(`embed ${req.url}`);
      }
    });
    await new Promise<void>((resolve) => embed.listen(0, "127.0.0.2", resolve));
    embedOrigin = `http://127.0.0.2:${(embed.address() as AddressInfo).port}`;
    site = await startServer({
      "/robots.txt": answer(404),
      "/": answer(
        200,
        { "Content-Type": "text/html; charset=utf-8" },
        `<div id="out">waiting</div><iframe src="${embedOrigin}/post"></iframe><script>
          const worker = new Worker('/worker.js');
          worker.onmessage = (e) => { document.getElementById('out').textContent = e.data; };
        </script>`,
      ),
      "/worker.js": answer(
        200,
        { "Content-Type": "text/javascript" },
        "fetch('/from-worker.txt').then((r) => r.text()).then((t) => postMessage(t));",
      ),
      "/from-worker.txt": answer(200, { "Content-Type": "text/plain" }, "fetched by the worker"),
    });
    const fetcher = createFetcher({
      allowPrivateHosts: ["127.0.0.1", "127.0.0.2"],
      delayMs: 0,
      retries: 0,
    });
    browser = await openBrowser({ fetcher, timeoutMs: 15_000, screenshot: "none" });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    await new Promise<void>((resolve) => embed?.close(() => resolve()));
  });

  it("are recorded as the page's own", async () => {
    const page = await browser.capture(`${site.origin}/`);
    try {
      expect(page.error).toBeNull();
      const urls = page.exchanges.map((e) => e.url);
      expect(urls).toEqual(
        expect.arrayContaining([
          `${embedOrigin}/post`,
          `${embedOrigin}/avatar.png`,
          `${embedOrigin}/post.json`,
          `${site.origin}/worker.js`,
          `${site.origin}/from-worker.txt`,
        ]),
      );
      expect(page.html).toContain("fetched by the worker");
      expect(browser.backgroundRequestsRefused).toBe(0);
    } finally {
      await releaseExchanges(page.exchanges);
    }
  }, 60_000);
});
