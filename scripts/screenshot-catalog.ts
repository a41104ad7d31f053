/**
 * `pnpm screenshot:catalog`: the README's pictures of `vellum serve` (docs/catalog-search.png and
 * docs/catalog-article.png). The catalog test's collection (the samples, a hostile page and a
 * page edited between two captures, captured from a loopback server) is served on a loopback
 * port and opened in Debian's Chromium; the search page and the edited article's page are saved.
 */
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serveCatalog } from "@vellum/catalog";
import { buildFixture } from "../packages/catalog/test/fixture.js";
import { offlineChromium } from "../test/support/chromium.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const fixture = await buildFixture();
const served = await serveCatalog({ dirs: [fixture.dir], port: 0 });
// Offline except for the catalog's own loopback origin.
const profile = join(tmpdir(), `vellum-screenshot-${process.pid}`);
const context = await offlineChromium(profile, {
  viewport: { width: 1280, height: 900 },
  allow: (url) => url.startsWith(served.url),
});
try {
  const page = await context.newPage();
  await page.goto(`${served.url}?q=council`);
  await page.screenshot({ path: join(ROOT, "docs", "catalog-search.png") });
  await page.goto(`${served.url}?q=ferry`);
  await page.click(".result h2 a");
  await page.waitForURL(/\/c\//);
  await page.screenshot({ path: join(ROOT, "docs", "catalog-article.png"), fullPage: false });
} finally {
  await context.close();
  await served.close();
  await fixture.server.close();
  await rm(dirname(fixture.dir), { recursive: true, force: true });
  await rm(profile, { recursive: true, force: true });
}
