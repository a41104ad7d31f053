import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FleetQueue, parseQueueUrl } from "@vellum/queue";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { freePort, RedisServer } from "../../queue/test/redis.js";
import { ExitCode } from "../src/exit-codes.js";
import { runCli } from "./run-cli.js";

let redis: RedisServer;
beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await redis.stop();
});

describe("vellum status --queue", () => {
  test("shows the queue's counts as JSON and as lines", async () => {
    const queue = await FleetQueue.open(parseQueueUrl(redis.url));
    await queue.add([
      { url: "http://a.test/1" },
      { url: "http://a.test/2" },
      { url: "http://b.test/" },
    ]);
    await queue.close();
    const json = await runCli(["status", "--queue", redis.url, "--json"]);
    expect(json.code).toBe(ExitCode.ok);
    const status = JSON.parse(json.stdout);
    expect(status.queue).toMatchObject({ waiting: 3, active: 0, done: 0, seen: 3 });
    const text = await runCli(["status", "--queue", redis.url]);
    expect(text.stdout).toMatch(/jobs: 3 waiting, 0 delayed/);
  });

  test("a Redis that does not answer is one line and its own exit code", async () => {
    const port = await freePort();
    const { code, stderr } = await runCli(["status", "--queue", `redis://127.0.0.1:${port}/0`]);
    expect(code).toBe(ExitCode.queueUnreachable);
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toMatch(/Redis server cannot be reached/);
  });

  test("neither a directory nor --queue is bad usage", async () => {
    expect((await runCli(["status"])).code).toBe(ExitCode.usage);
  });
});

describe("vellum worker --wait-for-queue", () => {
  test("says it waits for a Redis that is away, then gives up with the queue's exit code", async () => {
    const queue = `redis://127.0.0.1:${await freePort()}/0`;
    const out = mkdtempSync(join(tmpdir(), "vellum-worker-wait-"));
    const worker = (wait: string) =>
      runCli(["worker", "--queue", queue, "--out", out, "--wait-for-queue", wait]);
    try {
      const waited = await worker("1");
      expect(waited.code).toBe(ExitCode.queueUnreachable);
      const lines = waited.stderr.trim().split("\n");
      expect(lines[0]).toMatch(/Redis unreachable \(.*\); waiting for it/);
      expect(lines.at(-1)).toMatch(/Redis server cannot be reached/);
      const bad = await worker("soon");
      expect(bad.code).toBe(ExitCode.usage);
      expect(bad.stderr).toMatch(/--wait-for-queue must be a whole number/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
