/**
 * A page whose article text a script inserts, captured with `vellum snapshot --browser`, replays
 * in ReplayWeb.page (the catalog's, in headless Chromium) with that text visible, after the site
 * that served it has gone: the script's JSON request is answered from the WARC.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serveCatalog } from "@vellum/catalog";
import type { BrowserContext } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offlineChromium } from "../../../test/support/chromium.js";
import { waitForReplayText } from "../../../test/support/replay.js";
import { startServer } from "../../../test/support/route-server.js";
import { ARTICLE_TEXT, browserSite, prefixRoutes } from "../../browser/test/site.js";
import { runCli } from "./run-cli.js";

let work: string;
let served: Awaited<ReturnType<typeof serveCatalog>> | undefined;
let context: BrowserContext | undefined;
const outside: string[] = [];
let origin = "";

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "vellum-browser-replay-"));
  const server = await startServer(prefixRoutes(browserSite()));
  origin = server.origin;
  const out = join(work, "snap");
  try {
    const run = await runCli([
      "snapshot",
      "--browser",
      `${server.origin}/article`,
      ...["--allow-private", "--delay", "0", "--per-host", "4", "--out", out],
    ]);
    if (run.code !== 0) throw new Error(`snapshot failed: ${run.stderr}`);
  } finally {
    // The site goes away: replay must come from the records alone.
    await server.close();
  }
  served = await serveCatalog({ dirs: [out], port: 0 });
  const catalog = new URL(served.url).origin;
  context = await offlineChromium(join(work, "profile"), {
    allow: (url) => url.startsWith(catalog),
    onOutside: (url) => outside.push(url),
  });
}, 240_000);

afterAll(async () => {
  await context?.close();
  await served?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe("a browser capture in ReplayWeb.page", () => {
  it("shows the text the page's script inserted, with the site stopped", async () => {
    const page = context?.pages()[0] ?? (await context?.newPage());
    if (page === undefined || served === undefined) throw new Error("no browser");
    await page.goto(`${served.url}?q=harbour`);
    await page.click(".result h2 a");
    await page.waitForURL(/\/c\//);
    const words = ARTICLE_TEXT.trim().slice(0, 40);
    const replayed = await waitForReplayText(page, words, 90_000);
    expect(replayed).toContain(words);
    // Nothing was asked of the (stopped) site: the replay came from the collection's WARC.
    expect(outside.filter((u) => u.startsWith(origin))).toEqual([]);
  }, 150_000);
});
