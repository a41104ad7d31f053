/**
 * Serve bench: the catalog (`vellum serve`) over a collection of 10,000 captured articles (the
 * crawl bench's loopback site, captured by the engine), beside a peer in the same run: a bare
 * node:http server over a plain SQLite FTS5 table of the same articles (no facets, no pages, no
 * escaping) and streaming the same WARC bytes as they are. Measures indexing (articles/s), search
 * and article pages under autocannon (requests/s and latency percentiles: the same 8 searches
 * again and again, their first 40 pages, and 300 different searches that no cache holds), and
 * WACZ downloads of a ~1 GiB result and of the whole ~1 GiB collection (MB/s and the server's
 * peak RSS, sampled from /proc while it streams).
 * `pnpm bench serve [--pages 10000] [--duration 10] [--connections 8] [--wacz-mb 1024]
 * [--collection DIR]` (an existing collection is read, never written: its index goes to a copy).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Catalog } from "@vellum/catalog";
import { Collection, snapshot } from "@vellum/crawl";
import autocannon from "autocannon";
import Database from "better-sqlite3";
import { BUILT_VELLUM, ensureBuilt } from "../lib/built-cli.js";
import { printTable } from "../lib/table.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const SITE = fileURLToPath(new URL("./crawl-site.ts", import.meta.url));
const CHILD = fileURLToPath(new URL("./serve-child.ts", import.meta.url));
const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const PAGES = Number(value("pages")) || 10_000;
const DURATION = Number(value("duration")) || 10;
const CONNECTIONS = Number(value("connections")) || 8;
const WACZ_MB = Number(value("wacz-mb")) || 1024;
const GIVEN = value("collection");

function spawnJson(
  argv: string[],
): Promise<{ child: ChildProcess; first: Record<string, number> }> {
  const child = spawn(process.execPath, ["--import", "tsx", ...argv], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    child.stdout
      ?.setEncoding("utf8")
      .once("data", (line: string) =>
        resolve({ child, first: JSON.parse(line.split("\n")[0] as string) }),
      );
    child.once("exit", (code) => reject(new Error(`${argv[0]} exited (${code})`)));
  });
}

function waitExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => child.once("close", () => resolve()));
}

/** The crawl bench's site captured into `out` by the built `vellum snapshot`, as the crawl bench does. */
async function captureSite(out: string, pages: number): Promise<void> {
  ensureBuilt("bench serve");
  const site = await spawnJson([SITE, "--pages", String(pages), "--hosts", "100"]);
  try {
    const run = spawn(
      process.execPath,
      [
        BUILT_VELLUM,
        ...["snapshot", "--sitemap", `http://127.0.1.1:${site.first.port}/sitemap-index.xml`],
        ...[
          "--out",
          out,
          "--allow-private",
          "--delay",
          "0",
          "--concurrency",
          "16",
          "--retries",
          "0",
        ],
      ],
      { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] },
    );
    await waitExit(run);
  } finally {
    site.child.kill("SIGTERM");
  }
}

/** `pages` small articles each using one incompressible 1 MiB image: a ~`pages` MiB collection. */
async function captureBig(out: string, pages: number): Promise<void> {
  const image = randomBytes(1024 * 1024);
  const server = createServer((req, res) => {
    const m = /^\/(p|img)\/(\d+)/.exec(req.url ?? "");
    if (m?.[1] === "img") {
      res.writeHead(200, { "Content-Type": "image/jpeg" });
      // Each image differs in its first bytes, so none is stored as a revisit of another.
      res.end(Buffer.concat([Buffer.from(`${m[2]}`.padEnd(16, "-")), image.subarray(16)]));
    } else if (m?.[1] === "p") {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(
        `<!doctype html><html lang="en"><head><title>Photo story ${m[2]}</title></head><body><article><h1>Photo story ${m[2]}</h1><img src="/img/${m[2]}.jpg"><p>${"The photographer walked along the harbour at dawn to record the boats. ".repeat(6)}</p></article></body></html>`,
      );
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  try {
    await snapshot({
      urls: Array.from({ length: pages }, (_, i) => `http://127.0.0.1:${port}/p/${i}`),
      outDir: out,
      requisites: true,
      fetch: { allowPrivate: true, delayMs: 0, retries: 0, concurrency: 8, perHostConcurrency: 8 },
    });
  } finally {
    server.close();
  }
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return Number(m?.[1] ?? 0) / 1024;
}

/** Streams a download to nowhere; answers MB/s and the server's peak RSS while it ran. */
async function download(
  url: string,
  pid: number,
): Promise<{ mb: number; mbps: number; peakRss: number; startRss: number }> {
  const startRss = rssMb(pid);
  let peakRss = startRss;
  const timer = setInterval(() => {
    peakRss = Math.max(peakRss, rssMb(pid));
  }, 50);
  const started = performance.now();
  let bytes = 0;
  try {
    const response = await fetch(url);
    if (!response.ok || response.body === null) throw new Error(`${url}: HTTP ${response.status}`);
    for await (const chunk of response.body) bytes += (chunk as Uint8Array).byteLength;
  } finally {
    clearInterval(timer);
  }
  const seconds = (performance.now() - started) / 1000;
  const mb = bytes / 1e6;
  return { mb, mbps: mb / seconds, peakRss, startRss };
}

async function load(port: number, paths: readonly string[]) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration: DURATION,
    requests: paths.map((path) => ({ method: "GET", path })),
  });
  const l = result.latency as unknown as Record<string, number>;
  return {
    rps: result.requests.average,
    p50: l.p50 ?? 0,
    p90: l.p90 ?? 0,
    p97: l.p97_5 ?? 0,
    p99: l.p99 ?? 0,
    errors: result.errors + result.non2xx,
  };
}

const work = await mkdtemp(join(tmpdir(), "vellum-bench-serve-"));
const children: ChildProcess[] = [];
try {
  // 1. The collection (a copy when one is given: the index is written beside it).
  const dir = join(work, "news");
  if (GIVEN !== undefined) cpSync(GIVEN, dir, { recursive: true });
  else await captureSite(dir, PAGES);

  // 2. Indexing: the catalog's index against a bare FTS5 insert of the same articles.
  let started = performance.now();
  const catalog = Catalog.open({ dirs: [dir] });
  while (!catalog.sync(500)) {}
  const indexSeconds = (performance.now() - started) / 1000;
  const articles = catalog.size;
  const name = catalog.collections[0]?.name ?? "news";
  const slugs: string[] = [];
  for (const { docs } of catalog.resultDocs(Catalog.browse())) {
    for (const d of docs) if (slugs.length < 500) slugs.push(d.slug);
  }
  catalog.close();
  const peerDb = join(work, "peer.db");
  started = performance.now();
  const db = new Database(peerDb);
  db.exec("CREATE VIRTUAL TABLE fts USING fts5(headline, body)");
  const insert = db.prepare("INSERT INTO fts (rowid, headline, body) VALUES (?, ?, ?)");
  const collection = Collection.open(dir, { create: false });
  const latest = new Map<number, { headline: string; body: string }>();
  for (const a of collection.articles())
    latest.set(a.urlId, { headline: a.headline ?? "", body: a.bodyText });
  db.transaction(() => {
    for (const [id, a] of latest) insert.run(id, a.headline, a.body);
  })();
  collection.close();
  db.close();
  const peerIndexSeconds = (performance.now() - started) / 1000;

  // 3. Search and article pages under load, each server in its own process.
  const vellum = await spawnJson([CHILD, "vellum", dir]);
  children.push(vellum.child);
  const peer = await spawnJson([CHILD, "peer", dir, peerDb]);
  children.push(peer.child);
  const words = [
    "council",
    "harbour museum",
    '"river school"',
    "ferry",
    "minister report",
    "tram",
    "winter festival",
    "students",
  ];
  const searches = words.map((w) => `/api/search?q=${encodeURIComponent(w)}`);
  const pagesSearch = words.map((w) => `/?q=${encodeURIComponent(w)}`);
  // Cold: 300 different two-word searches in turn, more than the catalog keeps, so every one is
  // matched, counted and sorted afresh. Paged: the eight searches' first 40 pages (the hits kept,
  // each page's snippets made).
  const vocabulary =
    "council budget harbour museum library river school bridge market station mayor citizens plan road ferry storm festival archive minister report tram winter summer students doctors".split(
      " ",
    );
  const cold = vocabulary.flatMap((a, i) =>
    vocabulary.slice(i + 1).map((b) => `/api/search?q=${encodeURIComponent(`${a} ${b}`)}`),
  );
  const paged = Array.from({ length: 40 }, (_, p) =>
    searches.map((s) => `${s}&page=${p + 1}`),
  ).flat();
  const vSearch = await load(vellum.first.port as number, searches);
  const vSearchPage = await load(vellum.first.port as number, pagesSearch);
  const vPaged = await load(vellum.first.port as number, paged);
  const vCold = await load(vellum.first.port as number, cold);
  const pSearch = await load(peer.first.port as number, searches);
  const pCold = await load(peer.first.port as number, cold);
  const vArticle = await load(
    vellum.first.port as number,
    slugs.slice(0, 200).map((s) => `/c/${name}/${s}`),
  );

  printTable(
    ["what", "articles", "seconds", "articles/s"],
    [
      [
        "vellum index (FTS5 + facets + authors)",
        String(articles),
        indexSeconds.toFixed(1),
        (articles / indexSeconds).toFixed(0),
      ],
      [
        "peer: bare FTS5 insert",
        String(latest.size),
        peerIndexSeconds.toFixed(1),
        (latest.size / peerIndexSeconds).toFixed(0),
      ],
    ],
  );
  console.log("");
  const row = (label: string, r: Awaited<ReturnType<typeof load>>) => [
    label,
    r.rps.toFixed(0),
    String(r.p50),
    String(r.p90),
    String(r.p97),
    String(r.p99),
    String(r.errors),
  ];
  printTable(
    [
      `load (autocannon, ${CONNECTIONS} connections, ${DURATION} s)`,
      "req/s",
      "p50 ms",
      "p90 ms",
      "p97.5 ms",
      "p99 ms",
      "errors",
    ],
    [
      row("vellum /api/search, 8 searches again and again", vSearch),
      row("vellum search page (HTML), the same 8", vSearchPage),
      row("vellum /api/search, their pages 1-40", vPaged),
      row("vellum /api/search, 300 searches (cold)", vCold),
      row("peer: bare FTS5 top 20 + count, the 8", pSearch),
      row("peer: bare FTS5 top 20 + count, the 300", pCold),
      row("vellum article page", vArticle),
    ],
  );
  console.log(
    `\nsearch req/s vellum / peer: ${(vSearch.rps / pSearch.rps).toFixed(2)}x (the 8), ${(vCold.rps / pCold.rps).toFixed(2)}x (cold); index articles/s vellum / peer: ${(articles / indexSeconds / (latest.size / peerIndexSeconds)).toFixed(2)}x`,
  );
  for (const c of children.splice(0)) c.kill("SIGTERM");

  // 4. A ~1 GiB WACZ download, streamed, against the same bytes streamed as they are.
  const big = join(work, "photos");
  await captureBig(big, WACZ_MB);
  const vBig = await spawnJson([CHILD, "vellum", big]);
  children.push(vBig.child);
  const pBig = await spawnJson([CHILD, "peer", big, peerDb]);
  children.push(pBig.child);
  // Let the catalog index the collection before the download (it does so on start).
  await fetch(`http://127.0.0.1:${vBig.first.port}/api/search`);
  for (let i = 0; i < 600; i += 1) {
    const body = (await (await fetch(`http://127.0.0.1:${vBig.first.port}/api/search`)).json()) as {
      indexing: boolean;
    };
    if (!body.indexing) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  // Untimed: the WARC files read once into the page cache, and the catalog's zip path run once
  // on a one-page result, so no measured download pays for the disk or the JIT alone.
  await download(`http://127.0.0.1:${pBig.first.port}/warcs`, pBig.child.pid as number);
  await download(
    `http://127.0.0.1:${vBig.first.port}/download/search.wacz?q=${encodeURIComponent('"photo story 1"')}`,
    vBig.child.pid as number,
  );
  const wacz = await download(
    `http://127.0.0.1:${vBig.first.port}/download/search.wacz`,
    vBig.child.pid as number,
  );
  const whole = await download(
    `http://127.0.0.1:${vBig.first.port}/download/collection/photos.wacz`,
    vBig.child.pid as number,
  );
  const raw = await download(`http://127.0.0.1:${pBig.first.port}/warcs`, pBig.child.pid as number);
  console.log("");
  printTable(
    ["download", "MB", "MB/s", "server RSS before MB", "server peak RSS MB"],
    [
      [
        "vellum result WACZ (streamed zip, hashed, indexed)",
        wacz.mb.toFixed(0),
        wacz.mbps.toFixed(0),
        wacz.startRss.toFixed(0),
        wacz.peakRss.toFixed(0),
      ],
      [
        "vellum collection WACZ (its WARC files, hashed)",
        whole.mb.toFixed(0),
        whole.mbps.toFixed(0),
        whole.startRss.toFixed(0),
        whole.peakRss.toFixed(0),
      ],
      [
        "peer: the WARC files streamed as they are",
        raw.mb.toFixed(0),
        raw.mbps.toFixed(0),
        raw.startRss.toFixed(0),
        raw.peakRss.toFixed(0),
      ],
    ],
  );
  console.log(
    `\nWACZ MB/s vellum / peer: ${(wacz.mbps / raw.mbps).toFixed(2)}x (result), ${(whole.mbps / raw.mbps).toFixed(2)}x (collection)`,
  );
} finally {
  for (const c of children) c.kill("SIGTERM");
  await rm(work, { recursive: true, force: true });
}
