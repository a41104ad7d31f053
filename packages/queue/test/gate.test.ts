import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { connect, FleetKeys, HopGate, HostGate, parseQueueUrl } from "../src/index.js";
import { RedisServer } from "./redis.js";

let redis: RedisServer;
let client: Redis;

beforeAll(async () => {
  redis = await RedisServer.start();
  client = connect(parseQueueUrl(redis.url));
  await client.connect();
});
afterAll(async () => {
  client.disconnect();
  await redis.stop();
});

describe("the fleet's host gate (Lua on a real redis-server)", () => {
  test("one request per host: a second ask waits for the first to end plus the delay", async () => {
    const gate = new HostGate(client, { queueName: "g1", delayMs: 5_000, perHost: 1 });
    const first = await gate.acquire("a.test");
    expect(first.granted).toBe(true);
    const second = await gate.acquire("a.test");
    expect(second.granted).toBe(false);
    if (!second.granted) {
      expect(second.waitMs).toBeGreaterThan(4_000);
      expect(second.waitMs).toBeLessThanOrEqual(5_000);
    }
    // Another host is not held up by this one.
    expect((await gate.acquire("b.test")).granted).toBe(true);
    if (first.granted) await gate.release(first.lease);
    const after = await gate.acquire("a.test");
    expect(after.granted).toBe(false);
    if (!after.granted) expect(after.waitMs).toBeGreaterThan(4_000);
  });

  test("with no delay, the per-host concurrency is what limits, fleet-wide", async () => {
    const one = new HostGate(client, { queueName: "g2", delayMs: 0, perHost: 2 });
    const other = new HostGate(client, { queueName: "g2", delayMs: 0, perHost: 2 });
    const a = await one.acquire("c.test");
    const b = await other.acquire("c.test");
    const c = await one.acquire("c.test");
    expect([a.granted, b.granted, c.granted]).toEqual([true, true, false]);
    if (a.granted) await one.release(a.lease);
    expect((await other.acquire("c.test")).granted).toBe(true);
  });

  test("a job refused by a full host looks again about when a request to it ends, not when the lease would lapse", async () => {
    // The lease's 30 s is the bound for a holder that died; a live holder's request ends far
    // sooner, and a refused job that waited out the lease left the host idle for most of it.
    const gate = new HostGate(client, { queueName: "g2b", delayMs: 0, perHost: 1 });
    const first = await gate.acquire("f.test");
    if (!first.granted) throw new Error("not granted");
    const before = await gate.acquire("f.test");
    expect(before.granted).toBe(false);
    // Nothing known of the host yet: a short first guess.
    if (!before.granted) expect(before.waitMs).toBeLessThanOrEqual(500);
    await new Promise((resolve) => setTimeout(resolve, 120));
    await gate.release(first.lease);
    const second = await gate.acquire("f.test");
    if (!second.granted) throw new Error("not granted after the release");
    const refused = await gate.acquire("f.test");
    expect(refused.granted).toBe(false);
    // About as long as its last request took (120 ms and more), far below the lease.
    if (!refused.granted) {
      expect(refused.waitMs).toBeGreaterThanOrEqual(100);
      expect(refused.waitMs).toBeLessThan(2_000);
    }
    await gate.release(second.lease);
  });

  test("a killed holder's lease expires, so its host is not blocked for ever", async () => {
    const gate = new HostGate(client, { queueName: "g3", delayMs: 0, leaseMs: 200 });
    expect((await gate.acquire("d.test")).granted).toBe(true);
    expect((await gate.acquire("d.test")).granted).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await gate.acquire("d.test")).granted).toBe(true);
  });

  test("a held lease is renewed; an expired one is reported lost", async () => {
    const gate = new HostGate(client, { queueName: "g3b", delayMs: 0, leaseMs: 200 });
    const held = await gate.acquire("e.test");
    if (!held.granted) throw new Error("not granted");
    expect(await gate.renew(held.lease)).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 450));
    expect(await gate.renew(held.lease)).toBe(false);
  });

  test("429/503 slow that host only, doubling, and a success lets it recover", async () => {
    const gate = new HostGate(client, { queueName: "g4", delayMs: 0 });
    const keys = new FleetKeys("g4");
    const lease = async (host: string) => {
      const answer = await gate.acquire(host);
      if (!answer.granted) throw new Error(`${host} not granted`);
      return answer.lease;
    };
    await gate.release(await lease("slow.test"), { throttled: true });
    expect(Number(await client.hget(keys.host("slow.test"), "backoff"))).toBe(1_000);
    const refused = await gate.acquire("slow.test");
    expect(refused.granted).toBe(false);
    if (!refused.granted) expect(refused.waitMs).toBeGreaterThan(500);
    expect((await gate.acquire("fast.test")).granted).toBe(true);
    // Its next answer is throttled again: the backoff doubles (kept below the ceiling).
    await client.hset(keys.host("slow.test"), "next", 0);
    await gate.release(await lease("slow.test"), { throttled: true });
    expect(Number(await client.hget(keys.host("slow.test"), "backoff"))).toBe(2_000);
    // Retry-After asks for longer: it is obeyed.
    await client.hset(keys.host("slow.test"), "next", 0);
    await gate.release(await lease("slow.test"), { throttled: true, retryAfterMs: 30_000 });
    expect(Number(await client.hget(keys.host("slow.test"), "backoff"))).toBe(30_000);
    await client.hset(keys.host("slow.test"), "next", 0);
    await gate.release(await lease("slow.test"));
    expect(Number(await client.hget(keys.host("slow.test"), "backoff"))).toBe(15_000);
    const hosts = await gate.hosts();
    expect(hosts.find((h) => h.host === "slow.test")?.throttled).toBe(3);
  });

  test("a host's Crawl-delay raises its delay above the run's", async () => {
    const gate = new HostGate(client, { queueName: "g5", delayMs: 100 });
    await gate.setCrawlDelay("f.test", 10_000);
    const first = await gate.acquire("f.test");
    if (!first.granted) throw new Error("not granted");
    const second = await gate.acquire("f.test");
    expect(second.granted).toBe(false);
    if (!second.granted) expect(second.waitMs).toBeGreaterThan(9_000);
    expect((await gate.hosts()).find((h) => h.host === "f.test")?.delayMs).toBe(10_000);
  });

  test("a Crawl-delay read after its request let the slot go still spaces the host's next start from that request", async () => {
    const gate = new HostGate(client, { queueName: "g7", delayMs: 100 });
    const robots = await gate.acquire("r.test");
    if (!robots.granted) throw new Error("not granted");
    await gate.release(robots.lease);
    await gate.setCrawlDelay("r.test", 5_000);
    const next = await gate.acquire("r.test");
    expect(next.granted).toBe(false);
    if (!next.granted) expect(next.waitMs).toBeGreaterThan(4_000);
  });

  test("a job's hops: the first uses the job's slot, a redirect to another host waits for that host's", async () => {
    const gate = new HostGate(client, { queueName: "g6", delayMs: 300 });
    const keys = new FleetKeys("g6");
    // Host b.test was just used by someone else: its next start is 300 ms away.
    const other = await gate.acquire("b.test");
    if (!other.granted) throw new Error("not granted");
    await gate.release(other.lease);
    const first = await gate.acquire("a.test");
    if (!first.granted) throw new Error("not granted");
    const hops = new HopGate(gate, first.lease);
    const order: string[] = [];
    const t0 = Date.now();
    await hops.run(
      "a.test",
      async () => order.push("a"),
      () => ({}),
    );
    // The job's slot is let go once its first request is answered, and a.test's next start is
    // that answer plus the delay: nobody else gets a.test meanwhile.
    expect(await client.zcard(keys.leases("a.test"))).toBe(0);
    expect((await gate.acquire("a.test")).granted).toBe(false);
    await hops.run(
      "b.test",
      async () => order.push(`b after ${Date.now() - t0 >= 200}`),
      () => ({
        throttled: true,
      }),
    );
    expect(order).toEqual(["a", "b after true"]);
    // What the hop's answer said reached b.test's state (a 429 there backs it off).
    expect(Number(await client.hget(keys.host("b.test"), "backoff"))).toBe(1_000);
    // A second request to a.test waits for a slot of its own: at once here, a.test's delay
    // having passed while the hop to b.test waited; another one right after it waits the delay.
    let secondAt = 0;
    await hops.run(
      "a.test",
      async () => {
        secondAt = Date.now();
      },
      () => ({}),
    );
    expect(secondAt - t0).toBeGreaterThanOrEqual(250);
    await hops.run(
      "a.test",
      async () => undefined,
      () => ({}),
    );
    expect(Date.now() - secondAt).toBeGreaterThanOrEqual(250);
    await hops.close();
    await hops.close();
  });
  test("a request to the job's host while its first one is still running waits for a slot of its own (a browser page's requests run at once)", async () => {
    const gate = new HostGate(client, { queueName: "g8", delayMs: 0 });
    const keys = new FleetKeys("g8");
    const first = await gate.acquire("p.test");
    if (!first.granted) throw new Error("not granted");
    const hops = new HopGate(gate, first.lease);
    const order: string[] = [];
    let leasesWhileFirstRan = -1;
    const navigation = hops.run(
      "p.test",
      async () => {
        order.push("page starts");
        await new Promise((resolve) => setTimeout(resolve, 300));
        leasesWhileFirstRan = await client.zcard(keys.leases("p.test"));
        order.push("page answered");
        return { status: 200 };
      },
      () => ({}),
    );
    const script = hops.run(
      "p.test",
      async () => {
        order.push("script starts");
        return { status: 200 };
      },
      () => ({}),
    );
    await Promise.all([navigation, script]);
    // The job's slot stayed the page's until its answer; only then did the script get one.
    expect(order).toEqual(["page starts", "page answered", "script starts"]);
    expect(leasesWhileFirstRan).toBe(1);
    expect(await client.zcard(keys.leases("p.test"))).toBe(0);
    await hops.close();
  });
});
