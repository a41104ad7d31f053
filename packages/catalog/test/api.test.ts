/**
 * The catalog's HTTP surface without a browser (fastify's inject): the JSON API, the pages'
 * escaping and headers, path safety, bounded queries, downloads that verify, incremental indexing.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openZip, verifyPath } from "@vellum/archive";
import { snapshot } from "@vellum/crawl";
import { countingIds, fixedClock } from "@vellum/model";
import Database from "better-sqlite3";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../crawl/test/snapshot-helpers.js";
import {
  Catalog,
  createCatalogServer,
  parseSearchParams,
  parseText,
  type SearchIndex,
  serveCatalog,
} from "../src/index.js";
import { buildFixture, type Fixture } from "./fixture.js";

let fixture: Fixture;
let catalog: Catalog;
let app: FastifyInstance;
let scratch: string;

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: "GET", url, headers });
const getJson = async (url: string) => {
  const r = await get(url);
  expect(r.statusCode, r.body).toBe(200);
  return JSON.parse(r.body);
};

beforeAll(async () => {
  fixture = await buildFixture();
  catalog = Catalog.open({ dirs: [fixture.dir] });
  while (!catalog.sync()) {}
  app = createCatalogServer({
    catalog,
    syncIntervalMs: 50,
    clock: fixedClock("2026-12-01T00:00:00Z"),
  });
  await app.ready();
  scratch = mkdtempSync(join(tmpdir(), "vellum-catalog-api-"));
}, 180_000);

afterAll(async () => {
  await app?.close();
  catalog?.close();
  await fixture?.server.close();
  if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
});

describe("/api/search", () => {
  it("finds the seed article by a word of its body, with the word marked in the snippet", async () => {
    const body = await getJson("/api/search?q=Karabakh");
    expect(body.total).toBe(1);
    expect(body.items[0].headline).toContain("Azerbaijani specialists");
    expect(body.items[0].authors).toEqual(["Elif İlhamoğlu"]);
    expect(body.items[0].highlight.snippet).toContain("\uE000Karabakh\uE001");
  });

  it("matches authors and phrases, excludes words, and counts facets", async () => {
    expect((await getJson("/api/search?q=Lindqvist")).total).toBe(1);
    expect((await getJson(`/api/search?q=${encodeURIComponent('"ferry would run"')}`)).total).toBe(
      1,
    );
    expect((await getJson("/api/search?q=budget")).total).toBeGreaterThan(0);
    const without = await getJson(`/api/search?q=${encodeURIComponent("budget -zeppelin")}`);
    expect(without.items.some((i: { url: string }) => i.url === fixture.hostileUrl)).toBe(false);
    const all = await getJson("/api/search");
    expect(all.total).toBe(8);
    const years = all.facets.find((f: { name: string }) => f.name === "year");
    expect(years.values.map((v: { value: string }) => v.value)).toContain("2020");
  });

  it("filters by facets, sorts and pages, with the state in the parameters", async () => {
    const byYear = await getJson("/api/search?year=2020");
    expect(byYear.items.every((i: { published: string }) => i.published.startsWith("2020"))).toBe(
      true,
    );
    const oldest = await getJson("/api/search?sort=oldest&per=2");
    const newest = await getJson("/api/search?sort=newest&per=2");
    expect(oldest.items[0].url).not.toBe(newest.items[0].url);
    expect(oldest.pages).toBe(4);
    const second = await getJson("/api/search?sort=oldest&per=2&page=2");
    expect(second.items[0].url).not.toBe(oldest.items[0].url);
  });

  it("refuses unbounded or malformed queries with a 400 saying what to change", async () => {
    for (const url of [
      "/api/search?page=99999",
      "/api/search?per=1000",
      "/api/search?sort=random",
      "/api/search?year=20x0",
      `/api/search?q=${"a ".repeat(200)}`,
      "/api/search?q=-only",
      "/api/search?q=a*",
    ]) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(400);
      expect(JSON.parse(r.body).error).toMatch(/\w/);
    }
  });

  it("never lets the query reach FTS5's own syntax", async () => {
    for (const q of ["headline:ferry", "NEAR(a b)", '"unbalanced', "(ferry", "ferry AND", "*"]) {
      const r = await get(`/api/search?q=${encodeURIComponent(q)}`);
      expect(r.statusCode, q).toBe(200);
    }
  });
});

describe("/api/articles", () => {
  it("answers an article with its captures, its edits and its JSON-LD", async () => {
    const hit = (await getJson("/api/search?q=ferry")).items[0];
    const article = await getJson(hit.links.api);
    expect(article.captures).toHaveLength(2);
    expect(article.captures.map((c: { status: number }) => c.status)).toEqual([200, 200]);
    expect(article.changes).toHaveLength(1);
    expect(article.changes[0].fields).toEqual(["body"]);
    expect(article.bodyText).toContain("four times a day");
    expect((await getJson(`${hit.links.api}/captures`)).captures).toHaveLength(2);
    expect((await getJson(`${hit.links.api}/changes`)).changes).toHaveLength(1);
  });

  it("lists an author with their articles", async () => {
    const body = await getJson(`/api/authors?name=${encodeURIComponent("elif i̇lhamoğlu")}`);
    expect(body.person.name).toBe("Elif İlhamoğlu");
    expect(body.person.description).toContain("political scientist");
    expect(body.total).toBe(1);
  });
});

describe("pages", () => {
  it("escape everything a hostile page carries, and send a Content-Security-Policy", async () => {
    const search = await get("/?q=zeppelin");
    const hit = (await getJson("/api/search?q=zeppelin")).items[0];
    const article = await get(hit.links.page);
    for (const r of [search, article]) {
      expect(r.statusCode).toBe(200);
      expect(r.headers["content-security-policy"]).toContain("script-src 'self'");
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.body).not.toContain("<script>window.__pwned");
      expect(r.body).not.toContain("<img src=x");
      expect(r.body).not.toContain('href="javascript:');
      expect(r.body).not.toMatch(/<[^>]*\sonerror=/i);
    }
    expect(article.body).toContain(
      "Council &quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;",
    );
    expect(article.body).toContain(
      "&lt;script&gt;window.__pwned=5&lt;/script&gt; The hostile committee",
    );
  });

  it("show the article's captures, its edit as a diff, and the replay element", async () => {
    const hit = (await getJson("/api/search?q=ferry")).items[0];
    const page = (await get(hit.links.page)).body;
    expect(page).toContain("<del>twice</del><ins>four times</ins>");
    expect(page).toContain('<replay-web-page source="/wacz/news/');
    expect(page).toContain('<script src="/replay/ui.js"></script>');
  });

  it("are only GET and HEAD: the catalog writes nothing", async () => {
    for (const method of ["POST", "PUT", "DELETE", "PATCH"] as const) {
      expect((await app.inject({ method, url: "/api/search" })).statusCode).toBe(404);
    }
  });

  it("answer 404 to every path that tries to leave the collection", async () => {
    for (const url of [
      "/c/news/..%2F..%2Fcollection.db",
      "/c/news/../../etc/passwd",
      "/c/..%2F..%2Fetc/passwd",
      "/download/c/news/..%2Fcollection.db/article.json",
      "/download/c/news/x/..%2F..%2Fcollection.db",
      "/download/c/news/%2e%2e.bag.zip",
      "/wacz/news/..%2Fcollection.db",
      "/wacz/news/..%2F..%2Fetc%2Fpasswd.wacz",
      "/replay/..%2F..%2Fpackage.json",
      "/assets/..%2Fserver.ts",
      "/api/articles/news/..%2Fcollection.db",
    ]) {
      const r = await get(url);
      expect(r.statusCode, url).toBe(404);
      expect(r.body).not.toContain("SQLite format");
    }
  });
});

describe("downloads", () => {
  it("give a result's metadata as CSV (formula cells defused) and JSON Lines", async () => {
    const csv = await get("/download/search.csv?q=zeppelin");
    expect(csv.headers["content-type"]).toContain("text/csv");
    const [header, line] = csv.body.trim().split("\n");
    expect(header?.startsWith("collection,url,headline")).toBe(true);
    expect(line).toContain(fixture.hostileUrl);
    const all = await get("/download/search.csv");
    expect(all.body.trim().split("\n")).toHaveLength(9);
    const jsonl = (await get("/download/search.jsonl")).body
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(jsonl).toHaveLength(8);
    expect(jsonl.map((r) => r.url)).toContain(fixture.changingUrl);
  });

  it("give an article as a bag that verifies", async () => {
    const hit = (await getJson("/api/search?q=ferry")).items[0];
    const r = await get(`/download/c/news/${hit.slug}.bag.zip`);
    expect(r.statusCode).toBe(200);
    const path = join(scratch, "article-bag.zip");
    writeFileSync(path, r.rawPayload);
    const result = await verifyPath(path);
    expect(result.findings).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("give a search result as a bag and as a WACZ that verify", async () => {
    const bag = await get("/download/search.bag.zip?q=budget");
    writeFileSync(join(scratch, "result-bag.zip"), bag.rawPayload);
    const bagResult = await verifyPath(join(scratch, "result-bag.zip"));
    expect(bagResult.findings).toEqual([]);
    const wacz = await get("/download/search.wacz");
    writeFileSync(join(scratch, "result.wacz"), wacz.rawPayload);
    const waczResult = await verifyPath(join(scratch, "result.wacz"));
    expect(waczResult.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(waczResult.ok).toBe(true);
  });

  it("stream a search result's downloads as they are built (chunked, no length known ahead)", async () => {
    for (const format of ["wacz", "bag.zip", "csv", "jsonl"]) {
      const r = await get(`/download/search.${format}?q=budget`);
      expect(r.statusCode, format).toBe(200);
      expect(r.headers["transfer-encoding"], format).toBe("chunked");
      expect(r.headers["content-length"], format).toBeUndefined();
    }
  });

  it("give the whole collection as a WACZ of its WARC files and as a bag, linked from pages and API", async () => {
    const listed = await getJson("/api/collections");
    expect(listed.collections[0].downloads).toEqual({
      wacz: "/download/collection/news.wacz",
      bag: "/download/collection/news.bag.zip",
    });
    const page = (await get("/")).body;
    expect(page).toContain('href="/download/collection/news.wacz"');
    expect(page).toContain('href="/download/collection/news.bag.zip"');

    const wacz = await get("/download/collection/news.wacz");
    expect(wacz.statusCode).toBe(200);
    expect(wacz.headers["transfer-encoding"]).toBe("chunked");
    const waczPath = join(scratch, "collection.wacz");
    writeFileSync(waczPath, wacz.rawPayload);
    const waczResult = await verifyPath(waczPath);
    expect(waczResult.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(waczResult.ok).toBe(true);
    const zip = await openZip(waczPath);
    const warcs = readdirSync(fixture.dir).filter((f) => f.endsWith(".warc.gz"));
    expect(warcs.length).toBeGreaterThan(0);
    try {
      // The collection's own WARC files, byte for byte.
      for (const name of warcs) {
        const entry = zip.entries.find((e) => e.path === `archive/${name}`);
        expect(entry, name).toBeDefined();
        const parts: Uint8Array[] = [];
        for await (const c of entry?.open() ?? []) parts.push(c);
        expect(Buffer.concat(parts).equals(readFileSync(join(fixture.dir, name)))).toBe(true);
      }
    } finally {
      zip.close();
    }

    const bag = await get("/download/collection/news.bag.zip");
    expect(bag.statusCode).toBe(200);
    const bagPath = join(scratch, "collection-bag.zip");
    writeFileSync(bagPath, bag.rawPayload);
    const bagResult = await verifyPath(bagPath);
    expect(bagResult.findings).toEqual([]);
    expect(bagResult.ok).toBe(true);
    const bagZip = await openZip(bagPath);
    try {
      const names = bagZip.entries.map((e) => e.path);
      expect(names).toContain("news-bag/data/news.wacz");
      expect(names).toContain("news-bag/data/metadata.csv");
      expect(names.filter((n) => n.endsWith("/article.json"))).toHaveLength(8);
      // The WACZ inside the bag is a WACZ too.
      const inner = bagZip.entries.find((e) => e.path === "news-bag/data/news.wacz");
      const parts: Uint8Array[] = [];
      for await (const c of inner?.open() ?? []) parts.push(c);
      writeFileSync(join(scratch, "inner.wacz"), Buffer.concat(parts));
      expect((await verifyPath(join(scratch, "inner.wacz"))).ok).toBe(true);
    } finally {
      bagZip.close();
    }
    expect((await get("/download/collection/nothing.wacz")).statusCode).toBe(404);
    expect((await get("/download/collection/news.tar")).statusCode).toBe(404);
  });

  it("serve an article's WACZ with range requests for lazy replay", async () => {
    const hit = (await getJson("/api/search?q=ferry")).items[0];
    const whole = await get(`/wacz/news/${hit.slug}.wacz`);
    expect(whole.statusCode).toBe(200);
    const size = Number(whole.headers["content-length"]);
    const part = await get(`/wacz/news/${hit.slug}.wacz`, { range: "bytes=10-19" });
    expect(part.statusCode).toBe(206);
    expect(part.headers["content-range"]).toBe(`bytes 10-19/${size}`);
    expect(part.rawPayload).toEqual(whole.rawPayload.subarray(10, 20));
    const tail = await get(`/wacz/news/${hit.slug}.wacz`, { range: "bytes=-22" });
    expect(tail.rawPayload.readUInt32LE(0)).toBe(0x06054b50);
    expect((await get(`/wacz/news/${hit.slug}.wacz`, { range: `bytes=${size}-` })).statusCode).toBe(
      416,
    );
    writeFileSync(join(scratch, "article.wacz"), whole.rawPayload);
    expect((await verifyPath(join(scratch, "article.wacz"))).ok).toBe(true);
  });
});

describe("relevance", () => {
  it("scores a page as FTS5's bm25 of the whole search does, from each term's kept score", () => {
    const index = catalog.collections[0]?.index as SearchIndex;
    const db = new Database(index.path, { readonly: true });
    try {
      for (const text of [
        "budget",
        "ferry run",
        '"ferry would run"',
        "budget OR zeppelin",
        "budget -Karabakh",
        "budg*",
        "ferr* run",
        "Karabakh OR budget",
      ]) {
        const parsed = parseText(text);
        const query = parseSearchParams(new URLSearchParams({ q: text }));
        const expected = new Map(
          db
            .prepare("SELECT rowid, bm25(fts, 10.0, 4.0, 1.0, 5.0, 3.0) FROM fts WHERE fts MATCH ?")
            .raw()
            .all(parsed.match) as [number, number][],
        );
        const hits = index.search(parsed.match, query, 0, parsed.phrases).hits;
        expect(hits.length, text).toBe(expected.size);
        expect(hits.length, text).toBeGreaterThan(0);
        for (const h of hits) expect(h.score, text).toBeCloseTo(expected.get(h.id) as number, 9);
      }
    } finally {
      db.close();
    }
  });
});

describe("incremental index", () => {
  it("finds a page captured while the catalog runs, without a restart", async () => {
    const site = await startServer({
      "/late/": (_q, res) => {
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end(
          `<!doctype html><html lang="en"><head><title>Late lighthouse story</title></head><body><article><h1>Late lighthouse story</h1><p>${"The quokka keeper reported a quiet winter on the northern cape. ".repeat(8)}</p></article></body></html>`,
        );
      },
    });
    try {
      expect((await getJson("/api/search?q=quokka")).total).toBe(0);
      await snapshot({
        urls: [`${site.origin}/late/`],
        outDir: fixture.dir,
        fetch: { allowPrivate: true, delayMs: 0, retries: 0 },
        clock: fixedClock("2026-11-27T12:00:00Z"),
        ids: countingIds(5000),
      });
      let total = 0;
      for (let i = 0; i < 100 && total === 0; i += 1) {
        await new Promise((r) => setTimeout(r, 50));
        total = (await getJson("/api/search?q=quokka")).total;
      }
      expect(total).toBe(1);
    } finally {
      await site.close();
    }
  });

  it("reopens from its saved position, reading only what is new", () => {
    const again = Catalog.open({ dirs: [fixture.dir] });
    try {
      expect(again.size).toBe(9);
      const c = again.collections[0];
      expect(c?.index.sync().captures).toBe(0);
    } finally {
      again.close();
    }
  });
});

describe("serveCatalog", () => {
  it("refuses a non-loopback host without a token or --public", async () => {
    await expect(serveCatalog({ dirs: [fixture.dir], host: "0.0.0.0", port: 0 })).rejects.toThrow(
      /needs a token/,
    );
  });

  it("with a token, answers 401 without it and sets a cookie from ?token=", async () => {
    const guarded = createCatalogServer({ catalog, token: "s3cret" });
    try {
      expect((await guarded.inject({ url: "/api/search" })).statusCode).toBe(401);
      expect(
        (await guarded.inject({ url: "/api/search", headers: { authorization: "Bearer s3cret" } }))
          .statusCode,
      ).toBe(200);
      const r = await guarded.inject({ url: "/?q=ferry&token=s3cret" });
      expect(r.statusCode).toBe(303);
      expect(r.headers.location).toBe("/?q=ferry");
      const cookie = String(r.headers["set-cookie"]).split(";")[0] ?? "";
      expect((await guarded.inject({ url: "/?q=ferry", headers: { cookie } })).statusCode).toBe(
        200,
      );
      expect((await guarded.inject({ url: "/?token=wrong" })).statusCode).toBe(401);
    } finally {
      await guarded.close();
    }
  });
});
