import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { verifyPath } from "@vellum/archive";
import { Collection } from "@vellum/crawl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  readAndVerifyWarcs,
  startServer,
  type TestServer,
} from "../../crawl/test/snapshot-helpers.js";
import { page } from "../../crawl/test/snapshot-site.js";

// kill -9 a real `vellum snapshot` process at random points of a loopback capture, several
// times, then let it finish: every URL must end captured exactly once, and every WARC must read
// to its end in Vellum's verifier and in warcio.

const root = fileURLToPath(new URL("../../../", import.meta.url));
const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url));
const paths = Array.from({ length: 40 }, (_, i) => `/news/${i}`);
let server: TestServer;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "vellum-kill-"));
  const routes: Parameters<typeof startServer>[0] = {
    "/robots.txt": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("User-agent: *\nAllow: /\n");
    },
  };
  for (const p of paths) {
    // A little latency, so that a kill lands while captures are in flight.
    routes[p] = (_q, res) => {
      setTimeout(() => {
        res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
        res.end(page(`Story ${p}`));
      }, 15);
    };
  }
  server = await startServer(routes);
});
afterAll(async () => {
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

/** A small seeded generator, so a failing run can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Runs `vellum snapshot --json` and kills it with SIGKILL once it has reported `afterPages`
 * pages (or lets it finish when null). Answers its exit code or signal.
 */
function runSnapshot(dir: string, list: string, afterPages: number | null) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; pages: number }>(
    (resolve, reject) => {
      const child: ChildProcess = spawn(
        process.execPath,
        [
          ...["--import", "tsx", bin, "snapshot", "--json", "--allow-private"],
          ...["--delay", "0", "--concurrency", "3", "--per-host", "3", "--input", list],
          ...["--out", dir],
        ],
        { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
      );
      let pages = 0;
      let buffered = "";
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split("\n");
        buffered = lines.pop() ?? "";
        for (const line of lines) {
          if (line.includes('"event":"page"')) pages += 1;
          if (afterPages !== null && pages >= afterPages && child.exitCode === null)
            child.kill("SIGKILL");
        }
      });
      child.on("error", reject);
      child.on("close", (code, signal) => resolve({ code, signal, pages }));
    },
  );
}

describe("vellum snapshot killed with SIGKILL", () => {
  it("resumes to every URL captured exactly once, with every WARC whole", async () => {
    const dir = join(out, "collection");
    const list = join(out, "urls.txt");
    const { writeFileSync } = await import("node:fs");
    writeFileSync(list, `${paths.map((p) => `${server.origin}${p}`).join("\n")}\n`);
    const next = random(20261125);
    let killed = 0;
    for (let round = 0; round < 4; round += 1) {
      const run = await runSnapshot(dir, list, 1 + Math.floor(next() * 8));
      if (run.signal === "SIGKILL") killed += 1;
    }
    expect(killed).toBeGreaterThanOrEqual(3);
    const last = await runSnapshot(dir, list, null);
    expect(last.code).toBe(0);

    const collection = Collection.open(dir, { create: false });
    const status = collection.status();
    collection.close();
    expect(status.pages).toMatchObject({ total: 40, done: 40, queued: 0, fetching: 0 });
    expect(status.runs.filter((r) => r.status === "crashed").length).toBe(killed);

    const warcs = readdirSync(dir).filter((n) => /\.warc\.gz$/.test(n));
    expect(readdirSync(dir).filter((n) => n.endsWith(".open"))).toEqual([]);
    for (const name of warcs) {
      expect(await verifyPath(join(dir, name)), name).toMatchObject({ ok: true });
    }
    const records = await readAndVerifyWarcs(dir, warcs);
    const captured = new Map<string, number>();
    for (const r of records) {
      if (r.type !== "response") continue;
      const url = r.headers.get("warc-target-uri") ?? "";
      if (url.endsWith("/robots.txt")) continue;
      captured.set(url, (captured.get(url) ?? 0) + 1);
    }
    expect(captured.size).toBe(40);
    expect([...captured.values()].every((n) => n === 1)).toBe(true);
    // Each article's metadata is there once too: no capture was half kept.
    const metadata = records.filter((r) => r.type === "metadata");
    expect(metadata).toHaveLength(3 * 40);
  }, 120_000);
});
