import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  FleetKeys,
  FleetQueue,
  fleetStatus,
  hostOf,
  jobIdFor,
  parseQueueUrl,
} from "../src/index.js";
import { RedisServer } from "./redis.js";

// A worker killed with SIGKILL while a URL is in flight: `status` must call it lost (not running)
// with when it was last seen, and say where the URL it held is: stalled (active, its lock
// expired), then back in the queue once a live worker's stalled check moved it, then captured.

const WORKER = new URL("./fleet-worker.ts", import.meta.url).pathname;
const LOCK_MS = 2_000;

let redis: RedisServer;
let server: Server;
let port = 0;
let out: string;
/** While true, `/hang` never answers: the worker that takes it is killed mid-request. */
let hang = true;
const arrivals: string[] = [];
const children: ChildProcess[] = [];

function startWorker(): ChildProcess {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", WORKER, redis.url, out, "0", "2", String(LOCK_MS)],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  children.push(child);
  return child;
}

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 120_000) {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function committed(): string[] {
  return readdirSync(out)
    .filter((name) => name.endsWith(".log"))
    .flatMap((name) => readFileSync(join(out, name), "utf8").split("\n"))
    .filter((line) => line !== "");
}

beforeAll(async () => {
  redis = await RedisServer.start();
  server = createServer((req, res) => {
    arrivals.push(req.url ?? "");
    if (req.url === "/robots.txt") {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("User-agent: *\nAllow: /\n");
    } else if (req.url === "/hang" && hang) {
      // Never answered: the worker holding it is killed.
    } else {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("<html><body><p>answered</p></body></html>");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  port = address !== null && typeof address === "object" ? address.port : 0;
  out = mkdtempSync(join(tmpdir(), "vellum-lost-"));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill("SIGKILL");
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await redis.stop();
  rmSync(out, { recursive: true, force: true });
});

describe("status of a worker killed with SIGKILL", () => {
  test("shows it lost with when it was last seen, and its URL stalled, then back in the queue, then captured once", async () => {
    const url = `http://127.0.0.1:${port}/hang`;
    const fleet = await FleetQueue.open(parseQueueUrl(redis.url));
    const status = () => fleetStatus(fleet.redis, "vellum");
    expect(await fleet.add([{ url }])).toBe(1);

    const victim = startWorker();
    await until("the request in flight", () => arrivals.includes("/hang"));
    const before = await status();
    expect(before.workers).toHaveLength(1);
    expect(before.workers[0]).toMatchObject({ state: "running", live: true, lostJobs: null });
    expect(before.queue).toMatchObject({ active: 1, stalled: 0 });

    victim.kill("SIGKILL");
    await new Promise((resolve) => victim.once("exit", resolve));
    // Its heartbeat expires (Redis's clock), then the lock of the job it held.
    await until("the worker taken for lost, its job's lock expired", async () => {
      const s = await status();
      return s.workers[0]?.state === "lost" && s.queue.stalled === 1;
    });
    const lost = await status();
    const dead = lost.workers[0];
    expect(dead).toMatchObject({
      live: false,
      state: "lost",
      lostJobs: { stalled: 1, requeued: 0 },
    });
    expect(dead?.lastSeen).toBe(dead?.at);
    expect(Date.parse(dead?.lastSeen ?? "")).toBeGreaterThan(0);
    expect(lost.queue).toMatchObject({ active: 1, stalled: 1, waiting: 0 });

    // Its host's next slot far away: a live worker's stalled check puts the job back, and the
    // gate delays it there, so it is seen back in the queue before anyone captures it.
    const keys = new FleetKeys("vellum");
    await fleet.redis.hset(keys.host(hostOf(url)), "next", String(Date.now() + 3_600_000));
    startWorker();
    await until("the job back in the queue", async () => {
      const s = await status();
      return s.queue.delayed === 1 && s.queue.active === 0;
    });
    const back = await status();
    const backDead = back.workers.find((w) => w.id === dead?.id);
    expect(backDead).toMatchObject({ state: "lost", lostJobs: { stalled: 0, requeued: 1 } });
    expect(back.queue.stalled).toBe(0);
    expect(back.workers.filter((w) => w.live)).toHaveLength(1);

    // Let the host go and the job run now: captured once, by the live worker.
    hang = false;
    await fleet.redis.hset(keys.host(hostOf(url)), "next", "0");
    const connection = new Redis(redis.port, "127.0.0.1", { maxRetriesPerRequest: null });
    const queue = new Queue("vellum", { connection });
    await (await queue.getJob(jobIdFor(url)))?.promote();
    await queue.close();
    connection.disconnect();
    await until("the URL committed", () => committed().includes(url));
    await until("the job acknowledged", async () => (await status()).queue.done === 1);
    const end = await status();
    expect(end.workers.find((w) => w.id === dead?.id)).toMatchObject({
      state: "lost",
      lostJobs: { stalled: 0, requeued: 0 },
    });
    expect(committed()).toEqual([url]);
    expect(existsSync(join(out, `${dead?.id}.log`))).toBe(false);
    await fleet.close();
  }, 180_000);
});
