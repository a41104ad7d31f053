/**
 * A page captured through a politeness gate of the caller's (a fleet job's): every request the
 * page makes waits at it, holds its slot until its response has been read, and tells it the
 * host's answer; a request held there keeps the page's network busy.
 */
import { createFetcher, releaseExchanges } from "@vellum/fetch";
import { headerValue, type RequestGate } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, startServer, type TestServer } from "../../../test/support/route-server.js";
import { type BrowserCapturer, openBrowser } from "../src/index.js";

const words = `<p>${"The harbour council voted on Tuesday to rebuild the old pier. ".repeat(8)}</p>`;
const page = (title: string, head: string, body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;
const html = (text: string) => answer(200, { "Content-Type": "text/html; charset=utf-8" }, text);

let server: TestServer;
let browser: BrowserCapturer;

beforeAll(async () => {
  server = await startServer({
    "/robots.txt": answer(200, { "Content-Type": "text/plain" }, "User-agent: *\nAllow: /\n"),
    "/story": html(
      page(
        "Story",
        '<link rel="stylesheet" href="/site.css">',
        `<article><h1>Story</h1>${words}<div id="more"></div><img src="/busy.png" alt=""></article>
         <script src="/app.js"></script>`,
      ),
    ),
    "/late": html(
      page(
        "Late",
        "",
        `<article><h1>Late</h1>${words}<div id="more"></div></article>
         <script>fetch('/more.json').then((r) => r.json()).then((d) => { document.getElementById('more').textContent = d.text; });</script>`,
      ),
    ),
    "/site.css": answer(200, { "Content-Type": "text/css" }, "body { font: 16px serif }"),
    "/app.js": answer(
      200,
      { "Content-Type": "text/javascript" },
      "fetch('/more.json').then((r) => r.json()).then((d) => { document.getElementById('more').textContent = d.text; });",
    ),
    "/more.json": answer(
      200,
      { "Content-Type": "application/json" },
      JSON.stringify({ text: "Inserted once the JSON came." }),
    ),
    "/busy.png": answer(429, { "Content-Type": "text/plain", "Retry-After": "7" }, "slow down"),
  });
  const fetcher = createFetcher({ allowPrivateHosts: ["127.0.0.1"], delayMs: 0, retries: 0 });
  browser = await openBrowser({
    fetcher,
    timeoutMs: 15_000,
    idleMs: 200,
    scroll: false,
    screenshot: "none",
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe("a page's requests through the gate it is given", () => {
  it("each request waits at it once, its slot held until its answer is read, which the gate is told (a 429 and its Retry-After)", async () => {
    const asked: string[] = [];
    const answered: Array<{ path: string; status: number; retryAfter: string | null }> = [];
    let holding = 0;
    let most = 0;
    const gate: RequestGate = async (url, request) => {
      asked.push(url.pathname);
      holding += 1;
      most = Math.max(most, holding);
      try {
        const answer = await request();
        answered.push({
          path: url.pathname,
          status: answer.status,
          retryAfter: headerValue(answer.responseHeaders, "retry-after"),
        });
        return answer;
      } finally {
        holding -= 1;
      }
    };
    const hitsBefore = server.hits.length;
    const captured = await browser.capture(`${server.origin}/story`, { gate });
    try {
      expect(captured.error).toBeNull();
      const served = server.hits.slice(hitsBefore);
      // robots.txt first (through the gate too), then the page's navigation, then what it loads.
      expect(asked[0]).toBe("/robots.txt");
      expect(asked[1]).toBe("/story");
      expect([...asked].sort()).toEqual([...served].sort());
      expect(new Set(asked).size).toBe(asked.length);
      for (const path of ["/site.css", "/app.js", "/more.json", "/busy.png"])
        expect(asked).toContain(path);
      expect(answered.find((a) => a.path === "/busy.png")).toEqual({
        path: "/busy.png",
        status: 429,
        retryAfter: "7",
      });
      expect(answered.find((a) => a.path === "/story")?.status).toBe(200);
      // Every slot was let go; each request's exchange was recorded.
      expect(holding).toBe(0);
      expect(most).toBeGreaterThanOrEqual(1);
      const recorded = captured.exchanges.map((e) => new URL(e.url).pathname);
      for (const path of ["/story", "/site.css", "/app.js", "/more.json", "/busy.png"])
        expect(recorded).toContain(path);
    } finally {
      await releaseExchanges(captured.exchanges);
    }
  }, 60_000);

  it("a request held at a gate keeps the page's network busy: the page is read once it came", async () => {
    // The script's JSON waits for its host's delay (1 s), far longer than the quiet time that
    // counts as loaded (200 ms): at a gate of the caller's, and at the fetcher's own.
    const gate: RequestGate = async (url, request) => {
      if (url.pathname === "/more.json") await new Promise((r) => setTimeout(r, 1_000));
      return request();
    };
    const polite = await openBrowser({
      fetcher: createFetcher({ allowPrivateHosts: ["127.0.0.1"], delayMs: 1_000, retries: 0 }),
      timeoutMs: 15_000,
      idleMs: 200,
      scroll: false,
      screenshot: "none",
    });
    try {
      for (const [renderer, options] of [
        [browser, { gate }],
        [polite, {}],
      ] as const) {
        const captured = await renderer.capture(`${server.origin}/late`, options);
        try {
          expect(captured.error).toBeNull();
          expect(captured.html).toContain("Inserted once the JSON came.");
        } finally {
          await releaseExchanges(captured.exchanges);
        }
      }
    } finally {
      await polite.close();
    }
  }, 60_000);
});
