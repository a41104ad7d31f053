import { answer, startServer, type TestServer } from "../../../test/support/route-server.js";

/** A short article the snapshot tests capture. */
export const HARBOUR_PAGE =
  "<html><head><title>Harbour news</title></head><body><article><h1>Harbour news</h1><p>The harbour reopened on Monday after a week of repairs, the port authority said.</p></article></body></html>";

/** A loopback site whose robots.txt allows every crawler, serving `HARBOUR_PAGE` at each path. */
export function startArticleSite(paths: readonly string[]): Promise<TestServer> {
  const article = answer(200, { "Content-Type": "text/html" }, HARBOUR_PAGE);
  return startServer({
    "/robots.txt": answer(200, { "Content-Type": "text/plain" }, "User-agent: *\nAllow: /\n"),
    ...Object.fromEntries(paths.map((path) => [path, article])),
  });
}

/** `vellum snapshot` of `urls` into `out` from a loopback site, with no pause between requests. */
export function snapshotArgs(out: string, urls: readonly string[], ...options: string[]): string[] {
  return ["snapshot", ...options, "--allow-private", "--delay", "0", "--out", out, ...urls];
}
