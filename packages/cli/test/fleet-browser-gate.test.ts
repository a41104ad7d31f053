/**
 * The fleet's gate as a browser page's requests meet it (`requestGate` over a job's `HopGate`,
 * on a real redis-server, in Debian's Chromium): the page's navigation uses the slot its job
 * holds, every other request asks the gate for one, and a 429 is told to the gate with its
 * `Retry-After`.
 */
import { openBrowser } from "@vellum/browser";
import { createFetcher, releaseExchanges } from "@vellum/fetch";
import {
  connect,
  FleetKeys,
  HopGate,
  type HopOutcome,
  HostGate,
  type Lease,
  parseQueueUrl,
} from "@vellum/queue";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { answer, startServer, type TestServer } from "../../../test/support/route-server.js";
import { RedisServer } from "../../queue/test/redis.js";
import { requestGate } from "../src/commands/fleet.js";

let redis: RedisServer;
let client: ReturnType<typeof connect>;
let server: TestServer;

beforeAll(async () => {
  redis = await RedisServer.start();
  client = connect(parseQueueUrl(redis.url));
  await client.connect();
  server = await startServer({
    "/story": answer(
      200,
      { "Content-Type": "text/html; charset=utf-8" },
      `<!doctype html><html><head><title>Story</title><script src="/app.js"></script></head>
       <body><article><h1>Story</h1><p>${"Words of the story. ".repeat(40)}</p>
       <img src="/busy.png" alt=""></article></body></html>`,
    ),
    "/app.js": answer(200, { "Content-Type": "text/javascript" }, "document.title += '.';"),
    "/busy.png": answer(429, { "Content-Type": "text/plain", "Retry-After": "2" }, "slow down"),
  });
});

afterAll(async () => {
  await server?.close();
  client?.disconnect();
  await redis?.stop();
});

/** The fleet's gate, writing down what it is asked and told. */
class WatchedGate extends HostGate {
  readonly log: string[] = [];
  override async acquire(host: string) {
    this.log.push(`acquire ${host}`);
    return super.acquire(host);
  }
  override async release(lease: Lease, outcome: HopOutcome = {}) {
    const told = outcome.throttled === true ? ` throttled ${outcome.retryAfterMs ?? "-"}` : "";
    this.log.push(`release ${lease.token}${told}`);
    return super.release(lease, outcome);
  }
}

describe("a browser page through a fleet job's gate", () => {
  test("the navigation uses the job's held slot; the page's other requests each ask for one; the 429 slows the host as its Retry-After asks", async () => {
    const gate = new WatchedGate(client, { queueName: "bg", delayMs: 0 });
    const host = new URL(server.origin).host;
    const held = await gate.acquire(host);
    if (!held.granted) throw new Error("not granted");
    gate.log.length = 0;
    const hops = new HopGate(gate, held.lease);
    const fetcher = createFetcher({
      allowPrivateHosts: ["127.0.0.1"],
      respectRobots: false,
      retries: 0,
      concurrency: 10_000,
      perHostConcurrency: 10_000,
      delayMs: 0,
    });
    const browser = await openBrowser({ fetcher, timeoutMs: 20_000, screenshot: "none" });
    const hitsBefore = server.hits.length;
    try {
      const page = await browser.capture(`${server.origin}/story`, { gate: requestGate(hops) });
      try {
        expect(page.error).toBeNull();
        const requested = server.hits.slice(hitsBefore);
        expect(requested[0]).toBe("/story");
        expect(requested).toContain("/app.js");
        expect(requested).toContain("/busy.png");
        // First the held slot, let go when the navigation's answer was read (not a 429); then
        // one slot asked and let go for each of the page's other requests.
        expect(gate.log[0]).toBe(`release ${held.lease.token}`);
        const asked = gate.log.filter((line) => line.startsWith("acquire"));
        expect(asked.every((line) => line === `acquire ${host}`)).toBe(true);
        const freed = gate.log.filter((line) => line.startsWith("release "));
        expect(freed.length).toBe(requested.length);
        // The 429 told to the gate, with its Retry-After (2 s).
        expect(gate.log.filter((line) => line.includes(" throttled")).length).toBe(1);
        expect(gate.log.some((line) => line.endsWith(" throttled 2000"))).toBe(true);
        // Each request recorded once, with what the host answered.
        const answered = new Map(page.exchanges.map((e) => [new URL(e.url).pathname, e.status]));
        expect(page.exchanges.length).toBe(requested.length);
        expect([...answered.keys()].sort()).toEqual([...requested].sort());
        expect(answered.get("/story")).toBe(200);
        expect(answered.get("/app.js")).toBe(200);
        expect(answered.get("/busy.png")).toBe(429);
      } finally {
        await releaseExchanges(page.exchanges);
      }
      // ... and is in the host's state, for every worker.
      const state = (await gate.hosts()).find((h) => h.host === host);
      expect(state?.throttled).toBe(1);
      expect(await client.zcard(new FleetKeys("bg").leases(host))).toBe(0);
    } finally {
      await browser.close();
      await hops.close();
    }
  }, 60_000);
});
