import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { FiltersEngine, Request, type RequestType } from "@ghostery/adblocker";
import { VellumError } from "@vellum/model";
import type { BlockList } from "./options.js";

/** Answers true for a request a block list refuses. */
export type RequestFilter = (url: string, resourceType: string, pageUrl: string) => boolean;

/**
 * CDP resource types → the request types filter lists are written for (the WebExtension names
 * `$script`, `$image` … options are matched against).
 */
const FILTER_TYPES: Record<string, RequestType> = {
  Document: "sub_frame",
  Stylesheet: "stylesheet",
  Image: "image",
  Media: "media",
  Font: "font",
  Script: "script",
  XHR: "xhr",
  Fetch: "xhr",
  Ping: "ping",
  WebSocket: "websocket",
  CSPViolationReport: "csp_report",
};

/** TrackerDB categories that `--block ads` refuses. */
const AD_CATEGORIES = new Set(["advertising", "pornvertising"]);

/** The optional package behind `ads`; its licence (CC BY-NC-SA 4.0) is why it is optional. */
const TRACKERDB = "@ghostery/trackerdb";

interface TrackerDb {
  matchUrl(
    request: { url: string; type: string; sourceUrl: string },
    options: { getDomainMetadata: boolean },
  ): Array<{ category?: { key?: string } }>;
}

let trackerDb: Promise<TrackerDb> | null = null;

/**
 * Ghostery's TrackerDB (updated every few days; the database behind Ghostery and WhoTracks.me):
 * every known tracker pattern with its category. `ads` refuses the advertising categories, so
 * analytics and consent tools (which can carry the article) stay. The package is an optional
 * dependency, imported only here, only when `--block ads` is asked for: its data is licensed for
 * non-commercial use, and a commercial user can leave it out (`--no-optional`) and give a list
 * of their own with `--block-list FILE` instead.
 */
function loadAds(): Promise<TrackerDb> {
  trackerDb ??= (async () => {
    let load: (engine: Uint8Array) => Promise<TrackerDb>;
    let engine: string;
    try {
      load = ((await import(TRACKERDB)) as { default: typeof load }).default;
      // The package's entry is dist/{cjs,mjs}/index.js; the prebuilt engine sits in dist/.
      const entry = createRequire(import.meta.url).resolve(TRACKERDB);
      engine = join(dirname(dirname(entry)), "trackerdb.engine");
    } catch (cause) {
      trackerDb = null;
      throw new VellumError("usage", "--block ads needs the optional package @ghostery/trackerdb", {
        value: TRACKERDB,
        hint: "install optional dependencies (its data is CC BY-NC-SA 4.0, non-commercial), or give your own list with --block-list FILE",
        cause,
      });
    }
    try {
      return await load(await readFile(engine));
    } catch (cause) {
      trackerDb = null;
      throw new VellumError("io", "Could not load the ad block list (Ghostery TrackerDB)", {
        value: engine,
        hint: "reinstall the dependencies (pnpm install)",
        cause,
      });
    }
  })();
  return trackerDb;
}

/**
 * Filter lists in EasyList / Adblock Plus syntax (what `--block-list FILE` reads), through
 * Ghostery's filter engine (`@ghostery/adblocker`, MPL-2.0): network rules only, since a capture
 * refuses requests and never hides elements of what the reader saw. Throws `input-invalid` for
 * a text with no rule in it (the wrong file, most likely).
 */
function listEngine(texts: readonly string[]): FiltersEngine {
  const engine = FiltersEngine.parse(texts.join("\n"), {
    loadCosmeticFilters: false,
    loadCSPFilters: false,
    loadNetworkFilters: true,
    loadExceptionFilters: true,
    loadPreprocessors: true,
  });
  if (engine.getFilters().networkFilters.length === 0) {
    throw new VellumError("input-invalid", "The block list holds no network filter rule", {
      hint: "give a filter list in EasyList / Adblock Plus syntax (||ads.example^ …)",
    });
  }
  return engine;
}

/**
 * A filter refusing what any of `lists` or `texts` names; one that allows everything for none.
 * A rule that fails on a request lets that request through: a capture never breaks on a list.
 */
export async function requestFilter(
  lists: readonly BlockList[],
  texts: readonly string[] = [],
): Promise<RequestFilter> {
  const filters: RequestFilter[] = [];
  if (lists.includes("ads")) {
    const db = await loadAds();
    filters.push((url, resourceType, pageUrl) => {
      const matches = db.matchUrl(
        { url, type: FILTER_TYPES[resourceType] ?? "other", sourceUrl: pageUrl },
        { getDomainMetadata: false },
      );
      return matches.some((m) => AD_CATEGORIES.has(m.category?.key ?? ""));
    });
  }
  if (texts.length > 0) {
    const engine = listEngine(texts);
    filters.push((url, resourceType, pageUrl) => {
      const request = Request.fromRawDetails({
        url,
        type: FILTER_TYPES[resourceType] ?? "other",
        sourceUrl: pageUrl,
      });
      return engine.match(request).match;
    });
  }
  if (filters.length === 0) return () => false;
  return (url, resourceType, pageUrl) =>
    filters.some((filter) => {
      try {
        return filter(url, resourceType, pageUrl);
      } catch {
        return false;
      }
    });
}
