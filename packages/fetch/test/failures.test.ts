import { readFileSync } from "node:fs";
import { createServer as createHttpsServer } from "node:https";
import { type AddressInfo, createServer as createTcpServer } from "node:net";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createFetcher, type FetchEvent, type FetchOptions, fetchPage } from "../src/index.js";
import { answer, startServer, type TestServer } from "./server.js";

// A failure is retried only when another try can change it, and it is reported as what it is:
// a host that refuses connections is not a robots.txt that forbids the page.

const fast: FetchOptions = {
  allowPrivate: true,
  respectRobots: false,
  retries: 2,
  retryBaseMs: 5,
  retryMaxMs: 20,
  random: () => 0.5,
  delayMs: 0,
};

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

function retriesOf(options: FetchOptions): { options: FetchOptions; retries: string[] } {
  const retries: string[] = [];
  return {
    retries,
    options: {
      ...options,
      onEvent: (event: FetchEvent) => {
        if (event.type === "retry") retries.push(event.reason);
      },
    },
  };
}

let server: TestServer;
beforeAll(async () => {
  server = await startServer({
    "/huge-headers": answer(
      200,
      { "Content-Type": "text/html", "X-Padding": "x".repeat(53_000) },
      "<p>never read</p>",
    ),
    "/404": answer(404, { "Content-Type": "text/html" }, "gone"),
    "/403": answer(403, { "Content-Type": "text/html" }, "no"),
    "/410": answer(410, { "Content-Type": "text/html" }, "gone for good"),
  });
});
afterAll(() => server.close());

describe("retry only what can change", () => {
  test("a header block too large for the client is asked for once, and named", async () => {
    const { options, retries } = retriesOf(fast);
    const before = server.hits.length;
    const error = await fetchPage(`${server.origin}/huge-headers`, options).catch((e) => e);
    expect(error).toMatchObject({
      code: "fetch-failed",
      message: "The response headers are larger than an HTTP client accepts (16 KiB)",
    });
    expect(retries).toEqual([]);
    expect(server.hits.length - before).toBe(1);
  });

  test.each(["/404", "/403", "/410"])("%s is the page's answer: asked for once", async (path) => {
    const { options, retries } = retriesOf(fast);
    const capture = await createFetcher(options).capture(`${server.origin}${path}`);
    expect(capture.exchanges.map((e) => e.status)).toEqual([Number(path.slice(1))]);
    expect(capture.attempts).toBeUndefined();
    expect(retries).toEqual([]);
  });

  test("a TLS certificate the client does not trust is tried once", async () => {
    const cert = readFileSync(new URL("./fixtures/localhost-cert.pem", import.meta.url), "utf8");
    const key = readFileSync(new URL("./fixtures/localhost-key.pem", import.meta.url), "utf8");
    let connections = 0;
    const tls = createHttpsServer({ cert, key }, (_q, res) => res.end("secure"));
    tls.on("connection", () => {
      connections += 1;
    });
    await new Promise<void>((resolve) => tls.listen(0, "127.0.0.1", resolve));
    const { port } = tls.address() as AddressInfo;
    try {
      const { options, retries } = retriesOf({
        ...fast,
        resolver: async () => [{ address: "127.0.0.1", family: 4 }],
      });
      const error = await fetchPage(`https://localhost:${port}/`, options).catch((e) => e);
      expect(error).toMatchObject({ code: "fetch-failed" });
      expect((error as Error).message).toMatch(/^The server's TLS certificate is not valid: /);
      expect(retries).toEqual([]);
      expect(connections).toBe(1);
    } finally {
      tls.closeAllConnections();
      await new Promise<void>((resolve) => tls.close(() => resolve()));
    }
  });

  test("a name that does not exist is looked up once; a resolver that could not answer, again", async () => {
    const lookups: string[] = [];
    const failWith = (code: string) => async (host: string) => {
      lookups.push(host);
      throw Object.assign(new Error(`getaddrinfo ${code} ${host}`), { code });
    };
    const missing = await fetchPage("http://missing.test/", {
      ...fast,
      resolver: failWith("ENOTFOUND"),
    }).catch((e) => e);
    expect(missing).toMatchObject({
      code: "fetch-failed",
      message: "The host name did not resolve",
      value: "missing.test",
    });
    expect(lookups).toEqual(["missing.test"]);
    lookups.length = 0;
    const busy = await fetchPage("http://busy.test/", {
      ...fast,
      resolver: failWith("EAI_AGAIN"),
    }).catch((e) => e);
    expect(busy).toMatchObject({ message: "The host name could not be resolved just now" });
    expect(lookups).toEqual(["busy.test", "busy.test", "busy.test"]);
  });

  test("a refused connection can change (the site restarts): retried", async () => {
    const { options, retries } = retriesOf(fast);
    const port = await closedPort();
    const error = await fetchPage(`http://127.0.0.1:${port}/`, options).catch((e) => e);
    expect(error).toMatchObject({
      code: "fetch-failed",
      message: "The host refused the connection",
    });
    expect(retries).toHaveLength(2);
  });
});

describe("robots.txt that cannot be fetched: the site is not crawled, and the reason is said", () => {
  const polite: FetchOptions = { ...fast, respectRobots: true, retries: 0 };

  test("a host that refuses connections is reported as refusing, not as robots.txt forbidding", async () => {
    const port = await closedPort();
    const error = await fetchPage(`http://127.0.0.1:${port}/news/1`, polite).catch((e) => e);
    expect(error).toMatchObject({
      code: "fetch-failed",
      message: "The host refused the connection",
      value: `http://127.0.0.1:${port}/robots.txt`,
    });
    expect((error as { hint: string }).hint).toContain("RFC 9309");
  });

  test("a host name that does not resolve says so", async () => {
    const error = await fetchPage("http://nowhere.test/news/1", {
      ...polite,
      resolver: async () => {
        throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.test"), {
          code: "ENOTFOUND",
        });
      },
    }).catch((e) => e);
    expect(error).toMatchObject({ code: "fetch-failed", message: "The host name did not resolve" });
  });

  test("a robots.txt that times out is a timeout, and every page of the host gets it once", async () => {
    const stalls = await startServer({
      "/robots.txt": () => undefined, // never answers
      "/a": answer(200, { "Content-Type": "text/html" }, "a"),
      "/b": answer(200, { "Content-Type": "text/html" }, "b"),
    });
    try {
      const fetcher = createFetcher({ ...polite, headersTimeoutMs: 100 });
      const errors = await Promise.all(
        ["/a", "/b"].map((p) => fetcher.capture(`${stalls.origin}${p}`).catch((e) => e)),
      );
      for (const error of errors) {
        expect(error).toMatchObject({
          code: "fetch-timeout",
          message: "Timed out waiting for the response headers",
          value: `${stalls.origin}/robots.txt`,
        });
      }
      expect(stalls.hits).toEqual(["/robots.txt"]);
    } finally {
      await stalls.close();
    }
  });

  test("a robots.txt answering 5xx is robots-unreachable, not robots-disallowed", async () => {
    const failing = await startServer({
      "/robots.txt": answer(503, { "Content-Type": "text/plain" }, "down"),
      "/a": answer(200, { "Content-Type": "text/html" }, "a"),
    });
    try {
      const error = await fetchPage(`${failing.origin}/a`, polite).catch((e) => e);
      expect(error).toMatchObject({
        code: "robots-unreachable",
        message: "robots.txt answered HTTP 503",
        value: `${failing.origin}/robots.txt`,
      });
      expect(failing.hits).toEqual(["/robots.txt"]);
    } finally {
      await failing.close();
    }
  });
});
