import { existsSync } from "node:fs";
import { CHROMIUM_ARGS } from "@vellum/browser";
import { type BrowserContext, chromium } from "playwright-core";

/** Debian's Chromium: no browser download works on these machines. */
export const CHROMIUM = "/usr/bin/chromium";

/**
 * Chromium with a fresh profile in `profileDir`, where every request that `allow` does not pass
 * (default: anything but a file) is refused and told to `onOutside`: what is opened must work
 * without the network (a report from its folder, a catalog from its own loopback origin).
 */
export async function offlineChromium(
  profileDir: string,
  options: {
    readonly viewport?: { readonly width: number; readonly height: number };
    readonly onOutside?: (url: string) => void;
    readonly allow?: (url: string) => boolean;
    readonly acceptDownloads?: boolean;
  } = {},
): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: scripts/setup.sh installs it`);
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    // The capture's switches: headless, and nothing the browser fetches on its own.
    args: [...CHROMIUM_ARGS],
    ...(options.viewport === undefined ? {} : { viewport: options.viewport }),
    ...(options.acceptDownloads === undefined ? {} : { acceptDownloads: options.acceptDownloads }),
  });
  const allow = options.allow ?? ((url: string) => url.startsWith("file:"));
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (allow(url)) await route.continue();
    else {
      options.onOutside?.(url);
      await route.abort();
    }
  });
  return context;
}
