import type { ServerResponse } from "node:http";
import { createFetcher, type FetchOptions } from "@vellum/fetch";
import { afterEach } from "vitest";
import { type Route, startServer, type TestServer } from "../../../../test/support/route-server.js";
import {
  type DiscoveredUrl,
  type DiscoverOptions,
  discoverUrls,
  fetcherSource,
  type SourceInput,
  type SourceProblem,
  type SourceSummary,
} from "../../src/index.js";

export type { Route, TestServer } from "../../../../test/support/route-server.js";
export { answer, redirectTo } from "../../../../test/support/route-server.js";

/**
 * A loopback server per test: `start(routes)` starts one for the test that calls it, closed
 * after that test.
 */
export function loopback(): (routes: Record<string, Route>) => Promise<TestServer> {
  let current: TestServer | undefined;
  afterEach(async () => {
    await current?.close();
    current = undefined;
  });
  return async (routes) => {
    current = await startServer(routes);
    return current;
  };
}

/** A route that serves bytes with these headers. */
export function serve(
  headers: Record<string, string>,
  body: string | Buffer,
): (_q: unknown, res: ServerResponse) => void {
  return (_q, res) => {
    res.writeHead(200, headers);
    res.end(body);
  };
}

export const XML = { "Content-Type": "application/xml" } as const;

export function urlset(entries: string, extraNs = ""): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"${extraNs}>
${entries}
</urlset>
`;
}

export function sitemapIndex(locs: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${locs.map((l) => `  <sitemap><loc>${l}</loc></sitemap>`).join("\n")}
</sitemapindex>
`;
}

export function fetcherFor(options: FetchOptions = {}) {
  return fetcherSource(
    createFetcher({ allowPrivate: true, delayMs: 0, retries: 0, respectRobots: false, ...options }),
  );
}

export interface Outcome {
  readonly urls: DiscoveredUrl[];
  readonly summary: SourceSummary;
  readonly problems: readonly SourceProblem[];
  readonly codes: string[];
}

/** Runs a discovery to the end with a plain fetcher over loopback. */
export async function discover(
  inputs: readonly SourceInput[],
  options: DiscoverOptions = {},
): Promise<Outcome> {
  const run = discoverUrls(inputs, { fetcher: fetcherFor(), ...options });
  const urls: DiscoveredUrl[] = [];
  for await (const url of run) urls.push(url);
  const summary = run.summary();
  return {
    urls,
    summary,
    problems: summary.problems,
    codes: summary.problems.map((p) => p.code),
  };
}

export function hrefs(outcome: Outcome): string[] {
  return outcome.urls.map((u) => u.url);
}
