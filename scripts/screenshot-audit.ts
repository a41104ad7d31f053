/**
 * `pnpm screenshot:audit`: the README's picture of the audit report (docs/audit-report.png).
 *
 * A site as an SEO team meets one: 36 pages in five sections, most of them sound, the rest with
 * the problems real sites repeat (authors without a URL, dates without a time zone, small lead
 * images, a markup headline the page no longer shows, the byline's "By" in the author's name).
 * Its pages are made from the test site's invented pages (packages/audit/test/site.ts), each
 * moved to its own path and headline, and served on a loopback port. The report is opened in
 * Debian's Chromium with every request that is not a file refused, the page table filtered by a
 * rule, and the top of index.html saved. The clock is fixed so the picture only
 * changes when the report does.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { runAudit, urlSource } from "@vellum/audit";
import { fixedClock } from "@vellum/model";
import { SITE, type SitePage, startSite } from "../packages/audit/test/site.js";
import { offlineChromium } from "../test/support/chromium.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(ROOT, "out", "screenshot-audit");
const PICTURE = join(ROOT, "docs", "audit-report.png");
/** The headline every page of the test site carries, replaced by one of its own per page. */
const TEST_HEADLINE = "Ferry returns to the harbour after two years";

/** [section, slug, headline, the test-site page whose markup (and problems) it has]. */
const PAGES: ReadonlyArray<readonly [string, string, string, string]> = [
  ["news", "council-approves-harbour-budget", "Council approves the harbour budget", "clean"],
  ["news", "ferry-timetable-2025", "Ferry timetable for 2025 published", "author-url-missing"],
  ["news", "storm-closes-coast-road", "Storm closes the coast road", "date-without-time-zone"],
  ["news", "new-school-opens", "New school opens on the hill", "clean"],
  ["news", "lighthouse-keeper-retires", "Lighthouse keeper retires", "author-url-missing"],
  ["news", "water-prices-rise", "Water prices to rise in spring", "markup-headline-differs"],
  ["news", "bridge-repairs-delayed", "Bridge repairs delayed again", "clean"],
  ["news", "mayor-election-date", "Mayor election date set", "date-without-time-zone"],
  ["news", "library-extends-hours", "Library extends its hours", "image-too-small"],
  ["news", "bus-route-returns", "Bus route 4 returns", "clean"],
  ["news", "harbour-dredging", "Harbour dredging starts in May", "author-name-prefix"],
  ["news", "fish-market-moves", "Fish market moves to the quay", "author-url-missing"],
  ["sport", "cup-final-report", "Islanders win the cup final", "image-too-small"],
  ["sport", "rowing-club-centenary", "Rowing club turns 100", "clean"],
  ["sport", "marathon-route", "Marathon route announced", "date-without-time-zone"],
  ["sport", "new-coach", "Harbour FC names a new coach", "author-name-prefix"],
  ["sport", "sailing-regatta", "Regatta draws 80 boats", "image-too-small"],
  ["sport", "stadium-roof", "Stadium roof to be replaced", "clean"],
  ["sport", "youth-league", "Youth league starts on Saturday", "author-url-missing"],
  ["business", "cannery-hiring", "Cannery hires 40 workers", "clean"],
  ["business", "port-fees", "Port fees cut for small boats", "http-context"],
  ["business", "tourism-figures", "Tourism figures up a tenth", "clean"],
  ["business", "bakery-award", "Quay bakery wins an award", "clean"],
  ["business", "shipyard-order", "Shipyard wins a ferry order", "author-url-missing"],
  ["business", "market-day", "Market day moves to Friday", "clean"],
  ["opinion", "save-the-pier", "We must save the old pier", "author-name-prefix"],
  ["opinion", "ferry-fares", "Ferry fares are too high", "markup-author-differs"],
  ["opinion", "letters-week-19", "Letters: the harbour wall", "no-structured-data"],
  ["opinion", "island-housing", "Island housing needs a plan", "date-without-time-zone"],
  ["blog", "walks-on-the-headland", "Five walks on the headland", "clean"],
  ["blog", "seal-watching", "Where to watch seals", "image-too-small"],
  ["blog", "harbour-history", "A short history of the harbour", "no-structured-data"],
  ["blog", "tide-tables", "Reading the tide tables", "clean"],
  ["blog", "photo-walk", "A photo walk at dawn", "author-url-missing"],
  ["news", "old-ferry-page", "The ferry's old page", "page-not-audited"],
  ["news", "quay-lights", "New lights on the quay", "date-without-time-zone"],
];

function sitePages(): SitePage[] {
  return PAGES.map(([section, slug, headline, template]) => {
    const base = SITE.find((p) => p.path.endsWith(`/${template}`));
    if (base === undefined) throw new Error(`no test-site page ${template}`);
    const path = `/${section}/${slug}`;
    return {
      ...base,
      path,
      html: (origin: string) =>
        base.html(origin).replaceAll(base.path, path).replaceAll(TEST_HEADLINE, headline),
    };
  });
}

const site = await startSite(sitePages());
try {
  await runAudit({
    source: urlSource(site.urls, { allowPrivate: true, delayMs: 0 }),
    sourceLabel: `${site.urls.length} URLs of a test site`,
    outDir: join(OUT, "report"),
    clock: fixedClock("2026-12-04T09:00:00Z"),
  });
} finally {
  await site.close();
}
const context = await offlineChromium(join(OUT, "profile"), {
  viewport: { width: 1100, height: 900 },
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(pathToFileURL(join(OUT, "report", "index.html")).href);
  await page.selectOption("#rule", "date-without-time-zone");
  await page.screenshot({ path: PICTURE, fullPage: true });
} finally {
  await context.close();
  await rm(join(OUT, "profile"), { recursive: true, force: true });
}
console.log(`${PICTURE.slice(ROOT.length)} written`);
