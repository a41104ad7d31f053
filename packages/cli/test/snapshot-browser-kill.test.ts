/**
 * Ctrl-C during `vellum snapshot --browser` (a real process, on a page that never settles):
 * the run stops, no Chromium process outlives it, and the collection resumes where it stopped.
 */
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Collection } from "@vellum/crawl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandLine, descendants, whenGone } from "../../../scripts/lib/processes.js";
import { startServer, type TestServer } from "../../../test/support/route-server.js";
import { browserSite, prefixRoutes } from "../../browser/test/site.js";
import { runCli } from "./run-cli.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url));
const common = ["--allow-private", "--delay", "0", "--per-host", "4", "--retries", "0"];
let server: TestServer;
let work: string;

beforeAll(async () => {
  server = await startServer(prefixRoutes(browserSite()));
  work = await mkdtemp(join(tmpdir(), "vellum-browser-kill-"));
});
afterAll(async () => {
  await server?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe("SIGINT of vellum snapshot --browser", () => {
  it("exits 130, leaves no Chromium, and the same command resumes the page", async () => {
    const out = join(work, "snap");
    const url = `${server.origin}/never`;
    const child = spawn(
      process.execPath,
      [
        ...["--import", "tsx", bin, "snapshot", "--browser", url, ...common],
        ...["--browser-timeout", "300", "--out", out],
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout?.on("data", (d) => {
      output += String(d);
    });
    child.stderr?.on("data", (d) => {
      output += String(d);
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on("exit", (code) => resolve(code)),
    );
    // Wait until the page is loading: Chromium runs and the site has been asked for the page.
    let chromium: number[] = [];
    for (let i = 0; i < 1200; i++) {
      const below = await descendants(child.pid as number);
      const named = await Promise.all(
        below.map(async (pid) => [pid, await commandLine(pid)] as const),
      );
      chromium = named.filter(([, cmd]) => /chrom/i.test(cmd)).map(([pid]) => pid);
      if (chromium.length > 0 && server.hits.filter((h) => h.startsWith("/tick")).length > 3) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(chromium.length, output).toBeGreaterThan(0);
    child.kill("SIGINT");
    expect(await exited, output).toBe(130);
    expect(await whenGone(chromium, 15_000)).toEqual([]);

    const collection = Collection.open(out);
    try {
      expect(collection.countUrls().queued).toBe(1);
      expect(collection.url(url)?.state).toBe("queued");
    } finally {
      collection.close();
    }
    // The same collection, resumed: the page is taken again and captured as it was at the
    // (short) time limit.
    const resumed = await runCli([
      "snapshot",
      "--browser",
      ...common,
      "--browser-timeout",
      "3",
      "--out",
      out,
      "--json",
    ]);
    expect(resumed.code, resumed.stderr).toBe(0);
    const page = resumed.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .find((e) => e.event === "page");
    expect(page?.report.url).toBe(url);
    expect(page?.report.notes.join(" ")).toMatch(/never went quiet/);
  }, 240_000);
});
