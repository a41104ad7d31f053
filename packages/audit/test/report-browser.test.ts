/**
 * The HTML report as a person sees it, in headless Chromium (Debian's, through playwright-core):
 * it opens from the file system with every network request refused, and its table sorts and
 * filters.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { fixedClock } from "@vellum/model";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { offlineChromium } from "../../../test/support/chromium.js";
import { runAudit, urlSource } from "../src/index.js";
import { SITE, startSite } from "./site.js";

const PATHS = [
  "/news/clean",
  "/news/markup-headline-differs",
  "/news/http-context",
  "/news/image-narrow",
  "/news/no-structured-data",
  "/news/page-not-audited",
  "/blog/microdata-article",
  "/blog/rdfa-article",
];

let dir: string;
let context: BrowserContext;
let page: Page;
/** Every request that was not for a file of the report. */
const outside: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "vellum-audit-browser-"));
  const site = await startSite(SITE.filter((p) => PATHS.includes(p.path)));
  try {
    const result = await runAudit({
      source: urlSource(site.urls, { allowPrivate: true, delayMs: 0 }),
      sourceLabel: `${site.urls.length} URLs`,
      outDir: join(dir, "report"),
      workers: 2,
      clock: fixedClock("2026-01-05T10:00:00Z"),
    });
    // Only the page served as a 404 is not audited: the worker threads audited the others.
    const reasons = JSON.parse(await readFile(join(dir, "report", "audit.json"), "utf8"))
      .pages.flatMap((p: { findings: { rule: string; message: string }[] }) => p.findings)
      .filter((f: { rule: string }) => f.rule === "page-not-audited")
      .map((f: { message: string }) => f.message);
    expect(reasons).toEqual(["HTTP 404"]);
    expect(result.summary.failed).toBe(1);
  } finally {
    await site.close();
  }
  context = await offlineChromium(join(dir, "profile"), { onOutside: (url) => outside.push(url) });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  await page.goto(pathToFileURL(join(dir, "report", "index.html")).href);
}, 120_000);

afterAll(async () => {
  await context?.close();
  if (dir !== undefined) await rm(dir, { recursive: true, force: true });
});

/** A table row as the page's script sees it (this package is typed without the DOM library). */
type Row = { hidden: boolean; dataset: Record<string, string | undefined> };

const visibleRows = () =>
  page.$$eval("#pages tbody tr", (rows) =>
    (rows as unknown as Row[]).filter((r) => !r.hidden).map((r) => r.dataset.url),
  );

describe("index.html in Chromium", () => {
  it("opens offline: no request leaves the report's folder, no script error", async () => {
    expect(await page.title()).toBe("Structured-data audit");
    expect(await page.locator("#pages tbody tr").count()).toBe(PATHS.length);
    expect(await page.locator("#chart-rules svg rect").count()).toBeGreaterThan(3);
    expect(await page.locator("#chart-sections svg text").first().textContent()).toMatch(/news/);
    expect(await page.locator("#shown").textContent()).toBe(
      `${PATHS.length} of ${PATHS.length} pages`,
    );
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });

  it("filters the table by text, severity, section and rule", async () => {
    await page.fill("#q", "microdata");
    expect(await visibleRows()).toEqual([expect.stringMatching(/\/blog\/microdata-article$/)]);
    await page.fill("#q", "");
    await page.selectOption("#section", "blog");
    expect((await visibleRows()).every((u) => u?.includes("/blog/"))).toBe(true);
    expect(await visibleRows()).toHaveLength(2);
    await page.selectOption("#section", "");
    await page.selectOption("#severity", "error");
    const withErrors = await visibleRows();
    expect(withErrors.map((u) => new URL(u ?? "").pathname).sort()).toEqual(
      [
        "/blog/microdata-article",
        "/blog/rdfa-article",
        "/news/markup-headline-differs",
        "/news/page-not-audited",
      ].sort(),
    );
    await page.selectOption("#severity", "clean");
    expect((await visibleRows()).map((u) => new URL(u ?? "").pathname).sort()).toEqual(
      ["/news/clean", "/news/image-narrow"].sort(),
    );
    await page.selectOption("#severity", "");
    await page.selectOption("#rule", "http-context");
    expect(await visibleRows()).toEqual([expect.stringMatching(/\/news\/http-context$/)]);
    await page.selectOption("#rule", "");
    expect(await page.locator("#shown").textContent()).toBe(
      `${PATHS.length} of ${PATHS.length} pages`,
    );
  });

  it("sorts the table by a column, both ways", async () => {
    const errors = () =>
      page.$$eval("#pages tbody tr", (rows) =>
        (rows as unknown as Row[]).map((r) => Number(r.dataset.error)),
      );
    await page.click("#pages th[data-sort=error]");
    const up = await errors();
    expect(up).toEqual([...up].sort((a, b) => a - b));
    await page.click("#pages th[data-sort=error]");
    const down = await errors();
    expect(down).toEqual([...down].sort((a, b) => b - a));
    expect(down[0]).toBeGreaterThan(0);
  });

  it("a page's report shows its findings and the fix, offline", async () => {
    await page.fill("#q", "markup-headline-differs");
    await page.click("#pages tbody tr:not([hidden]) a");
    await page.waitForSelector("#findings");
    expect(await page.locator("#findings tbody tr").count()).toBe(1);
    expect(await page.locator("#findings").textContent()).toContain("markup-headline-differs");
    expect(await page.locator("#comparisons .disagree").count()).toBe(1);
    expect(await page.locator("#fix").textContent()).toContain(
      '<script type="application/ld+json">',
    );
    expect(await page.locator("#patch").textContent()).toMatch(/replace\s+\/@graph\/0\/headline/);
    expect(outside).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
