import { existsSync } from "node:fs";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { fixedClock, headerValue, VellumError } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createFetcher,
  type FetchOptions,
  fetchPage,
  releaseCapture,
  type SpooledPayload,
} from "../src/index.js";
import { answer, collect, firstThen, redirectTo, startServer, type TestServer } from "./server.js";

const html = "<!doctype html><title>Hello</title><p>Body text</p>";
// "<title>Привет</title>" in KOI8-R: bytes that are not valid UTF-8.
const koi8Page = Buffer.concat([
  Buffer.from("<title>"),
  Buffer.from([0xf0, 0xd2, 0xc9, 0xd7, 0xc5, 0xd4]),
  Buffer.from("</title>"),
]);
let server: TestServer;
const fast: FetchOptions = {
  allowPrivate: true,
  retries: 2,
  retryBaseMs: 5,
  retryMaxMs: 50,
  random: () => 0.5,
  delayMs: 0,
  clock: fixedClock("2026-11-25T12:00:00Z"),
};
let flaky = 0;

beforeAll(async () => {
  server = await startServer({
    "/robots.txt": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("User-agent: *\nDisallow: /private\n");
    },
    "/page": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "X-Mixed-Case": "Kept" });
      res.end(html);
    },
    "/r1": redirectTo(301, "/r2"),
    "/r2": redirectTo(302, "r3"),
    "/r3": redirectTo(307, "/page#frag"),
    "/loop-a": redirectTo(302, "/loop-b"),
    "/loop-b": redirectTo(302, "/loop-a"),
    "/chunked": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.write("<p>one</p>");
      setTimeout(() => {
        res.write("<p>two</p>");
        res.end("<p>three</p>");
      }, 5);
    },
    "/gzip": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html", "Content-Encoding": "gzip" });
      res.end(gzipSync(html));
    },
    "/br": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html", "Content-Encoding": "br" });
      res.end(brotliCompressSync(html));
    },
    "/deflate": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html", "Content-Encoding": "deflate" });
      res.end(deflateSync(html));
    },
    "/deflate-raw": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html", "Content-Encoding": "deflate" });
      res.end(deflateRawSync(html));
    },
    "/404": (_q, res) => {
      res.writeHead(404, "Not Here", { "Content-Type": "text/html" });
      res.end("<p>gone</p>");
    },
    "/500": (_q, res) => {
      res.writeHead(500, { "Content-Type": "text/html" });
      res.end("<p>broken</p>");
    },
    "/429": firstThen(
      2,
      answer(429, { "Retry-After": "0" }),
      answer(200, { "Content-Type": "text/html" }, html),
    ),
    "/always-503": answer(503, { "Retry-After": "0" }, "busy"),
    "/slow": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      let n = 0;
      const timer = setInterval(() => {
        n += 1;
        if (n === 5) {
          clearInterval(timer);
          res.end(`<p>${n}</p>`);
        } else res.write(`<p>${n}</p>`);
      }, 10);
    },
    "/stall": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.write("<p>start</p>");
    },
    "/reset": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html", "Content-Length": "1000" });
      res.write("<p>partial</p>", () => res.socket?.resetAndDestroy());
    },
    "/flaky": (_q, res) => {
      flaky += 1;
      if (flaky === 1) {
        res.socket?.destroy();
        return;
      }
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(html);
    },
    "/big": (_q, res) => {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      res.end(Buffer.alloc(10_000, 7));
    },
    "/private/secret": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(html);
    },
    "/koi8": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=koi8-r" });
      res.end(koi8Page);
    },
    "/data.json": (_q, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"a":1}');
    },
  });
});
afterAll(() => server.close());

describe("fetchPage", () => {
  test("records the exchange as it crossed the wire", async () => {
    const capture = await fetchPage(`${server.origin}/page`, fast);
    expect(capture.exchanges).toHaveLength(1);
    const [ex] = capture.exchanges;
    expect(ex?.status).toBe(200);
    expect(ex?.statusText).toBe("OK");
    expect(ex?.ipAddress).toBe("127.0.0.1");
    expect(ex?.tls).toBeNull();
    expect(ex?.startedAt).toBe("2026-11-25T12:00:00.000Z");
    expect(ex?.responseHeaders.map(([k]) => k)).toContain("X-Mixed-Case");
    expect(ex?.requestHeaders[0]).toEqual(["host", `127.0.0.1:${server.port}`]);
    expect(headerValue(ex?.requestHeaders ?? [], "user-agent")).toMatch(/^Vellum\/\d/);
    expect(new TextDecoder().decode(capture.content)).toBe(html);
  });

  test("follows a redirect chain and records every hop", async () => {
    const capture = await fetchPage(`${server.origin}/r1`, fast);
    expect(capture.exchanges.map((e) => e.status)).toEqual([301, 302, 307, 200]);
    expect(capture.exchanges.map((e) => new URL(e.url).pathname)).toEqual([
      "/r1",
      "/r2",
      "/r3",
      "/page",
    ]);
    expect(capture.finalUrl).toBe(`${server.origin}/page`);
    expect(capture.requestedUrl).toBe(`${server.origin}/r1`);
  });

  test("a redirect loop fails clearly", async () => {
    await expect(fetchPage(`${server.origin}/loop-a`, fast)).rejects.toMatchObject({
      code: "fetch-failed",
      message: "Redirect loop",
    });
  });

  test("too many redirects fail", async () => {
    await expect(
      fetchPage(`${server.origin}/r1`, { ...fast, maxRedirects: 1 }),
    ).rejects.toMatchObject({
      code: "fetch-failed",
    });
  });

  test("a chunked body arrives whole, without chunk framing", async () => {
    const capture = await fetchPage(`${server.origin}/chunked`, fast);
    const ex = capture.exchanges[0];
    expect(headerValue(ex?.responseHeaders ?? [], "transfer-encoding")).toBe("chunked");
    const payload = await collect(ex?.body.stream() ?? []);
    expect(payload.toString()).toBe("<p>one</p><p>two</p><p>three</p>");
  });

  test.each(["gzip", "br", "deflate", "deflate-raw"])(
    "%s: payload keeps the coding, content is decoded",
    async (path) => {
      const capture = await fetchPage(`${server.origin}/${path}`, fast);
      const ex = capture.exchanges[0];
      const payload = await collect(ex?.body.stream() ?? []);
      expect(payload.toString()).not.toBe(html);
      expect(payload.byteLength).toBe(ex?.body.byteLength);
      expect(new TextDecoder().decode(capture.content)).toBe(html);
    },
  );

  test("404 and 500 throw http-status, or are answered with allowErrorStatus", async () => {
    await expect(fetchPage(`${server.origin}/404`, fast)).rejects.toMatchObject({
      code: "http-status",
    });
    await expect(fetchPage(`${server.origin}/500`, { ...fast, retries: 0 })).rejects.toMatchObject({
      code: "http-status",
    });
    const capture = await fetchPage(`${server.origin}/404`, { ...fast, allowErrorStatus: true });
    expect(capture.exchanges[0]?.status).toBe(404);
    expect(capture.exchanges[0]?.statusText).toBe("Not Here");
  });

  test("429 with Retry-After is retried until it succeeds", async () => {
    const events: string[] = [];
    const capture = await fetchPage(`${server.origin}/429`, {
      ...fast,
      onEvent: (e) => events.push(e.type === "retry" ? e.reason : e.type),
    });
    expect(capture.exchanges.map((e) => e.status)).toEqual([200]);
    expect(events.filter((e) => e === "HTTP 429")).toHaveLength(2);
  });

  test("a status that stays 503 ends as the answer after the retries", async () => {
    const before = server.hits.filter((h) => h === "/always-503").length;
    await expect(fetchPage(`${server.origin}/always-503`, fast)).rejects.toMatchObject({
      code: "http-status",
    });
    expect(server.hits.filter((h) => h === "/always-503").length - before).toBe(3);
  });

  test("a slow body that keeps moving is captured", async () => {
    const capture = await fetchPage(`${server.origin}/slow`, { ...fast, bodyIdleTimeoutMs: 2_000 });
    expect(new TextDecoder().decode(capture.content)).toBe(
      "<p>1</p><p>2</p><p>3</p><p>4</p><p>5</p>",
    );
  });

  test("a stalled body times out", async () => {
    await expect(
      fetchPage(`${server.origin}/stall`, { ...fast, retries: 0, bodyIdleTimeoutMs: 100 }),
    ).rejects.toMatchObject({ code: "fetch-timeout", message: "The response body stalled" });
  });

  test("the total timeout stops a body that trickles forever", async () => {
    await expect(
      fetchPage(`${server.origin}/stall`, { ...fast, retries: 0, totalTimeoutMs: 100 }),
    ).rejects.toMatchObject({ code: "fetch-timeout" });
  });

  test("a connection reset mid-body fails as fetch-failed", async () => {
    const error = await fetchPage(`${server.origin}/reset`, { ...fast, retries: 0 }).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(VellumError);
    expect(error.code).toBe("fetch-failed");
  });

  test("a dropped connection is retried", async () => {
    const capture = await fetchPage(`${server.origin}/flaky`, fast);
    expect(new TextDecoder().decode(capture.content)).toBe(html);
  });

  test("a body over the cap is cut and marked truncated", async () => {
    const capture = await fetchPage(`${server.origin}/big`, { ...fast, maxBytes: 4096 });
    const ex = capture.exchanges[0];
    expect(ex?.truncated).toBe("length");
    expect(ex?.body.byteLength).toBe(4096);
    expect((await collect(ex?.body.stream() ?? [])).byteLength).toBe(4096);
  });

  test("large bodies spool to a file, stream back intact, and are removed on release", async () => {
    const capture = await fetchPage(`${server.origin}/big`, { ...fast, spoolThresholdBytes: 1000 });
    const body = capture.exchanges[0]?.body as SpooledPayload;
    expect(body.path).not.toBeNull();
    expect(existsSync(body.path as string)).toBe(true);
    expect(await collect(body.stream())).toEqual(Buffer.alloc(10_000, 7));
    await releaseCapture(capture);
    expect(existsSync(body.path as string)).toBe(false);
  });

  test("robots.txt disallow is honoured, and can be ignored", async () => {
    await expect(fetchPage(`${server.origin}/private/secret`, fast)).rejects.toMatchObject({
      code: "robots-disallowed",
    });
    const capture = await fetchPage(`${server.origin}/private/secret`, {
      ...fast,
      respectRobots: false,
    });
    expect(capture.exchanges[0]?.status).toBe(200);
  });

  test("a page in a legacy encoding keeps its bytes; decoding the charset is extraction's", async () => {
    const capture = await fetchPage(`${server.origin}/koi8`, fast);
    expect(Buffer.from(capture.content)).toEqual(koi8Page);
    expect(await collect(capture.exchanges[0]?.body.stream() ?? [])).toEqual(koi8Page);
    expect(headerValue(capture.headers, "content-type")).toBe("text/html; charset=koi8-r");
    expect(new TextDecoder("koi8-r").decode(capture.content)).toBe("<title>Привет</title>");
  });

  test("a non-HTML response is captured as is", async () => {
    const capture = await fetchPage(`${server.origin}/data.json`, fast);
    expect(headerValue(capture.headers, "content-type")).toBe("application/json");
    expect(new TextDecoder().decode(capture.content)).toBe('{"a":1}');
  });

  test("loopback is refused without allowPrivate", async () => {
    await expect(
      fetchPage(`${server.origin}/page`, { ...fast, allowPrivate: false }),
    ).rejects.toMatchObject({
      code: "private-address",
    });
  });

  test("a redirect from a public-looking host to a private address is refused", async () => {
    const redirect = await startServer({
      "/go": (_q, res) => {
        res.writeHead(302, { Location: `http://internal.test:${server.port}/page` });
        res.end();
      },
    });
    try {
      const fetcher = createFetcher({
        ...fast,
        allowPrivate: false,
        respectRobots: false,
        // news.test stands for a public site; only its name is exempt from the guard.
        allowPrivateHosts: ["news.test"],
        resolver: async () => [{ address: "127.0.0.1", family: 4 }],
      });
      await expect(fetcher.capture(`http://news.test:${redirect.port}/go`)).rejects.toMatchObject({
        code: "private-address",
        value: "internal.test → 127.0.0.1",
      });
      expect(redirect.hits).toEqual(["/go"]);
    } finally {
      await redirect.close();
    }
  });

  test("connects to the address the guard checked, not a second lookup", async () => {
    const asked: string[] = [];
    const capture = await fetchPage(`http://pinned.test:${server.port}/page`, {
      ...fast,
      respectRobots: false,
      // pinned.test exists in no DNS: the capture can only succeed through this answer.
      resolver: async (host) => {
        asked.push(host);
        return [{ address: "127.0.0.1", family: 4 }];
      },
    });
    expect(asked).toEqual(["pinned.test"]);
    expect(capture.exchanges[0]?.ipAddress).toBe("127.0.0.1");
    expect(capture.exchanges[0]?.requestHeaders[0]).toEqual(["host", `pinned.test:${server.port}`]);
  });

  test("an aborted signal stops the capture", async () => {
    const controller = new AbortController();
    const pending = fetchPage(`${server.origin}/stall`, { ...fast, signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toMatchObject({ code: "interrupted" });
  });
});

test("records the HTTP version the server answered with", async () => {
  const { createServer } = await import("node:net");
  const raw = createServer((socket) => {
    socket.once("data", () => {
      socket.end("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<p>old server</p>");
    });
  });
  await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
  const { port } = raw.address() as import("node:net").AddressInfo;
  try {
    const capture = await fetchPage(`http://127.0.0.1:${port}/`, { ...fast, respectRobots: false });
    expect(capture.exchanges[0]?.httpVersion).toBe("HTTP/1.0");
    expect(new TextDecoder().decode(capture.content)).toBe("<p>old server</p>");
    const modern = await fetchPage(`${server.origin}/page`, fast);
    expect(modern.exchanges[0]?.httpVersion).toBe("HTTP/1.1");
  } finally {
    raw.close();
  }
});

test("the total timeout also bounds a connection that never opens", async () => {
  const stuck: FetchOptions = {
    ...fast,
    retries: 0,
    respectRobots: false,
    totalTimeoutMs: 50,
    // A resolver that never answers stands for a connect that hangs.
    resolver: () => new Promise(() => undefined),
  };
  await expect(fetchPage("http://hangs.test/", stuck)).rejects.toMatchObject({
    code: "fetch-timeout",
  });
});
