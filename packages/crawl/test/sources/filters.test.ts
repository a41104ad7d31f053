import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, test } from "vitest";
import { parseSourceDate, siteOf } from "../../src/index.js";
import type { DateSpan } from "../../src/sources/dates.js";
import {
  discover,
  fetcherFor,
  hrefs,
  loopback,
  serve,
  sitemapIndex,
  type TestServer,
  urlset,
  XML,
} from "./helpers.js";

let server: TestServer | undefined;
const startServer = loopback();

function day(text: string): DateSpan {
  const span = parseSourceDate(text);
  if (span === null) throw new Error(text);
  return span;
}

const DATED = urlset(
  `
<url><loc>https://d.example/old</loc><lastmod>2023-12-31T23:59:59Z</lastmod></url>
<url><loc>https://d.example/new-year</loc><lastmod>2024-01-01</lastmod></url>
<url><loc>https://d.example/mid</loc><lastmod>2024-03-15T12:00:00+01:00</lastmod></url>
<url><loc>https://d.example/news-only</loc><news:news><news:publication_date>2024-06-01T08:00:00Z</news:publication_date></news:news></url>
<url><loc>https://d.example/undated</loc></url>
<url><loc>https://d.example/modified-late</loc><lastmod>2024-12-01</lastmod><news:news><news:publication_date>2024-01-02</news:publication_date></news:news></url>
`,
  ' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"',
);

describe("dates", () => {
  test("--since/--until compare lastmod, else the published date; a day counts whole; undated pages are kept", async () => {
    server = await startServer({ "/s.xml": serve(XML, DATED) });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/s.xml` }], {
      filters: { since: day("2024-01-01"), until: day("2024-06-01") },
    });
    expect(hrefs(out)).toEqual([
      "https://d.example/new-year",
      "https://d.example/mid",
      "https://d.example/news-only",
      "https://d.example/undated",
    ]);
    expect(out.summary.filtered.date).toBe(2);
    expect(out.summary.undated).toBe(1);
  });

  test("instant bounds cut within a day; a date-only entry on that day stays", async () => {
    server = await startServer({ "/s.xml": serve(XML, DATED) });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/s.xml` }], {
      filters: { since: day("2024-01-01T12:00:00Z"), until: day("2024-03-15T10:59:59Z") },
    });
    // "mid" is 11:00 UTC on the 15th, a second after the bound.
    expect(hrefs(out)).toEqual(["https://d.example/new-year", "https://d.example/undated"]);
  });

  test("sitemaps whose own lastmod is before --since are not fetched", async () => {
    server = await startServer({
      "/index.xml": serve(
        XML,
        `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>/2019.xml</loc><lastmod>2019-12-31</lastmod></sitemap>
<sitemap><loc>/2024.xml</loc><lastmod>2024-05-01T00:00:00Z</lastmod></sitemap>
<sitemap><loc>/undated.xml</loc></sitemap>
</sitemapindex>`,
      ),
      "/2019.xml": serve(XML, urlset("<url><loc>https://d.example/2019</loc></url>")),
      "/2024.xml": serve(XML, urlset("<url><loc>https://d.example/2024</loc></url>")),
      "/undated.xml": serve(XML, urlset("<url><loc>https://d.example/u</loc></url>")),
    });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/index.xml` }], {
      filters: { since: day("2024-01-01") },
    });
    expect(hrefs(out)).toEqual(["https://d.example/2024", "https://d.example/u"]);
    expect(server.hits).not.toContain("/2019.xml");
  });
});

describe("patterns, scope and limit", () => {
  const MIXED = urlset(
    [
      "https://www.paper.co.uk/news/1",
      "https://www.paper.co.uk/sport/2",
      "https://live.paper.co.uk/news/3",
      "https://paper.com/news/4",
      "https://a.github.io/news/5",
      "https://www.paper.co.uk/news/6?print=1",
    ]
      .map((u) => `<url><loc>${u}</loc></url>`)
      .join(""),
  );

  test("--match keeps URLs matching any pattern, --exclude drops those matching any", async () => {
    server = await startServer({ "/s.xml": serve(XML, MIXED) });
    const out = await discover([{ kind: "sitemap", location: `${server.origin}/s.xml` }], {
      filters: { match: [/\/news\//, /\/sport\//], exclude: [/[?&]print=/, /github\.io/] },
    });
    expect(hrefs(out)).toEqual([
      "https://www.paper.co.uk/news/1",
      "https://www.paper.co.uk/sport/2",
      "https://live.paper.co.uk/news/3",
      "https://paper.com/news/4",
    ]);
    expect(out.summary.filtered).toMatchObject({ match: 0, exclude: 2 });
  });

  test("same-site keeps the registrable domain of the named source (public suffix list); same-host the host", () => {
    expect(siteOf("www.paper.co.uk")).toBe("paper.co.uk");
    expect(siteOf("live.paper.co.uk")).toBe("paper.co.uk");
    expect(siteOf("a.github.io")).toBe("a.github.io");
    expect(siteOf("127.0.0.1")).toBe("127.0.0.1");
    expect(siteOf("LOCALHOST")).toBe("localhost");
  });

  test("scope is judged against the source the user named, even through an index on another host", async () => {
    let port = 0;
    server = await startServer({
      "/index.xml": (_q, res) => {
        res.writeHead(200, XML);
        res.end(sitemapIndex([`http://sitemaps.cdn.example:${port}/s.xml`]));
      },
      "/s.xml": serve(XML, MIXED),
    });
    port = server.port;
    // Every name is this loopback server.
    const fetcher = () =>
      fetcherFor({ resolver: async () => [{ address: "127.0.0.1", family: 4 }] });
    const named = [
      { kind: "sitemap" as const, location: `http://www.paper.co.uk:${port}/index.xml` },
    ];
    const sameSite = await discover(named, { filters: { scope: "same-site" }, fetcher: fetcher() });
    expect(hrefs(sameSite)).toEqual([
      "https://www.paper.co.uk/news/1",
      "https://www.paper.co.uk/sport/2",
      "https://live.paper.co.uk/news/3",
      "https://www.paper.co.uk/news/6?print=1",
    ]);
    expect(sameSite.summary.filtered.scope).toBe(2);
    const sameHost = await discover(named, { filters: { scope: "same-host" }, fetcher: fetcher() });
    expect(hrefs(sameHost)).toEqual([
      "https://www.paper.co.uk/news/1",
      "https://www.paper.co.uk/sport/2",
      "https://www.paper.co.uk/news/6?print=1",
    ]);
  });

  test("--limit stops the run: no further sitemap is fetched", async () => {
    server = await startServer({
      "/a.xml": serve(
        XML,
        urlset(
          "<url><loc>https://l.example/1</loc></url><url><loc>https://l.example/2</loc></url><url><loc>https://l.example/3</loc></url>",
        ),
      ),
      "/b.xml": serve(XML, urlset("<url><loc>https://l.example/4</loc></url>")),
    });
    const out = await discover(
      [
        { kind: "sitemap", location: `${server.origin}/a.xml` },
        { kind: "sitemap", location: `${server.origin}/b.xml` },
      ],
      { filters: { limit: 2 } },
    );
    expect(hrefs(out)).toEqual(["https://l.example/1", "https://l.example/2"]);
    expect(out.summary.limited).toBe(true);
    expect(server.hits).not.toContain("/b.xml");
  });
});

describe("URLs and lists", () => {
  test("URLs given directly and list files (comments, blanks, gzip) pass the same filters, once each", async () => {
    const dir = await mkdtemp(join(tmpdir(), "vellum-list-"));
    try {
      const list = join(dir, "urls.txt");
      await writeFile(
        list,
        "# my list\nhttps://x.example/a\n\n  https://x.example/b  \nnot a url\nhttps://other.example/c\nhttps://x.example/a\n",
      );
      const gzipped = join(dir, "more.txt.gz");
      await writeFile(gzipped, gzipSync("https://x.example/z\n"));
      const out = await discover(
        [
          { kind: "url", location: "https://x.example/a#section" },
          { kind: "list", location: list },
          { kind: "list", location: gzipped },
          { kind: "list", location: join(dir, "missing.txt") },
        ],
        { filters: { exclude: [/other\.example/], scope: "same-site" } },
      );
      expect(out.urls).toEqual([
        { url: "https://x.example/a", source: { kind: "url", location: "https://x.example/a" } },
        { url: "https://x.example/b", source: { kind: "list", location: list } },
        { url: "https://x.example/z", source: { kind: "list", location: gzipped } },
      ]);
      expect(out.summary).toMatchObject({ duplicates: 2, filtered: { exclude: 1, scope: 0 } });
      expect(out.codes).toEqual(["url-invalid", "list-unreadable"]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
