import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createFetcher, type FetchEvent, type FetchOptions } from "../src/index.js";
import { startServer, type TestServer } from "./server.js";

/** A server that counts requests in flight, and the most it ever saw at once. */
async function countingServer(
  shared: { active: number; max: number },
  robots: string,
): Promise<TestServer> {
  const slow = (_q: unknown, res: import("node:http").ServerResponse) => {
    shared.active += 1;
    shared.max = Math.max(shared.max, shared.active);
    setTimeout(() => {
      shared.active -= 1;
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<p>ok</p>");
    }, 20);
  };
  return startServer({
    "/robots.txt": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end(robots);
    },
    "/a": slow,
    "/b": slow,
    "/c": slow,
    "/d": slow,
    "/elsewhere": (_q, res) => {
      res.writeHead(302, { Location: redirect.to });
      res.end();
    },
    "/busy": (_q, res) => {
      res.writeHead(429, { "Retry-After": "1" });
      res.end();
    },
  });
}

/** Where `/elsewhere` redirects to (another host). */
const redirect = { to: "" };

const base: FetchOptions = { allowPrivate: true, delayMs: 0, retries: 0, respectRobots: false };
const load = ["/a", "/b", "/c", "/d"];

describe("politeness", () => {
  const stats = { active: 0, max: 0 };
  let one: TestServer;
  let two: TestServer;
  beforeAll(async () => {
    one = await countingServer(
      stats,
      "Sitemap: /news-sitemap.xml\nUser-agent: *\nCrawl-delay: 0.05\nDisallow: /d\n\nSitemap: https://cdn.example/s.xml.gz\nSitemap: not a url\n",
    );
    // Both servers count into the same tally, so it shows requests in flight across hosts.
    two = await countingServer(stats, "");
  });
  afterAll(async () => {
    await one.close();
    await two.close();
  });

  test("one request at a time per host by default, even with global room", async () => {
    stats.max = 0;
    const fetcher = createFetcher({ ...base, concurrency: 8 });
    await Promise.all(load.map((p) => fetcher.capture(`${one.origin}${p}`)));
    expect(stats.max).toBe(1);
  });

  test("per-host concurrency can be raised", async () => {
    stats.max = 0;
    const fetcher = createFetcher({ ...base, concurrency: 8, perHostConcurrency: 2 });
    await Promise.all(load.map((p) => fetcher.capture(`${one.origin}${p}`)));
    expect(stats.max).toBeLessThanOrEqual(2);
  });

  test("global concurrency bounds pages across hosts", async () => {
    stats.max = 0;
    let combined = 0;
    let combinedMax = 0;
    const fetcher = createFetcher({
      ...base,
      concurrency: 1,
      perHostConcurrency: 4,
      onEvent: () => undefined,
    });
    const track = async (url: string) => {
      combined += 1;
      combinedMax = Math.max(combinedMax, combined);
      try {
        return await fetcher.capture(url);
      } finally {
        combined -= 1;
      }
    };
    await Promise.all([
      ...load.map((p) => track(`${one.origin}${p}`)),
      ...load.map((p) => track(`${two.origin}${p}`)),
    ]);
    expect(stats.max).toBe(1);
    expect(combinedMax).toBe(8);
  });

  test("robots.txt is fetched once per host, and its Crawl-delay is honoured", async () => {
    const before = one.hits.filter((h) => h === "/robots.txt").length;
    const fetcher = createFetcher({ ...base, respectRobots: true });
    await Promise.all(["/a", "/b", "/c"].map((p) => fetcher.capture(`${one.origin}${p}`)));
    await expect(fetcher.capture(`${one.origin}/d`)).rejects.toMatchObject({
      code: "robots-disallowed",
    });
    expect(one.hits.filter((h) => h === "/robots.txt").length - before).toBe(1);
    expect((await fetcher.robots(`${one.origin}/a`)).crawlDelayMs).toBe(50);
  });

  test("robots.txt's Sitemap: lines are read whatever the group, resolved, non-URLs dropped", async () => {
    const fetcher = createFetcher({ ...base, respectRobots: true });
    expect((await fetcher.robots(`${one.origin}/a`)).sitemaps).toEqual([
      `${one.origin}/news-sitemap.xml`,
      "https://cdn.example/s.xml.gz",
    ]);
    expect((await fetcher.robots(`${two.origin}/a`)).sitemaps).toEqual([]);
  });

  test("Retry-After lengthens the backoff, up to the ceiling", async () => {
    const events: FetchEvent[] = [];
    const fetcher = createFetcher({
      ...base,
      retries: 1,
      retryBaseMs: 2,
      retryMaxMs: 40,
      random: () => 0,
      onEvent: (e) => events.push(e),
    });
    const capture = await fetcher.capture(`${one.origin}/busy`);
    expect(capture.exchanges[0]?.status).toBe(429);
    expect(events).toEqual([
      { type: "retry", url: `${one.origin}/busy`, attempt: 1, delayMs: 40, reason: "HTTP 429" },
    ]);
  });

  test("an outside gate sees every request, a redirect to another host's included; known robots.txt rules are not fetched", async () => {
    redirect.to = `${two.origin}/a`;
    const seen: string[] = [];
    const fetcher = createFetcher({
      ...base,
      delayMs: 60_000, // the fetcher's own gate would hold the second request a minute
      respectRobots: true,
      knownRobots: async (origin) => {
        const own = createFetcher({ ...base, respectRobots: true });
        return origin === one.origin ? own.robots(`${one.origin}/`) : null;
      },
      gate: async (url, request) => {
        seen.push(`fetcher ${url.host}${url.pathname}`);
        return request();
      },
    });
    const before = one.hits.length;
    const capture = await fetcher.capture(`${one.origin}/elsewhere`);
    expect(capture.finalUrl).toBe(`${two.origin}/a`);
    // Host two's robots.txt was not known: fetched through the gate too, before its page.
    expect(seen).toEqual([
      `fetcher ${new URL(one.origin).host}/elsewhere`,
      `fetcher ${new URL(two.origin).host}/robots.txt`,
      `fetcher ${new URL(two.origin).host}/a`,
    ]);
    // One's rules came from knownRobots (which fetched them itself, outside this fetcher).
    expect(one.hits.slice(before).filter((h) => h === "/robots.txt").length).toBe(1);
    // A capture's own gate replaces the fetcher's.
    const own: string[] = [];
    await fetcher.capture(`${one.origin}/a`, {
      gate: async (url, request) => {
        own.push(url.pathname);
        return request();
      },
    });
    expect(own).toEqual(["/a"]);
    await expect(fetcher.capture(`${one.origin}/d`)).rejects.toMatchObject({
      code: "robots-disallowed",
    });
    // What a browser page's requests wait at (throttle) is the outside gate too, told the answer.
    seen.length = 0;
    const answer = await fetcher.throttle(`${one.origin}/page.css`, async () => ({
      status: 429,
      responseHeaders: [["retry-after", "5"]] as const,
    }));
    expect(seen).toEqual([`fetcher ${new URL(one.origin).host}/page.css`]);
    expect(answer.status).toBe(429);
  });
});
