import { brotliCompressSync, deflateRawSync, gzipSync } from "node:zlib";
import { fixedClock } from "@vellum/model";
import { describe, expect, test } from "vitest";
import { contentCodings } from "../src/decode.js";
import {
  backoffDelay,
  decodeStream,
  findCssRequisites,
  findRequisites,
  isPrivateAddress,
  parseRetryAfter,
} from "../src/index.js";
import { addressGuard, resolveGuarded } from "../src/resolve.js";

describe("isPrivateAddress", () => {
  test.each([
    "127.0.0.1",
    "127.8.9.10",
    "10.0.0.1",
    "172.16.5.4",
    "172.31.255.255",
    "192.168.1.1",
    "169.254.169.254",
    "100.64.0.1",
    "0.0.0.0",
    "::1",
    "::",
    "fe80::1",
    "fe80::1%eth0",
    "fc00::1",
    "fd00:ec2::254",
    "::ffff:127.0.0.1",
    "::ffff:a9fe:a9fe",
    "[::1]",
    "not-an-ip",
  ])("%s is refused", (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });
  test.each([
    "8.8.8.8",
    "93.184.216.34",
    "172.32.0.1",
    "100.128.0.1",
    "2606:4700:4700::1111",
    "::ffff:8.8.4.4",
  ])("%s is public", (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe("resolveGuarded", () => {
  const guard = (addresses: string[]) =>
    addressGuard({
      resolver: async () =>
        addresses.map((address) => ({ address, family: address.includes(":") ? 6 : 4 }) as const),
      allowPrivate: false,
      allowPrivateHosts: [],
      allowLinkLocal: false,
    });
  test("refuses a name when any of its addresses is private", async () => {
    await expect(
      resolveGuarded("mixed.test", guard(["93.184.216.34", "10.0.0.7"])),
    ).rejects.toMatchObject({
      code: "private-address",
      value: "mixed.test → 10.0.0.7",
    });
  });
  test("answers the first address of a public name", async () => {
    await expect(
      resolveGuarded("ok.test", guard(["93.184.216.34", "2606:4700::1"])),
    ).resolves.toEqual({
      address: "93.184.216.34",
      family: 4,
    });
  });
  test("checks IP literals without resolving", async () => {
    await expect(resolveGuarded("[::ffff:169.254.169.254]", guard([]))).rejects.toMatchObject({
      code: "private-address",
    });
  });
  test("a name that does not resolve is fetch-failed", async () => {
    const failing = { ...guard([]), resolver: async () => Promise.reject(new Error("ENOTFOUND")) };
    await expect(resolveGuarded("nowhere.test", failing)).rejects.toMatchObject({
      code: "fetch-failed",
    });
  });
});

describe("retries", () => {
  const now = fixedClock("2026-11-25T12:00:00Z").now();
  test("Retry-After as seconds or an HTTP-date", () => {
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Wed, 25 Nov 2026 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("Wed, 25 Nov 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
  test("exponential backoff with jitter, capped, and Retry-After wins when longer", () => {
    const opts = (r: number) => ({ baseMs: 100, maxMs: 1_000, random: () => r });
    expect(backoffDelay(1, null, opts(0))).toBe(50);
    expect(backoffDelay(1, null, opts(0.999))).toBe(100);
    expect(backoffDelay(3, null, opts(0))).toBe(200);
    expect(backoffDelay(10, null, opts(0.5))).toBe(750);
    expect(backoffDelay(1, 600, opts(0))).toBe(600);
    expect(backoffDelay(1, 60_000, opts(0))).toBe(1_000);
  });
});

describe("content codings", () => {
  test("lists codings in the order applied, without identity", () => {
    expect(contentCodings("gzip, br")).toEqual(["gzip", "br"]);
    expect(contentCodings(" Identity ")).toEqual([]);
    expect(contentCodings(null)).toEqual([]);
  });
});

describe("decodeStream", () => {
  async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
    for (let i = 0; i < bytes.byteLength; i += size) yield bytes.subarray(i, i + size);
  }
  async function text(stream: AsyncIterable<Uint8Array>): Promise<string> {
    const chunks: Uint8Array[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    return Buffer.concat(chunks).toString("utf8");
  }
  const body = "<urlset>".concat("<url><loc>https://example.com/a</loc></url>".repeat(2000));

  test.each([
    ["gzip", gzipSync(body)],
    ["x-gzip", gzipSync(body)],
    ["br", brotliCompressSync(body)],
    ["deflate", deflateRawSync(body)],
    ["gzip, br", brotliCompressSync(gzipSync(body))],
    [null, Buffer.from(body)],
  ] as const)("%s in small chunks decodes to the same bytes", async (coding, bytes) => {
    expect(await text(decodeStream(chunked(bytes, 100), coding))).toBe(body);
  });

  test("a reader that stops early stops the source too: a bomb is never inflated whole", async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    let pulled = 0;
    let closed = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (let i = 0; i < bomb.byteLength; i += 1024) {
          pulled += 1024;
          yield bomb.subarray(i, i + 1024);
        }
      } finally {
        closed = true;
      }
    }
    let seen = 0;
    for await (const chunk of decodeStream(source(), "gzip")) {
      seen += chunk.byteLength;
      if (seen > 1024 * 1024) break;
    }
    expect(closed).toBe(true);
    expect(pulled).toBeLessThan(bomb.byteLength);
  });

  test("damaged data and unknown codings throw input-invalid; lenient keeps a cut body", async () => {
    await expect(
      text(decodeStream(chunked(Buffer.from("not gzip at all"), 4), "gzip")),
    ).rejects.toMatchObject({
      code: "input-invalid",
    });
    await expect(
      text(decodeStream(chunked(Buffer.from(body), 4), "compress")),
    ).rejects.toMatchObject({
      code: "input-invalid",
      message: 'Unknown content coding "compress"',
    });
    const cut = gzipSync(body).subarray(0, 300);
    await expect(text(decodeStream(chunked(cut, 50), "gzip"))).rejects.toMatchObject({
      code: "input-invalid",
    });
    expect(
      body.startsWith(await text(decodeStream(chunked(cut, 50), "gzip", { lenient: true }))),
    ).toBe(true);
  });
});

describe("findRequisites", () => {
  test("images, srcset, stylesheets, icons, scripts, preloads and inline styles; not links or data URLs", () => {
    const html = `<html><head><base href="https://cdn.example/assets/">
      <link rel="stylesheet" href="site.css"><link rel="icon" href="/favicon.ico">
      <link rel="preload" as="font" href="f.woff2" crossorigin><link rel="canonical" href="/page">
      <script src="app.js"></script><style>body{background:url('bg.png')}</style></head>
      <body><a href="/other">x</a><img src="a.jpg" srcset="a-1x.jpg 1x, a-2x.jpg 2x">
      <picture><source srcset="b.webp 800w,b-small.webp 400w"><img src="data:image/png;base64,AAAA"></picture>
      <div style="background-image: url(&quot;c.png&quot;)"></div><video poster="p.jpg"></video></body></html>`;
    const found = findRequisites(html, "https://news.example/story");
    expect(
      found.map((r) => `${r.kind} ${r.url.replace("https://cdn.example", "")}`).sort(),
    ).toEqual(
      [
        "font /assets/f.woff2",
        "icon /favicon.ico",
        "image /assets/a-1x.jpg",
        "image /assets/a-2x.jpg",
        "image /assets/a.jpg",
        "image /assets/b-small.webp",
        "image /assets/b.webp",
        "image /assets/bg.png",
        "image /assets/c.png",
        "image /assets/p.jpg",
        "script /assets/app.js",
        "stylesheet /assets/site.css",
      ].sort(),
    );
  });

  test("CSS url() and @import, fonts told apart, comments ignored", () => {
    const css = `@import url("print.css"); @import 'theme.css';
      /* url(old.png) */ @font-face { src: url(fonts/x.woff2) format("woff2"), url('fonts/x.ttf'); }
      .hero { background: url(  hero.jpg  ) } .d { background: url(data:image/gif;base64,R0) }`;
    const found = findCssRequisites(css, "https://news.example/css/main.css");
    expect(found).toEqual([
      { url: "https://news.example/css/print.css", kind: "stylesheet" },
      { url: "https://news.example/css/theme.css", kind: "stylesheet" },
      { url: "https://news.example/css/fonts/x.woff2", kind: "font" },
      { url: "https://news.example/css/fonts/x.ttf", kind: "font" },
      { url: "https://news.example/css/hero.jpg", kind: "image" },
    ]);
  });
});
