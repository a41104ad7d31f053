/**
 * The catalog as a researcher uses it, in headless Chromium (Debian's, through playwright-core):
 * search for a word of the seed article, open it, see the page replayed inside ReplayWeb.page's
 * frame, download the result as a bag and verify it; hostile captured text never runs.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyPath } from "@vellum/archive";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offlineChromium } from "../../../test/support/chromium.js";
import { waitForReplayText } from "../../../test/support/replay.js";
import { serveCatalog } from "../src/index.js";
import { buildFixture, type Fixture, HOSTILE } from "./fixture.js";

let fixture: Fixture;
let served: Awaited<ReturnType<typeof serveCatalog>>;
let profile: string;
let context: BrowserContext;
let page: Page;
/** Requests that left the catalog's origin (there must be none: no CDN, no archived site). */
const outside: string[] = [];
const dialogs: string[] = [];

beforeAll(async () => {
  fixture = await buildFixture();
  // The archived site goes away: replay must come from the records alone.
  await fixture.server.close();
  served = await serveCatalog({ dirs: [fixture.dir], port: 0 });
  profile = await mkdtemp(join(tmpdir(), "vellum-catalog-chromium-"));
  const origin = new URL(served.url).origin;
  context = await offlineChromium(profile, {
    acceptDownloads: true,
    allow: (url) => url.startsWith(origin),
    onOutside: (url) => outside.push(url),
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
}, 240_000);

afterAll(async () => {
  await context?.close();
  await served?.close();
  if (profile !== undefined) await rm(profile, { recursive: true, force: true });
});

describe("the catalog in Chromium", () => {
  it("finds the seed article by a word of it, with the word highlighted", async () => {
    await page.goto(served.url);
    await page.fill('header input[name="q"]', "ceasefire");
    await page.press('header input[name="q"]', "Enter");
    await page.waitForURL(/\?q=ceasefire/);
    await expect(page.locator("#summary")).toBeDefined();
    expect(await page.textContent("#summary")).toContain("1 article");
    const heading = page.locator(".result h2 a").first();
    expect(await heading.textContent()).toContain("Azerbaijani specialists");
    expect(await page.locator(".result mark").count()).toBeGreaterThan(0);
  });

  it("narrows by a facet, and the URL holds the whole state", async () => {
    await page.goto(served.url);
    await page.click('.facet[data-facet="author"] a:has-text("Elif")');
    expect(new URL(page.url()).searchParams.get("author")).toBe("elif i̇lhamoğlu");
    expect(await page.locator(".result").count()).toBe(1);
    await page.goto(page.url());
    expect(await page.locator(".result").count()).toBe(1);
  });

  it("opens the article and shows the page as served inside the replay frame", async () => {
    await page.goto(`${served.url}?q=ceasefire`);
    await page.click(".result h2 a");
    await page.waitForURL(/\/c\/news\//);
    expect(await page.textContent("h1")).toContain("Azerbaijani specialists");
    expect(await page.locator("#captures tbody tr").count()).toBe(2);
    const replayed = await waitForReplayText(page, "Karabakh", 90_000);
    expect(replayed).toContain("Karabakh");
  }, 120_000);

  it("downloads the result as a bag that vellum verify accepts", async () => {
    await page.goto(`${served.url}?q=ceasefire`);
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.click('.downloads a:has-text("BagIt zip")'),
    ]);
    const path = join(profile, "result-bag.zip");
    await download.saveAs(path);
    const result = await verifyPath(path);
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
  }, 60_000);

  it("never runs what a hostile page carries", async () => {
    await page.goto(`${served.url}?q=zeppelin`);
    expect(await page.locator(".result").count()).toBe(1);
    expect(await page.textContent(".result h2")).toContain(HOSTILE.headline);
    await page.click(".result h2 a");
    await page.waitForURL(/\/c\/news\//);
    expect(await page.textContent("h1")).toBe(HOSTILE.headline);
    expect(await page.evaluate("typeof window.__pwned")).toBe("undefined");
    expect(await page.locator('a[href^="javascript:"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it("asked nothing of any other origin", () => {
    expect(outside).toEqual([]);
  });
});
