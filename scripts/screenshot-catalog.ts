/**
 * `pnpm screenshot:catalog`: the README's pictures of `vellum serve` (docs/catalog-search.png and
 * docs/catalog-article.png). The catalog test's collection (the samples, a hostile page and a
 * page edited between two captures, captured from a loopback server) is served on a loopback
 * port and opened in Debian's Chromium; the search page and the edited article's page are saved.
 */
import { rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveCatalog } from "@vellum/catalog";
import { chromium } from "playwright-core";
import { buildFixture } from "../packages/catalog/test/fixture.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const fixture = await buildFixture();
const served = await serveCatalog({ dirs: [fixture.dir], port: 0 });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${served.url}?q=council`);
  await page.screenshot({ path: join(ROOT, "docs", "catalog-search.png") });
  await page.goto(`${served.url}?q=ferry`);
  await page.click(".result h2 a");
  await page.waitForURL(/\/c\//);
  await page.screenshot({ path: join(ROOT, "docs", "catalog-article.png"), fullPage: false });
} finally {
  await browser.close();
  await served.close();
  await fixture.server.close();
  await rm(dirname(fixture.dir), { recursive: true, force: true });
}
