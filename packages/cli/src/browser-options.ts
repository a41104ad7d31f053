import { constants } from "node:fs";
import { access, readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { BrowserCapturer, BrowserOptions } from "@vellum/browser";
import type { Fetcher } from "@vellum/fetch";
import { VellumError } from "@vellum/model";
import type { Argv } from "yargs";

/*
 * The options of a capture in Chromium (`snapshot --browser`, `extract --browser`). Only types
 * of @vellum/browser are imported here: the package (and playwright-core under it) loads when a
 * command line asks for a browser, never for an HTTP capture.
 */

export const BROWSER_MODES = ["always", "auto"] as const;
export type BrowserMode = (typeof BROWSER_MODES)[number];
/** @vellum/browser's `SCREENSHOT_MODES` and `BLOCK_LISTS` (a test holds them equal). */
export const SCREENSHOT_CHOICES = ["none", "viewport", "full"] as const;
export const BLOCK_CHOICES = ["ads"] as const;
export const DEFAULT_CHROMIUM = "/usr/bin/chromium";

export interface BrowserArgs {
  readonly browser?: BrowserMode;
  readonly browserTimeout?: string;
  readonly waitFor?: string;
  readonly scroll?: boolean;
  readonly viewport?: string;
  readonly block?: readonly (typeof BLOCK_CHOICES)[number][];
  readonly blockList?: readonly string[];
  readonly screenshot?: (typeof SCREENSHOT_CHOICES)[number];
  readonly pdf?: boolean;
  readonly chromium?: string;
}

/** `modes`: what `--browser` may be given (`extract` renders every input: `always` only). */
export function browserOptions(y: Argv, modes: readonly BrowserMode[] = BROWSER_MODES): Argv {
  return y
    .option("browser", {
      type: "string",
      choices: modes,
      describe:
        modes.length > 1
          ? "Capture pages in Chromium; --browser auto: only pages whose HTTP capture has too little text for an article"
          : "Load the page in Chromium and read the article from the rendered page",
    })
    .option("browser-timeout", {
      type: "string",
      requiresArg: true,
      describe: "With --browser: seconds to load one page (network quiet, scrolled) [default: 30]",
    })
    .option("wait-for", {
      type: "string",
      requiresArg: true,
      describe: "With --browser: wait until this CSS selector matches",
    })
    .option("scroll", {
      type: "boolean",
      describe: "With --browser: scroll to the end for lazy content (--no-scroll: don't)",
    })
    .option("viewport", {
      type: "string",
      requiresArg: true,
      describe: "With --browser: window size WIDTHxHEIGHT [default: 1280x800]",
    })
    .option("block", {
      type: "string",
      array: true,
      choices: BLOCK_CHOICES,
      describe: "With --browser: refuse requests of a filter list (ads: Ghostery's TrackerDB)",
    })
    .option("block-list", {
      type: "string",
      array: true,
      requiresArg: true,
      describe:
        "With --browser: refuse requests a filter list FILE of your own names (EasyList syntax)",
    })
    .option("screenshot", {
      type: "string",
      choices: SCREENSHOT_CHOICES,
      describe: "With --browser: screenshot to record, and a thumbnail [default: full]",
    })
    .option("pdf", {
      type: "boolean",
      describe: "With --browser: also record the page printed to PDF",
    })
    .option("chromium", {
      type: "string",
      requiresArg: true,
      describe: `With --browser: the Chromium to run [default: ${DEFAULT_CHROMIUM}]`,
    });
}

/**
 * `--browser` is a flag that may take a mode. Written with a space, the word after it is its mode
 * only when it is one (`auto`, `always`); anything else (a URL, a file) is left as the command's
 * input, so `vellum extract --browser URL` reads as it is written.
 */
export function joinBrowser(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg !== "--browser") {
      out.push(arg);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && (BROWSER_MODES as readonly string[]).includes(next)) {
      out.push(`--browser=${next}`);
      i++;
    } else out.push("--browser=always");
  }
  return out;
}

function usage(message: string, value: string, command: string): VellumError {
  return new VellumError("usage", message, { value, hint: `see vellum ${command} --help` });
}

/**
 * The browser options given, checked, with the Chromium to run found (unless `findChromium` is
 * false: a fleet's coordinator runs none): null without `--browser` (and a usage error for a
 * browser option given without it). Loads @vellum/browser.
 */
export async function browserSettings(
  args: BrowserArgs,
  command: string,
  cwd: string,
  findChromium = true,
): Promise<BrowserOptions | null> {
  const given = (
    [
      ["browser-timeout", args.browserTimeout],
      ["wait-for", args.waitFor],
      ["scroll", args.scroll],
      ["viewport", args.viewport],
      ["block", args.block],
      ["block-list", args.blockList],
      ["screenshot", args.screenshot],
      ["pdf", args.pdf],
      ["chromium", args.chromium],
    ] as const
  ).filter(([, value]) => value !== undefined);
  if (args.browser === undefined) {
    const first = given[0];
    if (first !== undefined) {
      const name = first[0] === "scroll" && first[1] === false ? "no-scroll" : first[0];
      throw usage(`--${name} needs --browser`, `--${name}`, command);
    }
    return null;
  }
  const { parseViewport } = await import("@vellum/browser");
  let timeoutMs: number | undefined;
  if (args.browserTimeout !== undefined) {
    const text = String(args.browserTimeout).trim();
    if (!/^\d+(\.\d+)?$/.test(text) || Number(text) === 0)
      throw usage(
        "--browser-timeout must be a number of seconds above 0, like 30",
        String(args.browserTimeout),
        command,
      );
    timeoutMs = Math.round(Number(text) * 1000);
  }
  const blockLists: string[] = [];
  for (const file of args.blockList ?? []) {
    try {
      blockLists.push(await readFile(resolve(cwd, file), "utf8"));
    } catch (cause) {
      throw new VellumError("input-not-found", "Cannot read the filter list", {
        value: file,
        hint: "--block-list names a file of EasyList / Adblock Plus rules",
        cause,
      });
    }
  }
  if (args.waitFor !== undefined && args.waitFor.trim() === "")
    throw usage("--wait-for takes a CSS selector", args.waitFor, command);
  const settings: BrowserOptions = {
    executablePath: args.chromium ?? DEFAULT_CHROMIUM,
    ...(args.viewport === undefined ? {} : { viewport: parseViewport(args.viewport) }),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    ...(args.waitFor === undefined ? {} : { waitFor: args.waitFor }),
    ...(args.scroll === undefined ? {} : { scroll: args.scroll }),
    ...(args.block === undefined ? {} : { block: [...new Set(args.block)] }),
    ...(blockLists.length === 0 ? {} : { blockLists }),
    ...(args.screenshot === undefined ? {} : { screenshot: args.screenshot }),
    ...(args.pdf === undefined ? {} : { pdf: args.pdf }),
  };
  if (findChromium) await checkChromium(settings.executablePath ?? DEFAULT_CHROMIUM);
  return settings;
}

/**
 * Checks that the Chromium to run is there before anything else happens (no collection is
 * created for a run that cannot start): one line and exit 13 when it is not.
 */
export async function checkChromium(path: string): Promise<void> {
  try {
    await access(path, constants.X_OK);
  } catch {
    throw new VellumError("browser-failed", "Chromium is not installed", {
      value: path,
      hint: "install it (apt-get install chromium, or scripts/setup.sh), or name it with --chromium PATH",
    });
  }
}

/**
 * Loads @vellum/browser (only now) and starts Chromium on `fetcher`'s rules; `signal` stops every
 * page (a fleet worker gives none: it finishes its pages when asked to stop, and each job has a
 * signal of its own).
 */
export async function startBrowser(
  settings: BrowserOptions,
  fetcher: Fetcher,
  signal?: AbortSignal,
): Promise<BrowserCapturer> {
  const { openBrowser } = await import("@vellum/browser");
  return openBrowser({ ...settings, fetcher, ...(signal === undefined ? {} : { signal }) });
}
