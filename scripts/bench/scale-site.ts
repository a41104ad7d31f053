/**
 * The scale bench's loopback site: `--pages N` small article pages over `--hosts H` addresses
 * 127.0.(2 + i/250).(1 + i%250), one port, robots.txt allowing all. It writes down when each
 * request reached each host, by its own clock: `GET /__stats` on any host answers the request
 * count, the first and last arrival, and per host the smallest gap between two requests.
 * Prints `{"port":…}` once listening.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const HOSTS = option("hosts", 1_000);
export const address = (i: number) => `127.0.${2 + Math.floor(i / 250)}.${(i % 250) + 1}`;

const last = new Map<string, number>();
const smallest = new Map<string, number>();
let requests = 0;
let first = 0;
let latest = 0;

function answer(req: IncomingMessage, res: ServerResponse) {
  const host = (req.headers.host ?? "").split(":")[0] ?? "";
  const path = req.url ?? "/";
  if (path === "/__stats") {
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({ requests, first, last: latest, smallestGaps: Object.fromEntries(smallest) }),
    );
    return;
  }
  const now = performance.timeOrigin + performance.now();
  requests += 1;
  if (first === 0) first = now;
  latest = now;
  const before = last.get(host);
  if (before !== undefined)
    smallest.set(host, Math.min(smallest.get(host) ?? Infinity, now - before));
  last.set(host, now);
  if (path === "/robots.txt") {
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("User-agent: *\nAllow: /\n");
    return;
  }
  res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
  res.end(
    `<!doctype html><html lang="en"><head><title>Story ${path} on ${host}</title></head><body><article><h1>Story ${path}</h1>${"<p>The council met on Tuesday to agree the budget for the harbour, the museum and the library, and the mayor spoke.</p>".repeat(6)}</article></body></html>`,
  );
}

const servers: Server[] = [];
let port = 0;
for (let i = 0; i < HOSTS; i += 1) {
  const server = createServer(answer);
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address(i), () => {
      const a = server.address();
      if (port === 0 && a !== null && typeof a === "object") port = a.port;
      resolve();
    });
  });
  servers.push(server);
}
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on("SIGTERM", () => process.exit(0));
