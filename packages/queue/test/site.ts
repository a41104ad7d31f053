import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";

/** Host i (from 0) of a loopback site: 127.0.2.1, 127.0.2.2, … (all of 127/8 is loopback on Linux). */
export const siteAddress = (i: number) => `127.0.${2 + Math.floor(i / 250)}.${(i % 250) + 1}`;

export interface SiteOptions {
  readonly hosts: number;
  /** robots.txt body for a host (default: allow all). */
  readonly robots?: (host: string) => string;
  /** Answer this status instead, for the n-th request to a path (429 tests). */
  readonly status?: (host: string, path: string, n: number) => number;
  /** Answer 302 to this URL instead (a redirect, to another host maybe). */
  readonly redirect?: (host: string, path: string) => string | null;
  /** Answer pages after this long (ms), so that a kill lands while requests are in flight. */
  readonly latencyMs?: number;
  /** Answer this instead of the usual article page (a page with images, a stylesheet …). */
  readonly body?: (host: string, path: string) => { type: string; body: string } | null;
}

/**
 * A site on many loopback addresses, one port, that writes down when each request arrived (its
 * own clock), so a test can hold the fleet to the delay as the site saw it.
 */
export class LoopbackSite {
  readonly arrivals: { host: string; path: string; at: number }[] = [];
  readonly #servers: Server[] = [];
  port = 0;
  readonly #options: SiteOptions;

  constructor(options: SiteOptions) {
    this.#options = options;
  }

  url(i: number, path: string): string {
    return `http://${siteAddress(i)}:${this.port}${path}`;
  }

  async start(): Promise<void> {
    for (let i = 0; i < this.#options.hosts; i += 1) {
      const server = createServer((req, res) => this.#answer(req, res));
      await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(this.port, siteAddress(i), () => {
          const a = server.address();
          if (this.port === 0 && a !== null && typeof a === "object") this.port = a.port;
          resolve();
        });
      });
      this.#servers.push(server);
    }
  }

  #answer(req: IncomingMessage, res: ServerResponse): void {
    const host = (req.headers.host ?? "").split(":")[0] ?? "";
    const path = req.url ?? "/";
    this.arrivals.push({ host, path, at: performance.timeOrigin + performance.now() });
    const n = this.arrivals.filter((a) => a.host === host && a.path === path).length;
    if (path === "/robots.txt") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end(this.#options.robots?.(host) ?? "User-agent: *\nAllow: /\n");
      return;
    }
    const location = this.#options.redirect?.(host, path) ?? null;
    if (location !== null) {
      res.writeHead(302, { location });
      res.end();
      return;
    }
    const status = this.#options.status?.(host, path, n) ?? 200;
    const own = this.#options.body?.(host, path) ?? null;
    const send = () => {
      res.writeHead(status, { "content-type": own?.type ?? "text/html; charset=utf-8" });
      res.end(
        own?.body ??
          `<!doctype html><html><head><title>${host}${path}</title></head><body><article><h1>Story ${path} on ${host}</h1><p>${"A paragraph of the story, long enough to be taken for an article's text. ".repeat(4)}</p></article></body></html>`,
      );
    };
    if ((this.#options.latencyMs ?? 0) > 0) setTimeout(send, this.#options.latencyMs);
    else send();
  }

  /** Per host, the smallest gap between two requests (ms); hosts with one request are left out. */
  smallestGaps(): Map<string, number> {
    const byHost = new Map<string, number[]>();
    for (const a of this.arrivals) byHost.set(a.host, [...(byHost.get(a.host) ?? []), a.at]);
    const out = new Map<string, number>();
    for (const [host, times] of byHost) {
      times.sort((x, y) => x - y);
      for (let i = 1; i < times.length; i += 1) {
        const gap = (times[i] as number) - (times[i - 1] as number);
        out.set(host, Math.min(out.get(host) ?? Number.POSITIVE_INFINITY, gap));
      }
    }
    return out;
  }

  async stop(): Promise<void> {
    await Promise.all(
      this.#servers.map((s) => {
        s.closeAllConnections();
        return new Promise((resolve) => s.close(resolve));
      }),
    );
  }
}
