import { existsSync } from "node:fs";
import { fixedClock } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createFetcher,
  type FetchOptions,
  PartialCaptureError,
  releaseCapture,
  releaseExchanges,
  type SpooledPayload,
} from "../src/index.js";
import { answer, firstThen, redirectTo, startServer, type TestServer } from "./server.js";

// Every response the fetcher receives is part of what was served: a 503 it retried, or the
// redirect hops before a chain failed, must reach the caller so the archive can keep them.

const html = "<!doctype html><title>Hello</title><p>Body text</p>";
let server: TestServer;
const fast: FetchOptions = {
  allowPrivate: true,
  respectRobots: false,
  retries: 2,
  retryBaseMs: 5,
  retryMaxMs: 50,
  random: () => 0.5,
  delayMs: 0,
  clock: fixedClock("2026-11-25T12:00:00Z"),
};

beforeAll(async () => {
  const page = answer(200, { "Content-Type": "text/html" }, html);
  server = await startServer({
    "/page": page,
    "/busy-once": firstThen(
      1,
      answer(503, { "Retry-After": "0", "Content-Type": "text/plain" }, "busy"),
      page,
    ),
    "/busy-hop": firstThen(
      1,
      answer(502, { "Retry-After": "0" }, "bad gateway"),
      redirectTo(301, "/page"),
    ),
    "/busy-big": firstThen(
      1,
      answer(
        503,
        { "Retry-After": "0", "Content-Type": "application/octet-stream" },
        Buffer.alloc(5_000, 1),
      ),
      page,
    ),
    "/busy-long": answer(503, { "Retry-After": "30" }, "come back later"),
    "/hop1": redirectTo(301, "/hop2"),
    "/hop2": redirectTo(302, "/hop3"),
    "/hop3": redirectTo(307, "/page"),
    "/loop-a": redirectTo(302, "/loop-b"),
    "/loop-b": redirectTo(302, "/loop-a"),
  });
});
afterAll(() => server.close());

describe("retried answers", () => {
  test("a 503 retried before a 200 stays in the capture as an earlier attempt", async () => {
    const capture = await createFetcher(fast).capture(`${server.origin}/busy-once`);
    expect(capture.exchanges.map((e) => e.status)).toEqual([200]);
    expect(capture.attempts?.map((e) => e.status)).toEqual([503, 200]);
    expect(capture.attempts?.[1]).toBe(capture.exchanges[0]);
    await releaseCapture(capture);
  });

  test("a hop retried mid-chain keeps the order the answers arrived in", async () => {
    const capture = await createFetcher(fast).capture(`${server.origin}/busy-hop`);
    expect(capture.exchanges.map((e) => e.status)).toEqual([301, 200]);
    expect(capture.attempts?.map((e) => [e.status, new URL(e.url).pathname])).toEqual([
      [502, "/busy-hop"],
      [301, "/busy-hop"],
      [200, "/page"],
    ]);
  });

  test("a capture that needed no retry has no attempts list", async () => {
    const capture = await createFetcher(fast).capture(`${server.origin}/page`);
    expect(capture.attempts).toBeUndefined();
  });

  test("a spooled body of a retried answer lives until the capture is released", async () => {
    const capture = await createFetcher({ ...fast, spoolThresholdBytes: 1_000 }).capture(
      `${server.origin}/busy-big`,
    );
    const first = capture.attempts?.[0]?.body as SpooledPayload;
    expect(first.byteLength).toBe(5_000);
    expect(existsSync(first.path as string)).toBe(true);
    await releaseCapture(capture);
    expect(existsSync(first.path as string)).toBe(false);
  });

  test("a stop while waiting to retry still hands over the answer received", async () => {
    const controller = new AbortController();
    const pending = createFetcher({
      ...fast,
      retryMaxMs: 60_000,
      signal: controller.signal,
    }).capture(`${server.origin}/busy-long`);
    setTimeout(() => controller.abort(), 100);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialCaptureError);
    expect(error).toMatchObject({ code: "interrupted" });
    expect((error as PartialCaptureError).received.map((e) => e.status)).toEqual([503]);
  });
});

describe("a redirect chain that fails", () => {
  test("a loop throws with every hop received, in order", async () => {
    const error = await createFetcher(fast)
      .capture(`${server.origin}/loop-a`)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PartialCaptureError);
    expect(error).toMatchObject({ code: "fetch-failed", message: "Redirect loop" });
    const received = (error as PartialCaptureError).received;
    expect(received.map((e) => [e.status, new URL(e.url).pathname])).toEqual([
      [302, "/loop-a"],
      [302, "/loop-b"],
    ]);
    await releaseExchanges(received);
  });

  test("too many redirects throws with the hops received", async () => {
    const error = await createFetcher({ ...fast, maxRedirects: 1 })
      .capture(`${server.origin}/hop1`)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "fetch-failed", message: "More than 1 redirects" });
    expect((error as PartialCaptureError).received.map((e) => e.status)).toEqual([301, 302]);
  });

  test("a redirect to a private address throws with the 3xx, and nothing is asked of it", async () => {
    const redirect = await startServer({
      "/go": (_q, res) => {
        res.writeHead(302, { Location: `http://internal.test:${server.port}/page` });
        res.end();
      },
    });
    try {
      const before = server.hits.length;
      const error = await createFetcher({
        ...fast,
        allowPrivate: false,
        // news.test stands for a public site; only its name is exempt from the guard.
        allowPrivateHosts: ["news.test"],
        resolver: async () => [{ address: "127.0.0.1", family: 4 }],
      })
        .capture(`http://news.test:${redirect.port}/go`)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(PartialCaptureError);
      expect(error).toMatchObject({ code: "private-address", value: "internal.test → 127.0.0.1" });
      expect((error as PartialCaptureError).received.map((e) => e.status)).toEqual([302]);
      expect(redirect.hits).toEqual(["/go"]);
      expect(server.hits.length).toBe(before);
    } finally {
      await redirect.close();
    }
  });

  test("a failure before any answer is a plain VellumError", async () => {
    const error = await createFetcher({ ...fast, allowPrivate: false })
      .capture(`${server.origin}/page`)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "private-address" });
    expect(error).not.toBeInstanceOf(PartialCaptureError);
  });

  test("robots.txt hops received before a failure go to onRobotsFailure", async () => {
    const robots = await startServer({
      "/robots.txt": redirectTo(301, "/robots.txt"),
      "/page": (_q, res) => {
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end(html);
      },
    });
    try {
      const handed: number[][] = [];
      const fetcher = createFetcher({
        ...fast,
        respectRobots: true,
        onRobotsFailure: async (error) => {
          handed.push(error.received.map((e) => e.status));
          await releaseExchanges(error.received);
        },
      });
      // An unreachable robots.txt disallows the site (RFC 9309 §2.3.1.4); the page's own error
      // says why and must not carry the robots.txt hops a second time.
      const error = await fetcher.capture(`${robots.origin}/page`).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: "robots-unreachable",
        message: "robots.txt could not be read: Redirect loop",
      });
      expect(error).not.toBeInstanceOf(PartialCaptureError);
      expect(handed).toEqual([[301]]);
    } finally {
      await robots.close();
    }
  });
});
