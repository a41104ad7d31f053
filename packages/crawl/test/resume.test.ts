import {
  appendFileSync,
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyPath } from "@vellum/archive";
import { countingIds, fixedClock, VellumError } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Collection } from "../src/collection/collection.js";
import { snapshot } from "../src/snapshot/run.js";
import { readAndVerifyWarcs, startServer, type TestServer } from "./snapshot-helpers.js";
import { fast, page } from "./snapshot-site.js";

let server: TestServer;
let out: string;
const paths = Array.from({ length: 8 }, (_, i) => `/story-${i}`);

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "vellum-resume-"));
  const routes: Parameters<typeof startServer>[0] = {
    "/robots.txt": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("User-agent: *\nAllow: /\n");
    },
  };
  for (const p of paths) {
    routes[p] = (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(page(`Story ${p}`));
    };
  }
  server = await startServer(routes);
});
afterAll(async () => {
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

const urls = () => paths.map((p) => `${server.origin}${p}`);
const hitsOf = (p: string) => server.hits.filter((h) => h === p).length;
const warcNames = (dir: string) => readdirSync(dir).filter((n) => /\.warc\.gz$/.test(n));

async function verifyAll(dir: string) {
  for (const name of warcNames(dir)) {
    expect(await verifyPath(join(dir, name)), name).toMatchObject({ ok: true });
  }
  return readAndVerifyWarcs(dir, warcNames(dir));
}

describe("resume", () => {
  it("continues a stopped run: nothing done is fetched again, every URL ends captured once", async () => {
    const dir = join(out, "stopped");
    const controller = new AbortController();
    let pages = 0;
    const first = await snapshot({
      urls: urls(),
      outDir: dir,
      fetch: { ...fast, concurrency: 1 },
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
      signal: controller.signal,
      onEvent: (e) => {
        if (e.event === "page" && ++pages === 3) controller.abort();
      },
    });
    expect(first.interrupted).toBe(true);
    expect(first.counts).toMatchObject({ total: 8, ok: 3, notDone: 5 });
    const before = server.hits.length;

    const second = await snapshot({
      outDir: dir,
      fetch: { ...fast, concurrency: 2 },
      clock: fixedClock("2026-11-25T11:00:00Z"),
      ids: countingIds(1000),
    });
    expect(second.interrupted).toBe(false);
    expect(second.counts).toMatchObject({ total: 8, ok: 8, notDone: 0 });
    expect(second.run).toMatchObject({ id: 2, captured: 5 });
    for (const p of paths) expect(hitsOf(p), p).toBe(1);
    expect(server.hits.length - before).toBe(5 + 1); // the five left, and robots.txt again

    const records = await verifyAll(dir);
    const pageResponses = records.filter(
      (r) => r.type === "response" && !r.headers.get("warc-target-uri")?.endsWith("/robots.txt"),
    );
    expect(pageResponses).toHaveLength(8);
    // The second run's robots.txt is the same bytes: a revisit of the first.
    expect(records.filter((r) => r.type === "revisit")).toHaveLength(1);

    // A third run has nothing to do: no request, no new file.
    const files = warcNames(dir).length;
    const hits = server.hits.length;
    const third = await snapshot({ outDir: dir, fetch: fast });
    expect(third.run).toMatchObject({ captured: 0, failed: 0 });
    expect(server.hits.length).toBe(hits);
    expect(warcNames(dir)).toHaveLength(files);
  });

  it("cuts what a killed run wrote past its last commit, so every WARC reads to its end", async () => {
    const dir = join(out, "torn");
    await snapshot({ urls: urls().slice(0, 3), outDir: dir, fetch: fast });
    const [name] = warcNames(dir);
    const path = join(dir, name as string);
    const committed = statSync(path).size;
    // A capture torn mid-record after the last commit, and a file a run created and died in.
    appendFileSync(path, Buffer.from([0x1f, 0x8b, 0x08, 0x00, 1, 2, 3, 4, 5, 6, 7]));
    writeFileSync(join(dir, "vellum-20261125100000-00007.warc.gz.open"), "WARC/1.1\r\nWARC-Ty");
    expect((await verifyPath(path)).ok).toBe(false);

    const resumed = await snapshot({ urls: urls().slice(0, 4), outDir: dir, fetch: fast });
    expect(resumed.run).toMatchObject({ captured: 1 });
    expect(statSync(path).size).toBe(committed);
    expect(readdirSync(dir).filter((n) => n.endsWith(".open"))).toEqual([]);
    const records = await verifyAll(dir);
    expect(records.filter((r) => r.type === "response").length).toBeGreaterThanOrEqual(4);
  });

  it("redoes the captures whose bytes a WARC lost (shorter than committed), never pointing at them", async () => {
    const dir = join(out, "short");
    await snapshot({ urls: urls(), outDir: dir, fetch: { ...fast, concurrency: 1 } });
    const [name] = warcNames(dir);
    const path = join(dir, name as string);
    const before = Collection.open(dir, { create: false });
    const rows = before.recordsIn(name as string);
    before.close();
    // Cut the file in the middle of its last page's response: the database says more is there.
    const last = rows.at(-1);
    truncateSync(path, (last?.offset ?? 0) + Math.floor((last?.length ?? 0) / 2));
    const hits = server.hits.length;

    const resumed = await snapshot({ outDir: dir, fetch: fast });
    expect(resumed.run).toMatchObject({ captured: 1, failed: 0 });
    expect(resumed.counts).toMatchObject({ total: 8, ok: 8 });
    expect(server.hits.length - hits).toBe(1 + 1); // the lost page, and robots.txt again
    const records = await verifyAll(dir);
    const pageResponses = records.filter(
      (r) => r.type === "response" && !r.headers.get("warc-target-uri")?.endsWith("/robots.txt"),
    );
    expect(pageResponses).toHaveLength(8);
    const c = Collection.open(dir, { create: false });
    expect(c.status()).toMatchObject({ captures: 8 });
    c.close();
  });

  it("redoes a capture whose committed record is torn at the end of a file", async () => {
    const dir = join(out, "torn-last");
    await snapshot({ urls: urls().slice(0, 3), outDir: dir, fetch: { ...fast, concurrency: 1 } });
    const [name] = warcNames(dir);
    const path = join(dir, name as string);
    const size = statSync(path).size;
    // Same length, last bytes garbage: a record torn in place.
    const fd = openSync(path, "r+");
    writeSync(fd, Buffer.alloc(64, 0x41), 0, 64, size - 64);
    closeSync(fd);
    const resumed = await snapshot({ outDir: dir, fetch: fast });
    // The torn capture, and (to be safe) the one before the break, are captured again.
    expect(resumed.run?.captured).toBeGreaterThanOrEqual(1);
    expect(resumed.run?.captured).toBeLessThanOrEqual(2);
    expect(resumed.counts).toMatchObject({ total: 3, ok: 3 });
    const c = Collection.open(dir, { create: false });
    expect(c.status()).toMatchObject({ captures: 3 });
    c.close();
    await verifyAll(dir);
  });

  it("refuses a second run on the same collection with one clear line", async () => {
    const dir = join(out, "locked");
    const holder = Collection.open(dir, { lock: true });
    try {
      await expect(snapshot({ urls: urls(), outDir: dir, fetch: fast })).rejects.toSatisfy(
        (e) => e instanceof VellumError && e.code === "collection-locked",
      );
    } finally {
      holder.close();
    }
    const after = await snapshot({ urls: urls().slice(0, 1), outDir: dir, fetch: fast });
    expect(after.counts.ok).toBe(1);
  });
});

describe("revisits", () => {
  it("stores an unchanged page captured again as a revisit that leads to the first capture", async () => {
    const dir = join(out, "revisits");
    await snapshot({ urls: urls(), outDir: dir, fetch: fast });
    const again = await snapshot({ outDir: dir, fetch: fast, recapture: true });
    expect(again.run).toMatchObject({ captured: 8, changes: 0 });
    // Every page and the robots.txt: nothing new was stored in full.
    expect(again.run?.revisits).toBe(9);
    const records = await verifyAll(dir);
    const revisits = records.filter((r) => r.type === "revisit");
    expect(revisits).toHaveLength(9);
    const c = Collection.open(dir, { create: false });
    expect(c.status()).toMatchObject({ captures: 16, records: { responses: 9, revisits: 9 } });
    c.close();
  });
});
