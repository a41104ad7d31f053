import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import { snapshot } from "@vellum/crawl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { answer, startServer, type TestServer } from "../../../test/support/route-server.js";
import { collectionSource, runAudit } from "../src/index.js";

/** A PNG of this size: signature, IHDR, IEND (no pixels are needed to know the size). */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", ihdr),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** An article whose JSON-LD names its lead image by URL only, and shows it as an <img>. */
function article(origin: string, path: string, image: string, extra = ""): string {
  const url = `${origin}${path}`;
  const jsonld = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "@id": `${url}#article`,
    mainEntityOfPage: url,
    headline: "Harbour wall repaired before the winter storms",
    datePublished: "2024-05-02T08:00:00+02:00",
    dateModified: "2024-05-02T09:00:00+02:00",
    image: `${origin}${image}`,
    author: { "@type": "Person", name: "Ann Lee", url: `${origin}/authors/ann-lee` },
    publisher: { "@type": "NewsMediaOrganization", name: "Harbour Times", url: `${origin}/` },
  };
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Harbour wall repaired before the winter storms</title>
<script type="application/ld+json">${JSON.stringify(jsonld).replaceAll("/", "\\/")}</script>
</head><body><article>
<h1>Harbour wall repaired before the winter storms</h1>
<p class="byline">By <a rel="author" href="/authors/ann-lee">Ann Lee</a></p>
<time datetime="2024-05-02T08:00:00+02:00">2 May 2024</time>
<img src="${image}" alt="The harbour wall">${extra}
<p>The harbour wall that the February storms broke open has been mended, the council said, and the boats that sheltered in the river mouth all spring can come back to their moorings.</p>
<p>Masons worked through the low tides of April to rebuild forty metres of the wall with the stone that the sea had thrown onto the quay, and the road behind it opened again on Monday.</p>
</article></body></html>`;
}

const HTML = { "Content-Type": "text/html; charset=utf-8" };

let server: TestServer;
let dir: string;
let report: {
  pages: Array<{ url: string; findings: Array<{ rule: string; path: string; message: string }> }>;
};

beforeAll(async () => {
  let origin = "";
  server = await startServer({
    "/robots.txt": answer(200, { "Content-Type": "text/plain" }, "User-agent: *\nAllow: /\n"),
    "/news/small": (req, res) =>
      answer(200, HTML, article(origin, "/news/small", "/img/small.png"))(req, res),
    "/news/narrow": (req, res) =>
      answer(200, HTML, article(origin, "/news/narrow", "/img/narrow.png"))(req, res),
    "/news/large": (req, res) =>
      answer(200, HTML, article(origin, "/news/large", "/img/large.png"))(req, res),
    // The image is named but was not captured (no <img>): nothing is known of its size.
    "/news/unread": (req, res) =>
      answer(
        200,
        HTML,
        article(origin, "/news/unread", "/img/elsewhere.png").replace(/<img[^>]*>/, ""),
      )(req, res),
    // An image whose bytes are no image: the markup alone judges it.
    "/news/broken": (req, res) =>
      answer(200, HTML, article(origin, "/news/broken", "/img/broken.png"))(req, res),
    "/img/small.png": answer(200, { "Content-Type": "image/png" }, png(200, 150)),
    "/img/narrow.png": answer(200, { "Content-Type": "image/png" }, png(800, 600)),
    "/img/large.png": answer(200, { "Content-Type": "image/png" }, png(1600, 900)),
    "/img/elsewhere.png": answer(200, { "Content-Type": "image/png" }, png(100, 100)),
    "/img/broken.png": answer(200, { "Content-Type": "image/png" }, "not a picture"),
  });
  origin = server.origin;
  dir = await mkdtemp(join(tmpdir(), "vellum-audit-images-"));
  await snapshot({
    urls: ["small", "narrow", "large", "unread", "broken"].map((p) => `${origin}/news/${p}`),
    outDir: join(dir, "snap"),
    requisites: true,
    fetch: { allowPrivate: true, delayMs: 0 },
  });
  await runAudit({
    source: collectionSource(join(dir, "snap")),
    sourceLabel: "collection",
    outDir: join(dir, "report"),
    workers: 0,
  });
  report = JSON.parse(await readFile(join(dir, "report", "audit.json"), "utf8"));
}, 120_000);

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const imageFindings = (path: string) =>
  report.pages
    .find((p) => new URL(p.url).pathname === path)
    ?.findings.filter((f) => f.rule.startsWith("image-"))
    .map((f) => `${f.rule} ${f.path} ${f.message}`);

describe("an audit of a collection reads the sizes of the images captured with the pages", () => {
  it("an image under 50,000 pixels is too small, by its own bytes", () => {
    expect(imageFindings("/news/small")).toEqual([
      "image-too-small $.image the image is 200×150 (image file): under Google's 50,000 pixels",
    ]);
  });

  it("an image under 1,200 pixels wide is narrow; a large one passes", () => {
    expect(imageFindings("/news/narrow")).toEqual([
      "image-narrow $.image the image is 800 pixels wide (image file); Google recommends at least 1200",
    ]);
    expect(imageFindings("/news/large")).toEqual([]);
  });

  it("an image that was not captured, or is no image, is judged by the markup alone", () => {
    expect(imageFindings("/news/unread")).toEqual([]);
    expect(imageFindings("/news/broken")).toEqual([]);
  });
});
