import type { Page } from "playwright-core";

/**
 * Text of the replayed page in the catalog (`serveCatalog` of @vellum/catalog), once it holds
 * `word`: ReplayWeb.page's frame (under /replay/w/) nested in its element. */
export async function waitForReplayText(p: Page, word: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    for (const frame of p.frames()) {
      if (!frame.url().includes("/replay/w/")) continue;
      try {
        last = String(await frame.evaluate("document.body ? document.body.textContent : ''"));
        if (last.includes(word)) return last;
      } catch {
        // The frame navigated while we read it; try again.
      }
    }
    await p.waitForTimeout(250);
  }
  return `${last}\nframes: ${p
    .frames()
    .map((f) => f.url())
    .join(", ")}`;
}
