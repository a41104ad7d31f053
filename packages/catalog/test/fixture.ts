import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { snapshot } from "@vellum/crawl";
import { countingIds, fixedClock } from "@vellum/model";
import { startServer, type TestServer } from "../../crawl/test/snapshot-helpers.js";

/*
 * A collection for the catalog's tests: every sample served on loopback and captured, a hostile
 * page (script tags, a `javascript:` link and attribute breakouts in its headline, byline and
 * body) and a page captured twice with an edit between the captures.
 */

export const samplesDir = fileURLToPath(new URL("../../../samples/", import.meta.url));
export const samples = readdirSync(samplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

/** What a hostile page tries to inject; the tests look for each of these as live markup. */
export const HOSTILE = {
  headline: `Council "><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2"> budget`,
  author: `Mallory "><svg onload="window.__pwned=3">`,
  authorUrl: "javascript:window.__pwned=4",
  body: `<script>window.__pwned=5</script> The hostile committee approved the zeppelin budget after a long debate about roads and bridges in the district.`,
};

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function hostilePage(): string {
  const ld = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    headline: HOSTILE.headline,
    datePublished: "2025-03-04T09:00:00Z",
    author: { "@type": "Person", name: HOSTILE.author, url: HOSTILE.authorUrl },
  };
  const para = `<p>${esc(HOSTILE.body)}</p>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(HOSTILE.headline)}</title>
<script type="application/ld+json">${JSON.stringify(ld).replace(/</g, "\\u003c")}</script></head>
<body><article><h1>${esc(HOSTILE.headline)}</h1><p class="byline">By <a href="${esc(HOSTILE.authorUrl)}">${esc(HOSTILE.author)}</a></p>
${para}${para.replace("zeppelin", "airship")}<p>${"Members of the public asked about the new library and the river crossing. ".repeat(6)}</p>
<p><a href="javascript:window.__pwned=6">Read more</a></p></article></body></html>`;
}

function changingPage(version: 1 | 2): string {
  const extra =
    version === 1
      ? "The harbour master said the ferry would run twice a day."
      : "The harbour master said the ferry would run four times a day from May.";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ferry timetable announced</title>
<meta name="author" content="Ada Lovelace"><meta property="article:published_time" content="2024-05-02T08:00:00Z"></head>
<body><article><h1>Ferry timetable announced</h1><p>${"The island council published the summer ferry timetable after a long consultation with residents. ".repeat(4)}</p>
<p>${extra}</p><p>${"Tickets go on sale at the quay and online from next week, with discounts for residents. ".repeat(4)}</p></article></body></html>`;
}

export interface Fixture {
  readonly dir: string;
  readonly server: TestServer;
  /** The URL each sample was captured from. */
  readonly urlOf: (sample: string) => string;
  readonly hostileUrl: string;
  readonly changingUrl: string;
}

/** Captures the samples, the hostile page and the changing page (twice) into a new collection. */
export async function buildFixture(): Promise<Fixture> {
  let version: 1 | 2 = 1;
  const routes: Parameters<typeof startServer>[0] = {};
  for (const name of samples) {
    const meta = JSON.parse(readFileSync(join(samplesDir, name, "meta.json"), "utf8")) as {
      headers?: Record<string, string>;
    };
    const body = readFileSync(join(samplesDir, name, "page.html"));
    routes[`/${name}/`] = (_req, res) => {
      res.writeHead(200, meta.headers ?? { "Content-Type": "text/html" });
      res.end(body);
    };
  }
  routes["/hostile/"] = (_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(hostilePage());
  };
  routes["/ferry/"] = (_req, res) => {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(changingPage(version));
  };
  const server = await startServer(routes);
  const dir = join(mkdtempSync(join(tmpdir(), "vellum-catalog-test-")), "news");
  const urls = [
    ...samples.map((n) => `${server.origin}/${n}/`),
    `${server.origin}/hostile/`,
    `${server.origin}/ferry/`,
  ];
  const fetch = { allowPrivate: true, delayMs: 0, retries: 0 };
  await snapshot({
    urls,
    outDir: dir,
    fetch,
    clock: fixedClock("2026-11-25T12:00:00Z", 1000),
    ids: countingIds(),
  });
  version = 2;
  await snapshot({
    urls: [`${server.origin}/ferry/`],
    outDir: dir,
    recapture: true,
    fetch,
    clock: fixedClock("2026-11-26T12:00:00Z", 1000),
    ids: countingIds(1000),
  });
  return {
    dir,
    server,
    urlOf: (sample) => `${server.origin}/${sample}/`,
    hostileUrl: `${server.origin}/hostile/`,
    changingUrl: `${server.origin}/ferry/`,
  };
}
