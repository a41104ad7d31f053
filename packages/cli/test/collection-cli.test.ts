import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openZip, verifyPath } from "@vellum/archive";
import { Collection } from "@vellum/crawl";
import { fixedClock } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  readAndVerifyWarcs,
  startServer,
  type TestServer,
} from "../../crawl/test/snapshot-helpers.js";
import { page } from "../../crawl/test/snapshot-site.js";
import { runCli } from "./run-cli.js";

let server: TestServer;
let out: string;
let edited = false;
// Incompressible bodies, so a small disk fills after a few pages.
const noise = randomBytes(24_000).toString("base64");

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "vellum-collection-cli-"));
  const routes: Parameters<typeof startServer>[0] = {
    "/robots.txt": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("User-agent: *\nAllow: /\n");
    },
    "/story": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(
        edited ? page("Council story").replace("Tuesday", "Wednesday") : page("Council story"),
      );
    },
  };
  for (let i = 0; i < 12; i += 1) {
    routes[`/big/${i}`] = (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(page(`Big ${i}`, `<meta name="x" content="${noise}${i}">`));
    };
  }
  server = await startServer(routes);
});
afterAll(async () => {
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

async function waczText(path: string) {
  const zip = await openZip(path);
  const text = async (name: string) => {
    const entry = zip.entries.find((e) => e.path === name);
    const chunks: Uint8Array[] = [];
    for await (const chunk of entry?.open() ?? []) chunks.push(chunk);
    return Buffer.concat(chunks).toString("utf8");
  };
  const pages = (await text("pages/pages.jsonl"))
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => JSON.parse(l) as { url: string; ts: string });
  const index = (await text("indexes/index.cdxj")).trim().split("\n");
  const files = zip.entries.filter((e) => e.path.startsWith("archive/")).map((e) => e.path);
  zip.close();
  return { pages, index, files };
}

const snap = (dir: string, ...more: string[]) =>
  runCli(["snapshot", "--allow-private", "--delay", "0", "--retries", "0", "--out", dir, ...more]);

describe("vellum status and vellum changes", () => {
  it("show where a collection stands, and the edit a recapture found", async () => {
    const dir = join(out, "news");
    edited = false;
    expect((await snap(dir, `${server.origin}/story`)).code).toBe(0);
    edited = true;
    const again = await snap(dir, "--recapture");
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(
      /this run: 1 captured, \d+ stored as revisits, 0 failed; 1 edit found \(1 silent\)/,
    );

    const status = await runCli(["status", dir]);
    expect(status.code).toBe(0);
    expect(status.stdout).toContain("pages: 1 — 1 done, 0 failed, 0 to do");
    expect(status.stdout).toContain("edits found: 1 (1 silent)");
    expect(status.stdout).toMatch(/runs: 2; last finished/);
    const json = JSON.parse((await runCli(["status", dir, "--json"])).stdout);
    expect(json).toMatchObject({ pages: { done: 1 }, changes: { total: 1, silent: 1 } });

    const changes = await runCli(["changes", dir]);
    expect(changes.code).toBe(0);
    expect(changes.stdout).toContain(`${server.origin}/story`);
    expect(changes.stdout).toContain("SILENT EDIT");
    expect(changes.stdout).toContain("met on [-Tuesday-]{+Wednesday+} to");
    const one = await runCli(["changes", dir, "--json", "--url", `${server.origin}/story`]);
    expect(JSON.parse(one.stdout.trim())).toMatchObject({ silent: true, fields: ["body"] });
    const none = await runCli(["changes", dir, "--url", `${server.origin}/other`]);
    expect(none.stdout).toMatch(/^no edits found/);
  });

  it("bundle every capture of an article, and --since only that period's with what it needs", async () => {
    const dir = join(out, "news");
    // A third capture, unchanged since the second: its response is a revisit of the second's.
    const clock = fixedClock("2027-01-10T00:00:00Z");
    expect(
      (
        await runCli(["snapshot", "--allow-private", "--delay", "0", "--out", dir, "--recapture"], {
          clock,
        })
      ).code,
    ).toBe(0);
    const all = join(out, "news-all.wacz");
    expect((await runCli(["bundle", dir, "--out", all])).code).toBe(0);
    expect((await verifyPath(all)).ok).toBe(true);
    const whole = await waczText(all);
    expect(whole.pages.filter((p) => p.url === `${server.origin}/story`)).toHaveLength(3);
    expect(whole.index.some((l) => l.includes('"mime":"warc/revisit"'))).toBe(true);

    const recent = join(out, "news-recent.wacz");
    const since = await runCli(["bundle", dir, "--since", "2027-01-01", "--out", recent]);
    expect(since.code).toBe(0);
    expect((await verifyPath(recent)).ok).toBe(true);
    const part = await waczText(recent);
    expect(part.pages.map((p) => p.ts)).toEqual(["2027-01-10T00:00:00Z"]);
    // The revisit's original lives in an earlier run's file, which comes along.
    const revisits = part.index.filter((l) => l.includes('"mime":"warc/revisit"'));
    expect(revisits.length).toBeGreaterThan(0);
    expect(part.files.length).toBeGreaterThan(1);
    // A time ago, counted back from the clock, as `vellum snapshot --since` takes it.
    const ago = join(out, "news-ago.wacz");
    expect(
      (
        await runCli(["bundle", dir, "--since", "3d", "--out", ago], {
          clock: fixedClock("2027-01-12T00:00:00Z"),
        })
      ).code,
    ).toBe(0);
    expect((await waczText(ago)).pages.map((p) => p.ts)).toEqual(["2027-01-10T00:00:00Z"]);
    expect(
      (await runCli(["bundle", dir, "--since", "2030-01-01", "--out", join(out, "x.wacz")])).code,
    ).toBe(3);
    expect(
      (await runCli(["bundle", dir, "--since", "someday", "--out", join(out, "y.wacz")])).code,
    ).toBe(2);
  });

  it("say a directory is no collection with exit 2", async () => {
    const missing = await runCli(["status", join(out, "nothing-here")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^vellum: Not a collection \(no collection\.db\): .*\n$/);
  });
});

describe("bad collections", () => {
  it("a second run on a collection being written: one line, exit 7, nothing lost", async () => {
    const dir = join(out, "locked");
    expect((await snap(dir, `${server.origin}/story`)).code).toBe(0);
    const holder = Collection.open(dir, { lock: true });
    try {
      const second = await snap(dir, `${server.origin}/big/0`);
      expect(second.code).toBe(7);
      expect(second.stderr).toMatch(
        /^vellum: Another vellum run is writing this collection \(pid \d+, since [^)]+\): .* \(wait for it to finish, or stop it; a second run cannot share the collection\)\n$/,
      );
    } finally {
      holder.close();
    }
    expect(JSON.parse((await runCli(["status", dir, "--json"])).stdout).pages.done).toBe(1);
  });

  it("an unreadable database: one line, exit 8", async () => {
    const dir = join(out, "garbage");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "collection.db"), "not a database at all\n".repeat(200));
    const run = await snap(dir, `${server.origin}/story`);
    expect(run.code).toBe(8);
    expect(run.stderr).toMatch(
      /^vellum: The collection database is unreadable: .*collection\.db \(it is not a Vellum collection or it is damaged; use another --out directory\)\n$/,
    );
    expect((await runCli(["status", dir])).code).toBe(8);
  });

  it("a disk that fills up: one line, exit 9, what was committed kept; resumes once there is room", async () => {
    // A 320 KiB file system of its own (tmpfs needs root, as tests here run).
    const mount = join(out, "small-disk");
    mkdirSync(mount, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=320k", "tmpfs", mount]);
    try {
      const dir = join(mount, "c");
      const urls = Array.from({ length: 12 }, (_, i) => `${server.origin}/big/${i}`);
      const full = await snap(dir, ...urls);
      expect(full.code).toBe(9);
      expect(full.stderr).toMatch(
        /^vellum: The disk is full: .* \(free some space, then run the same command again to resume\)\n$/m,
      );
      const partial = JSON.parse((await runCli(["status", dir, "--json"])).stdout);
      expect(partial.pages.done).toBeGreaterThan(0);
      expect(partial.pages.done).toBeLessThan(12);
      for (const name of readdirSync(dir).filter((n) => /\.warc\.gz$/.test(n)))
        expect((await verifyPath(join(dir, name))).ok, name).toBe(true);

      execFileSync("mount", ["-o", "remount,size=8m", mount]);
      const resumed = await snap(dir, ...urls);
      expect(resumed.code).toBe(0);
      const warcs = readdirSync(dir).filter((n) => /\.warc\.gz$/.test(n));
      const records = await readAndVerifyWarcs(dir, warcs);
      const pages = records.filter(
        (r) => r.type === "response" && r.headers.get("warc-target-uri")?.includes("/big/"),
      );
      expect(pages).toHaveLength(12);
      expect(new Set(pages.map((r) => r.headers.get("warc-target-uri"))).size).toBe(12);
    } finally {
      execFileSync("umount", ["-l", mount]);
    }
  });
});
