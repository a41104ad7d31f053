/**
 * The peer of `pnpm bench browser`: a plain playwright-core loop over the same pages with the
 * same Chromium and switches — a fresh context per page, `goto` until the network is idle, then
 * `page.content()` — `--concurrency` pages at once. It records nothing: it is what loading the
 * pages costs, the floor Vellum's capture (every exchange to WARC, screenshots, article) is
 * measured against. Prints `{"page":n}` per page and a last line `{"done":true,…}`.
 * `browser-peer.ts --list FILE [--concurrency 2]`.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { CHROMIUM_ARGS } from "@vellum/browser";
import { chromium } from "playwright-core";

const { values } = parseArgs({
  options: {
    list: { type: "string" },
    concurrency: { type: "string", default: "2" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
  },
});
const urls = readFileSync(values.list as string, "utf8")
  .split("\n")
  .filter(Boolean);
const browser = await chromium.launch({
  executablePath: values.chromium,
  args: [...CHROMIUM_ARGS],
});
let next = 0;
let done = 0;
let failed = 0;
let chars = 0;
await Promise.all(
  Array.from({ length: Number(values.concurrency) }, async () => {
    for (;;) {
      const url = urls[next++];
      if (url === undefined) return;
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      try {
        const page = await context.newPage();
        await page.goto(url, { waitUntil: "networkidle", timeout: 30_000 });
        chars += (await page.content()).length;
      } catch {
        failed += 1;
      } finally {
        await context.close();
      }
      process.stdout.write(`${JSON.stringify({ page: ++done })}\n`);
    }
  }),
);
await browser.close();
process.stdout.write(`${JSON.stringify({ done: true, pages: done, failed, chars })}\n`);
