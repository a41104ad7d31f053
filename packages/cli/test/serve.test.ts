import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { snapshot } from "@vellum/crawl";
import { countingIds, fixedClock } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "../../crawl/test/snapshot-helpers.js";
import { page } from "../../crawl/test/snapshot-site.js";
import { runCli } from "./run-cli.js";

let dir: string;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  await new Promise((r) => server.close(r));
  return port;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vellum-cli-serve-"));
  const site = await startServer({
    "/story": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(page("Harbour story"));
    },
  });
  try {
    await snapshot({
      urls: [`${site.origin}/story`],
      outDir: join(dir, "snap"),
      fetch: { allowPrivate: true, delayMs: 0, retries: 0 },
      clock: fixedClock("2026-11-25T12:00:00Z"),
      ids: countingIds(),
    });
  } finally {
    await site.close();
  }
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("vellum serve", () => {
  it("serves the collection on loopback until Ctrl-C, then exits 130", async () => {
    const port = await freePort();
    const stop = new AbortController();
    const running = runCli(["serve", "snap", "--port", String(port)], {
      cwd: dir,
      signal: stop.signal,
    });
    let body: { total: number } | null = null;
    for (let i = 0; i < 200 && body === null; i += 1) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/search?q=council`);
        if (r.ok) body = (await r.json()) as { total: number };
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    stop.abort();
    const result = await running;
    expect(body?.total).toBe(1);
    expect(result.stdout).toBe(
      `Serving 1 collection at http://127.0.0.1:${port}/ (Ctrl-C to stop)\n`,
    );
    expect(result.code).toBe(130);
  });

  it("refuses another host without --token or --public (exit 2), and a missing collection", async () => {
    const open = await runCli(["serve", "snap", "--host", "0.0.0.0"], { cwd: dir });
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/needs a token.*--token/);
    const missing = await runCli(["serve", "nowhere", "--port", "0"], { cwd: dir });
    expect(missing.code).not.toBe(0);
    expect(missing.stderr.trim().split("\n")).toHaveLength(1);
  });
});
