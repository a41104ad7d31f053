import { createServer } from "node:net";
import { deflateRawSync, gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { describeProblem } from "../../src/index.js";
import {
  discover,
  fetcherFor,
  hrefs,
  loopback,
  type Outcome,
  serve,
  sitemapIndex,
  type TestServer,
  urlset,
  XML,
} from "./helpers.js";

let server: TestServer | undefined;
const startServer = loopback();

const locs = (from: number, to: number) =>
  Array.from(
    { length: to - from + 1 },
    (_, i) => `<url><loc>https://bad.example/${from + i}</loc></url>`,
  ).join("");

/** Every problem prints as one line naming its code. */
function expectOneLineEach(out: Outcome): void {
  for (const p of out.problems) {
    const line = describeProblem(p);
    expect(line).not.toContain("\n");
    expect(line).toContain(p.code);
  }
}

describe("malformed sitemaps keep what was read before the fault", () => {
  test("broken XML: the URLs before the break are kept, the line says where, the index goes on", async () => {
    server = await startServer({
      "/index.xml": serve(XML, sitemapIndex(["/broken.xml", "/fine.xml"])),
      "/broken.xml": serve(
        XML,
        `<?xml version="1.0"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${locs(1, 2)}\n<url><loc>https://bad.example/3</loc></lastmod></url>\n${locs(4, 5)}</urlset>`,
      ),
      "/fine.xml": serve(XML, urlset(locs(6, 6))),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/index.xml` }]);
    // The third entry is whole (its <loc> closed) when the stray </lastmod> breaks the file.
    expect(hrefs(out)).toEqual([1, 2, 3, 6].map((n) => `https://bad.example/${n}`));
    expect(out.problems).toMatchObject([
      {
        code: "xml-malformed",
        severity: "error",
        source: { kind: "sitemap", location: `${server.origin}/broken.xml` },
        message:
          "broken XML at line 4, column 47: unexpected close tag; the 3 URLs read before it are kept",
      },
    ]);
    expectOneLineEach(out);
  });

  test("a file cut off mid-entry keeps every complete entry", async () => {
    server = await startServer({
      "/cut.xml": serve(XML, urlset(locs(1, 3)).slice(0, -40)),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/cut.xml` }]);
    expect(hrefs(out)).toEqual([1, 2].map((n) => `https://bad.example/${n}`));
    expect(out.codes).toEqual(["xml-malformed"]);
  });

  test("an unescaped & and an unknown entity are read past with a warning, not a fault", async () => {
    server = await startServer({
      "/amp.xml": serve(
        XML,
        urlset(
          "<url><loc>https://bad.example/?a=1&b=2</loc></url><url><loc>https://bad.example/&foo;</loc></url><url><loc>https://bad.example/q&amp;a</loc></url>",
        ),
      ),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/amp.xml` }]);
    expect(hrefs(out)).toEqual([
      "https://bad.example/?a=1&b=2",
      "https://bad.example/&foo;",
      "https://bad.example/q&a",
    ]);
    expect(out.problems).toMatchObject([
      {
        code: "xml-repaired",
        severity: "warning",
        message:
          '1 unescaped "&" read as "&amp;", 1 unknown entities or disallowed characters read past',
        example: "line 3: undefined entity.",
      },
    ]);
  });

  test.each([
    [
      "with a doctype",
      "<!DOCTYPE html>\n<html lang=en><head><title>Home</title></head><body>Welcome</body></html>",
    ],
    ["without one", "<html><head><meta charset=utf-8><title>Not found</title></head></html>"],
    [
      "after an XML declaration",
      '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>',
    ],
  ])("HTML served as XML (%s) is named as such", async (_name, html) => {
    server = await startServer({ "/sitemap.xml": serve(XML, html) });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/sitemap.xml` }]);
    expect(out.urls).toEqual([]);
    expect(out.problems).toMatchObject([
      { code: "html-not-xml", severity: "error", message: "is an HTML page, not XML" },
    ]);
  });

  test("XML that is no sitemap names its root", async () => {
    server = await startServer({ "/s.xml": serve(XML, "<catalog><book/></catalog>") });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/s.xml` }]);
    expect(out.problems).toMatchObject([
      { code: "not-a-sitemap", message: "is XML with root <catalog>, not a sitemap or feed" },
    ]);
  });

  test("a text file with no URL on any line is no sitemap", async () => {
    server = await startServer({
      "/s.txt": serve({ "Content-Type": "text/plain" }, "Sorry, this page\nis not available\n"),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/s.txt` }]);
    expect(out.codes).toEqual(["not-a-sitemap", "url-invalid"]);
  });
});

describe("size bounds", () => {
  const bound = { maxDocumentBytes: 1024 * 1024 };

  test("a gzip bomb stops at the bound, keeps the URLs before it, and is named a bomb", async () => {
    const bomb = gzipSync(
      Buffer.concat([
        Buffer.from(urlset(locs(1, 2)).replace("</urlset>", "")),
        Buffer.alloc(64 * 1024 * 1024, 0x20),
        Buffer.from("</urlset>"),
      ]),
    );
    expect(bomb.byteLength).toBeLessThan(100 * 1024);
    server = await startServer({
      "/bomb.xml.gz": serve({ "Content-Type": "application/x-gzip" }, bomb),
      "/coded.xml": serve(
        { ...XML, "Content-Encoding": "deflate" },
        deflateRawSync(Buffer.alloc(8 * 1024 * 1024, 0x20)),
      ),
    });
    const out = await discover(
      [
        { kind: "sitemap", location: `${server.origin}/bomb.xml.gz` },
        { kind: "sitemap", location: `${server.origin}/coded.xml` },
      ],
      bound,
    );
    expect(hrefs(out)).toEqual([1, 2].map((n) => `https://bad.example/${n}`));
    expect(out.problems.map((p) => [p.code, p.source.location])).toEqual([
      ["gzip-bomb", `${server.origin}/bomb.xml.gz`],
      ["gzip-bomb", `${server.origin}/coded.xml`],
    ]);
    expect(out.problems[0]?.message).toMatch(
      /^decompresses to more than 1 MiB.*; the 2 URLs read before it are kept$/,
    );
  });

  test("an uncompressed file over the bound is too large, not a bomb", async () => {
    server = await startServer({
      "/big.xml": serve(XML, urlset(locs(1, 40_000))),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/big.xml` }], bound);
    expect(out.urls.length).toBeGreaterThan(10_000);
    expect(out.urls.length).toBeLessThan(40_000);
    expect(out.codes).toEqual(["source-too-large"]);
  });

  test("damaged gzip is named as such", async () => {
    const gz = gzipSync(urlset(locs(1, 500)));
    gz.fill(0x41, 200, 260);
    server = await startServer({
      "/d.xml.gz": serve({ "Content-Type": "application/x-gzip" }, gz),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/d.xml.gz` }]);
    expect(out.codes).toContain("gzip-damaged");
  });

  test("a body the fetcher cut short is reported as truncated", async () => {
    server = await startServer({ "/long.xml": serve(XML, urlset(locs(1, 2000))) });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/long.xml` }], {
      fetcher: fetcherFor({ maxBytes: 20_000 }),
    });
    expect(out.urls.length).toBeGreaterThan(100);
    expect(out.codes).toEqual(["xml-malformed", "source-truncated"]);
  });

  test("60,000 URLs in one file: all are read, with a warning about the protocol's 50,000", async () => {
    server = await startServer({ "/60k.xml": serve(XML, urlset(locs(1, 60_000))) });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/60k.xml` }]);
    expect(out.urls).toHaveLength(60_000);
    expect(out.urls[59_999]?.url).toBe("https://bad.example/60000");
    expect(out.problems).toMatchObject([
      {
        code: "sitemap-over-limit",
        severity: "warning",
        message: "lists 60,000 entries, over the protocol's 50,000; all were read",
      },
    ]);
  });

  test("huge lines and values are skipped while they stream past; the rest is read", async () => {
    const huge = "x".repeat(3 * 1024 * 1024);
    server = await startServer({
      "/s.txt": serve(
        { "Content-Type": "text/plain" },
        `https://bad.example/1\nhttps://bad.example/${huge}\nhttps://bad.example/3\n${huge}`,
      ),
      "/s.xml": serve(
        XML,
        urlset(
          `${locs(1, 1)}<url><loc>https://bad.example/${huge}</loc></url><url><loc>https://bad.example/3</loc><lastmod>${huge}</lastmod></url>`,
        ),
      ),
    });
    const text = await discover([{ kind: "sitemap", location: `${server.origin}/s.txt` }]);
    expect(hrefs(text)).toEqual(["https://bad.example/1", "https://bad.example/3"]);
    expect(text.problems).toMatchObject([{ code: "line-too-long", count: 2, example: "line 2" }]);
    const xml = await discover([{ kind: "sitemap", location: `${server.origin}/s.xml` }]);
    expect(hrefs(xml)).toEqual(["https://bad.example/1", "https://bad.example/3"]);
    expect(xml.problems).toMatchObject([{ code: "line-too-long", count: 2 }]);
  });
});

describe("indexes that loop", () => {
  test("an index that lists itself is read once and named a loop", async () => {
    server = await startServer({
      "/index.xml": serve(XML, sitemapIndex(["/index.xml", "/a.xml"])),
      "/a.xml": serve(XML, urlset(locs(1, 1))),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/index.xml` }]);
    expect(hrefs(out)).toEqual(["https://bad.example/1"]);
    expect(server.hits.filter((h) => h === "/index.xml")).toHaveLength(1);
    expect(out.problems).toMatchObject([
      { code: "sitemap-loop", severity: "error", message: "lists itself" },
    ]);
  });

  test("a cycle through another index, and one through a redirect, are loops; a sitemap listed twice is not", async () => {
    server = await startServer({
      "/a.xml": serve(XML, sitemapIndex(["/b.xml", "/leaf.xml", "/leaf.xml"])),
      "/b.xml": serve(XML, sitemapIndex(["/a.xml", "/c.xml", "/leaf.xml"])),
      "/c.xml": (_q, res) => {
        res.writeHead(302, { Location: "/b.xml" });
        res.end();
      },
      "/leaf.xml": serve(XML, urlset(locs(1, 1))),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/a.xml` }]);
    expect(hrefs(out)).toEqual(["https://bad.example/1"]);
    expect(out.problems.map((p) => [p.code, p.source.location, p.example])).toEqual([
      ["sitemap-loop", `${server.origin}/b.xml`, `${server.origin}/a.xml`],
      ["sitemap-loop", `${server.origin}/c.xml`, `${server.origin}/b.xml`],
    ]);
    expect(server.hits.filter((h) => h === "/leaf.xml")).toHaveLength(1);
  });

  test("indexes nested past the depth bound stop there", async () => {
    const routes: Record<string, ReturnType<typeof serve>> = {};
    for (let i = 0; i < 4; i += 1)
      routes[`/i${i}.xml`] = serve(XML, sitemapIndex([`/i${i + 1}.xml`]));
    routes["/i4.xml"] = serve(XML, urlset(locs(1, 1)));
    server = await startServer(routes);
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/i0.xml` }], {
      maxDepth: 2,
    });
    expect(out.urls).toEqual([]);
    expect(out.problems).toMatchObject([
      { code: "sitemap-too-deep", source: { location: `${server.origin}/i2.xml` } },
    ]);
  });

  test("more documents than the bound: the rest is not fetched, once said", async () => {
    const routes: Record<string, ReturnType<typeof serve>> = {
      "/index.xml": serve(XML, sitemapIndex(Array.from({ length: 10 }, (_, i) => `/s${i}.xml`))),
    };
    for (let i = 0; i < 10; i += 1) routes[`/s${i}.xml`] = serve(XML, urlset(locs(i, i)));
    server = await startServer(routes);
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/index.xml` }], {
      maxDocuments: 4,
    });
    expect(out.urls).toHaveLength(3);
    expect(out.codes).toEqual(["too-many-documents"]);
  });
});

describe("feeds that are no feeds", () => {
  test.each([
    [
      "an HTML page",
      { "Content-Type": "text/html" },
      "<!doctype html><html><body>Blog</body></html>",
      "html-not-xml",
      "is an HTML page, not XML",
    ],
    [
      "a sitemap",
      XML,
      urlset(locs(1, 1)),
      "not-a-feed",
      "is XML with root <urlset>, not an RSS, RSS 1.0 or Atom feed",
    ],
    [
      "plain text",
      { "Content-Type": "text/plain" },
      "https://bad.example/1\n",
      "not-a-feed",
      "is neither XML nor JSON, so no feed",
    ],
    [
      "JSON that is no JSON Feed",
      { "Content-Type": "application/json" },
      '{"items": []}',
      "not-a-feed",
      "is JSON but not a JSON Feed (no jsonfeed.org version and items)",
    ],
    [
      "broken JSON",
      { "Content-Type": "application/feed+json" },
      '{"version": "https://jsonfeed.org/version/1.1", "items": [',
      "json-malformed",
      undefined,
    ],
    ["an empty body", { "Content-Type": "application/rss+xml" }, "", "not-a-feed", "is empty"],
  ])("%s", async (_name, headers, body, code, message) => {
    server = await startServer({ "/feed": serve(headers as Record<string, string>, body) });
    const out = await discover([{ kind: "feed", location: `${server.origin}/feed` }]);
    expect(out.urls).toEqual([]);
    expect(out.codes).toEqual([code]);
    if (message !== undefined) expect(out.problems[0]?.message).toBe(message);
    expectOneLineEach(out);
  });
});

describe("fetch failures", () => {
  test("an error status and an unreachable server each say what happened; the next source is still read", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as { port: number }).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    server = await startServer({
      "/gone.xml": (_q, res) => {
        res.writeHead(410);
        res.end();
      },
      "/ok.xml": serve(XML, urlset(locs(1, 1))),
    });
    const out = await discover([
      { kind: "sitemap", location: `${server.origin}/gone.xml` },
      { kind: "feed", location: `http://127.0.0.1:${port}/feed` },
      { kind: "sitemap", location: `${server.origin}/ok.xml` },
    ]);
    expect(hrefs(out)).toEqual(["https://bad.example/1"]);
    expect(out.problems.map((p) => [p.code, p.message.slice(0, 21)])).toEqual([
      ["source-http-status", "answered HTTP 410"],
      ["source-unreachable", "could not be fetched:"],
    ]);
    expectOneLineEach(out);
  });
});
