import iconv from "iconv-lite";
import { describe, expect, test } from "vitest";
import { discover, hrefs, loopback, serve, type TestServer } from "./helpers.js";

let server: TestServer | undefined;
const startServer = loopback();

async function feed(path: string, headers: Record<string, string>, body: string | Buffer) {
  server = await startServer({ [path]: serve(headers, body) });
  return discover([{ kind: "feed", location: `${server.origin}${path}` }]);
}

describe("RSS 2.0", () => {
  test("links, permalink guids, dates in RFC 822, titles with CDATA and HTML entities, images", async () => {
    const out = await feed(
      "/news/rss",
      { "Content-Type": "application/rss+xml" },
      `<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
  <title>Example</title><link>https://rss.example/</link>
  <atom:link rel="self" href="https://rss.example/feed"/>
  <item>
    <title><![CDATA[Rates rise <b>again</b>]]></title>
    <link>https://rss.example/rates</link>
    <guid isPermaLink="false">urn:uuid:1</guid>
    <pubDate>Tue, 10 Jun 2003 04:00:00 EST</pubDate>
    <enclosure url="https://rss.example/rates.jpg" type="image/jpeg" length="1"/>
    <enclosure url="https://rss.example/rates.mp3" type="audio/mpeg" length="1"/>
  </item>
  <item>
    <title>Caf&eacute; opens &#8212; again</title>
    <guid>https://rss.example/cafe</guid>
    <dc:date>2024-02-29T23:00:00-01:00</dc:date>
    <media:group><media:content url="https://rss.example/cafe.png" medium="image"/></media:group>
    <media:thumbnail url="thumb.png"/>
  </item>
  <item><title>Relative</title><link>2024/relative</link><pubDate>Sun, 1 Dec 24 10:00 +0100</pubDate></item>
  <item><title>No link at all</title><guid isPermaLink="false">42</guid></item>
</channel>
</rss>`,
    );
    const location = `${server?.origin}/news/rss`;
    expect(out.urls).toEqual([
      {
        url: "https://rss.example/rates",
        source: { kind: "feed", location },
        published: "2003-06-10T09:00:00Z",
        title: "Rates rise again",
        images: ["https://rss.example/rates.jpg"],
      },
      {
        url: "https://rss.example/cafe",
        source: { kind: "feed", location },
        published: "2024-03-01T00:00:00Z",
        title: "Café opens — again",
        images: ["https://rss.example/cafe.png", `${server?.origin}/news/thumb.png`],
      },
      {
        url: `${server?.origin}/news/2024/relative`,
        source: { kind: "feed", location },
        published: "2024-12-01T09:00:00Z",
        title: "Relative",
      },
    ]);
    expect(out.problems).toMatchObject([
      { code: "url-invalid", severity: "warning", example: "No link at all", count: 1 },
    ]);
  });
});

describe("Atom 1.0", () => {
  test("alternate links resolved against xml:base in scope; published and updated; ids only as a fallback", async () => {
    const out = await feed(
      "/atom.xml",
      { "Content-Type": "application/atom+xml" },
      `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://atom.example/blog/">
  <title>Blog</title>
  <link rel="self" href="/atom.xml"/>
  <entry>
    <id>tag:atom.example,2024:1</id>
    <title type="html">First &lt;em&gt;post&lt;/em&gt;</title>
    <link rel="edit" href="edit/1"/>
    <link href="2024/first"/>
    <link rel="enclosure" type="image/png" href="first.png"/>
    <published>2024-01-05T10:00:00Z</published>
    <updated>2024-01-06T12:00:00.5+01:00</updated>
  </entry>
  <entry xml:base="/other/">
    <id>https://atom.example/ids/2</id>
    <title>Second</title>
    <link rel="alternate" type="text/html" href="second"/>
    <updated>2024-02-01</updated>
  </entry>
  <entry>
    <id>https://atom.example/ids/3</id>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Third <b>one</b></div></title>
    <updated>2024-03-01T00:00:00Z</updated>
  </entry>
  <entry><id>tag:atom.example,2024:4</id><title>No page</title></entry>
</feed>`,
    );
    const source = { kind: "feed", location: `${server?.origin}/atom.xml` };
    expect(out.urls).toEqual([
      {
        url: "https://atom.example/blog/2024/first",
        source,
        lastmod: "2024-01-06T11:00:00Z",
        published: "2024-01-05T10:00:00Z",
        title: "First post",
        images: ["https://atom.example/blog/first.png"],
      },
      { url: "https://atom.example/other/second", source, lastmod: "2024-02-01", title: "Second" },
      {
        url: "https://atom.example/ids/3",
        source,
        lastmod: "2024-03-01T00:00:00Z",
        title: "Third one",
      },
    ]);
    expect(out.codes).toEqual(["url-invalid"]);
  });
});

describe("RSS 1.0 (RDF)", () => {
  test("items beside the channel, rdf:about as a fallback, Dublin Core dates", async () => {
    const out = await feed(
      "/index.rdf",
      { "Content-Type": "application/rdf+xml" },
      `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/"><title>RDF</title><link>https://rdf.example/</link></channel>
  <item rdf:about="https://rdf.example/1"><title>One</title><link>https://rdf.example/one</link><dc:date>2024-04-01T08:00:00+00:00</dc:date></item>
  <item rdf:about="https://rdf.example/2"><title>Two</title></item>
</rdf:RDF>`,
    );
    expect(hrefs(out)).toEqual(["https://rdf.example/one", "https://rdf.example/2"]);
    expect(out.urls[0]).toMatchObject({ published: "2024-04-01T08:00:00Z", title: "One" });
  });
});

describe("JSON Feed", () => {
  test("1.1 items: url (else a URL id), dates, image, banner and image attachments", async () => {
    const out = await feed(
      "/feed.json",
      { "Content-Type": "application/feed+json" },
      JSON.stringify({
        version: "https://jsonfeed.org/version/1.1",
        title: "J",
        items: [
          {
            id: "1",
            url: "https://json.example/one",
            title: "One",
            date_published: "2024-05-01T10:00:00-04:00",
            date_modified: "2024-05-02T10:00:00Z",
            image: "/one.jpg",
            attachments: [
              { url: "https://json.example/one.mp3", mime_type: "audio/mpeg" },
              { url: "https://json.example/one-b.png", mime_type: "image/png" },
            ],
          },
          { id: "https://json.example/two", content_text: "no url field" },
          { id: "3", content_text: "nothing to capture" },
        ],
      }),
    );
    const source = { kind: "feed", location: `${server?.origin}/feed.json` };
    expect(out.urls).toEqual([
      {
        url: "https://json.example/one",
        source,
        lastmod: "2024-05-02T10:00:00Z",
        published: "2024-05-01T14:00:00Z",
        title: "One",
        images: [`${server?.origin}/one.jpg`, "https://json.example/one-b.png"],
      },
      { url: "https://json.example/two", source },
    ]);
    expect(out.codes).toEqual(["url-invalid"]);
  });
});

describe("encodings", () => {
  const rss = (title: string, encoding = "") =>
    `<?xml version="1.0"${encoding === "" ? "" : ` encoding="${encoding}"`}?><rss version="2.0"><channel><item><title>${title}</title><link>https://enc.example/${title}</link></item></channel></rss>`;

  test("the XML declaration's legacy encoding", async () => {
    const out = await feed(
      "/latin1",
      { "Content-Type": "application/rss+xml" },
      iconv.encode(rss("déjà-vu", "ISO-8859-1"), "latin1"),
    );
    expect(out.urls[0]).toMatchObject({
      title: "déjà-vu",
      url: "https://enc.example/d%C3%A9j%C3%A0-vu",
    });
    expect(out.problems).toEqual([]);
  });

  test("the HTTP charset outranks the declaration (RFC 7303)", async () => {
    const out = await feed(
      "/cp1251",
      { "Content-Type": "text/xml; charset=windows-1251" },
      iconv.encode(rss("Новости", "UTF-8"), "win1251"),
    );
    expect(out.urls[0]?.title).toBe("Новости");
  });

  test("a byte order mark outranks both: UTF-16LE", async () => {
    const out = await feed(
      "/utf16",
      { "Content-Type": "text/xml; charset=iso-8859-1" },
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rss("日本語", "UTF-16"), "utf16le")]),
    );
    expect(out.urls[0]?.title).toBe("日本語");
  });

  test("UTF-8 bytes under a legacy label are read as UTF-8, and it says so", async () => {
    const out = await feed(
      "/mislabelled",
      { "Content-Type": "application/rss+xml" },
      Buffer.from(rss("Zürich", "ISO-8859-1"), "utf8"),
    );
    expect(out.urls[0]?.title).toBe("Zürich");
    expect(out.problems).toMatchObject([{ code: "encoding-mismatch", severity: "warning" }]);
  });

  test("Latin-1 bytes under UTF-8 are read as windows-1252, not as U+FFFD, and it says so", async () => {
    const out = await feed(
      "/broken-utf8",
      { "Content-Type": "application/rss+xml; charset=utf-8" },
      Buffer.concat(
        rss("CAFE", "UTF-8")
          .split("CAFE")
          .flatMap((piece, i) => [
            ...(i === 0 ? [] : [Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2d, 0x80])]), // "café-€" in windows-1252
            Buffer.from(piece, "latin1"),
          ]),
      ),
    );
    expect(out.urls[0]).toMatchObject({
      title: "café-€",
      url: "https://enc.example/caf%C3%A9-%E2%82%AC",
    });
    expect(out.problems).toMatchObject([
      { code: "encoding-invalid", message: "4 bytes are not valid UTF-8; read as windows-1252" },
    ]);
  });

  test("an encoding nobody knows is read as UTF-8, with a warning naming the label", async () => {
    const out = await feed(
      "/unknown",
      { "Content-Type": "application/rss+xml" },
      Buffer.from(rss("ok", "x-klingon-8"), "utf8"),
    );
    expect(hrefs(out)).toEqual(["https://enc.example/ok"]);
    expect(out.problems).toMatchObject([{ code: "encoding-unknown", example: "x-klingon-8" }]);
  });
});
