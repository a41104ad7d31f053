import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { discoverUrls } from "../../src/index.js";
import {
  discover,
  fetcherFor,
  hrefs,
  loopback,
  redirectTo,
  serve,
  sitemapIndex,
  type TestServer,
  urlset,
  XML,
} from "./helpers.js";

let server: TestServer | undefined;
const startServer = loopback();

const NEWS_IMAGE =
  ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1" xmlns:xhtml="http://www.w3.org/1999/xhtml"';

describe("XML sitemaps", () => {
  test("a urlset gives each <loc> with its lastmod, Google News date and title, and images", async () => {
    server = await startServer({
      "/sitemap.xml": serve(
        XML,
        urlset(
          `<url>
  <loc> https://news.example/2024/05/budget </loc>
  <lastmod>2024-05-02T09:30:00+02:00</lastmod>
  <changefreq>daily</changefreq>
  <xhtml:link rel="alternate" hreflang="de" href="https://news.example/de/budget"/>
  <news:news>
    <news:publication><news:name>The Example</news:name><news:language>en</news:language></news:publication>
    <news:publication_date>2024-05-01</news:publication_date>
    <news:title>Budget &amp; taxes: what changes</news:title>
  </news:news>
  <image:image><image:loc>/img/budget.jpg</image:loc></image:image>
  <image:image><image:loc>https://cdn.example/b2.jpg</image:loc></image:image>
</url>
<url><loc>https://news.example/about</loc></url>`,
          NEWS_IMAGE,
        ),
      ),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/sitemap.xml` }]);
    expect(out.urls).toEqual([
      {
        url: "https://news.example/2024/05/budget",
        source: { kind: "sitemap", location: `${server.origin}/sitemap.xml` },
        lastmod: "2024-05-02T07:30:00Z",
        published: "2024-05-01",
        title: "Budget & taxes: what changes",
        images: [`${server.origin}/img/budget.jpg`, "https://cdn.example/b2.jpg"],
      },
      {
        url: "https://news.example/about",
        source: { kind: "sitemap", location: `${server.origin}/sitemap.xml` },
      },
    ]);
    expect(out.problems).toEqual([]);
  });

  test("an image: prefix nobody declared is still read as the image extension", async () => {
    server = await startServer({
      "/s.xml": serve(
        XML,
        urlset(
          "<url><loc>https://a.example/p</loc><image:image><image:loc>https://a.example/i.png</image:loc></image:image></url>",
        ),
      ),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/s.xml` }]);
    expect(out.urls[0]?.images).toEqual(["https://a.example/i.png"]);
  });

  test("indexes are followed depth first, each sitemap read once, each URL handed on once", async () => {
    server = await startServer({
      "/index.xml": serve(XML, sitemapIndex(["/sub-index.xml", "/c.xml", "/a.xml"])),
      "/sub-index.xml": serve(XML, sitemapIndex(["/a.xml", "/b.xml"])),
      "/a.xml": serve(
        XML,
        urlset(
          "<url><loc>https://s.example/1</loc></url><url><loc>https://s.example/2</loc></url>",
        ),
      ),
      "/b.xml": serve(
        XML,
        urlset(
          "<url><loc>https://s.example/2</loc></url><url><loc>https://s.example/3</loc></url>",
        ),
      ),
      "/c.xml": serve(XML, urlset("<url><loc>https://s.example/4</loc></url>")),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/index.xml` }]);
    expect(hrefs(out)).toEqual([1, 2, 3, 4].map((n) => `https://s.example/${n}`));
    expect(out.urls[2]?.source.location).toBe(`${server.origin}/b.xml`);
    expect(server.hits.filter((h) => h === "/a.xml")).toHaveLength(1);
    expect(out.summary).toMatchObject({ documents: 5, found: 5, emitted: 4, duplicates: 1 });
    expect(out.problems).toEqual([]);
  });

  test("gzip is undone whether it is a .gz file, a Content-Encoding, or both", async () => {
    const body = (n: number) => urlset(`<url><loc>https://g.example/${n}</loc></url>`);
    server = await startServer({
      "/file.xml.gz": serve({ "Content-Type": "application/x-gzip" }, gzipSync(body(1))),
      "/coded.xml": serve({ ...XML, "Content-Encoding": "gzip" }, gzipSync(body(2))),
      "/both.xml.gz": serve(
        { "Content-Type": "application/x-gzip", "Content-Encoding": "gzip" },
        gzipSync(gzipSync(body(3))),
      ),
      "/octet": serve({ "Content-Type": "application/octet-stream" }, gzipSync(body(4))),
    });
    const out = await discover(
      ["/file.xml.gz", "/coded.xml", "/both.xml.gz", "/octet"].map((p) => ({
        kind: "sitemap" as const,
        location: `${server?.origin}${p}`,
      })),
    );
    expect(hrefs(out)).toEqual([1, 2, 3, 4].map((n) => `https://g.example/${n}`));
    expect(out.problems).toEqual([]);
  });

  test("a plain-text sitemap: one URL per line, blank lines and CRLF tolerated", async () => {
    server = await startServer({
      "/sitemap.txt": serve(
        { "Content-Type": "text/plain" },
        "https://t.example/a\r\n\r\nhttps://t.example/b\r\n   https://t.example/c   \n",
      ),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/sitemap.txt` }]);
    expect(hrefs(out)).toEqual(["a", "b", "c"].map((p) => `https://t.example/${p}`));
    expect(out.urls[0]?.source.kind).toBe("sitemap");
  });

  test("an RSS feed given as a sitemap is read as one (search engines accept both)", async () => {
    server = await startServer({
      "/feed": serve(
        { "Content-Type": "application/rss+xml" },
        '<rss version="2.0"><channel><item><link>https://f.example/1</link></item></channel></rss>',
      ),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/feed` }]);
    expect(out.urls).toEqual([
      { url: "https://f.example/1", source: { kind: "feed", location: `${server.origin}/feed` } },
    ]);
  });

  test("relative locations resolve against the URL the sitemap was served from after redirects", async () => {
    server = await startServer({
      "/old.xml": redirectTo(301, "/new/sitemap.xml"),
      "/new/sitemap.xml": serve(XML, urlset("<url><loc>page-1</loc></url>")),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/old.xml` }]);
    expect(out.urls).toEqual([
      {
        url: `${server.origin}/new/page-1`,
        source: { kind: "sitemap", location: `${server.origin}/new/sitemap.xml` },
      },
    ]);
  });
});

describe("a bare site", () => {
  test("reads the sitemaps its robots.txt names, whatever the user-agent groups", async () => {
    server = await startServer({
      "/robots.txt": serve(
        { "Content-Type": "text/plain" },
        "User-agent: *\nDisallow: /private\n\nSitemap: /news.xml\nSitemap: /pages.xml\n",
      ),
      "/news.xml": serve(XML, urlset("<url><loc>https://r.example/news</loc></url>")),
      "/pages.xml": serve(XML, urlset("<url><loc>https://r.example/page</loc></url>")),
    });
    const out = await discover([{ kind: "site", location: server.origin }]);
    expect(hrefs(out)).toEqual(["https://r.example/news", "https://r.example/page"]);
    expect(out.problems).toEqual([]);
    expect(server.hits).not.toContain("/sitemap.xml");
  });

  test("without Sitemap: lines it says so and tries /sitemap.xml", async () => {
    server = await startServer({
      "/robots.txt": serve({ "Content-Type": "text/plain" }, "User-agent: *\nAllow: /\n"),
      "/sitemap.xml": serve(XML, urlset("<url><loc>https://r.example/only</loc></url>")),
    });
    const out = await discover([{ kind: "site", location: `${server.origin}/some/page` }]);
    expect(hrefs(out)).toEqual(["https://r.example/only"]);
    expect(out.problems).toMatchObject([
      {
        code: "robots-no-sitemap",
        severity: "warning",
        source: { kind: "robots", location: `${server.origin}/robots.txt` },
        message: `names no sitemap (fetched); trying ${server.origin}/sitemap.xml`,
      },
    ]);
  });

  test("a site with neither is an error that says both were tried", async () => {
    server = await startServer({});
    const out = await discover([{ kind: "site", location: server.origin }]);
    expect(out.urls).toEqual([]);
    expect(out.codes).toEqual(["robots-no-sitemap", "source-http-status", "no-sitemap"]);
    expect(out.problems[2]?.message).toBe(
      `offers no sitemap: robots.txt names none and ${server.origin}/sitemap.xml answered HTTP 404`,
    );
  });
});

describe("the run", () => {
  test("a stop ends it with `interrupted` after the URLs already handed on; a fetcher's bug is not swallowed", async () => {
    server = await startServer({
      "/a.xml": serve(
        XML,
        urlset(
          "<url><loc>https://s.example/1</loc></url><url><loc>https://s.example/2</loc></url>",
        ),
      ),
      "/b.xml": serve(XML, urlset("<url><loc>https://s.example/3</loc></url>")),
    });
    const stop = new AbortController();
    const seen: string[] = [];
    const run = discoverUrls(
      ["/a.xml", "/b.xml"].map((p) => ({
        kind: "sitemap" as const,
        location: `${server?.origin}${p}`,
      })),
      { fetcher: fetcherFor(), signal: stop.signal },
    );
    await expect(
      (async () => {
        for await (const found of run) {
          seen.push(found.url);
          stop.abort();
        }
      })(),
    ).rejects.toMatchObject({ code: "interrupted" });
    expect(seen).toEqual(["https://s.example/1"]);
    expect(server.hits).not.toContain("/b.xml");

    const broken = discoverUrls([{ kind: "feed", location: "https://x.example/feed" }], {
      fetcher: {
        document: async () => {
          throw new TypeError("a bug in the fetcher");
        },
        robotsSitemaps: async () => ({ sitemaps: [], outcome: "none" }),
      },
    });
    await expect(
      (async () => {
        for await (const _ of broken) void _;
      })(),
    ).rejects.toThrow("a bug in the fetcher");
  });
});
