import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { FleetQueue, parseQueueUrl } from "../src/index.js";
import { RedisServer } from "./redis.js";

let redis: RedisServer;

beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await redis.stop();
});

describe("connecting while Redis is away", () => {
  test("a fleet member connecting during a Redis restart waits for it rather than giving up", async () => {
    await redis.kill();
    const location = parseQueueUrl(redis.url);
    const states: string[] = [];
    const restart = setTimeout(() => void redis.start(), 800);
    const fleet = await FleetQueue.open(location, {
      waitMs: 20_000,
      onState: (state) => states.push(state),
    });
    clearTimeout(restart);
    expect(await fleet.redis.ping()).toBe("PONG");
    expect(states).toContain("down");
    await fleet.close();
  });

  test("without a wait, or past it, one clear queue-unreachable error", async () => {
    await redis.kill();
    const location = parseQueueUrl(redis.url);
    await expect(FleetQueue.open(location)).rejects.toMatchObject({ code: "queue-unreachable" });
    await expect(FleetQueue.open(location, { waitMs: 600 })).rejects.toMatchObject({
      code: "queue-unreachable",
    });
    await redis.start();
  });
});
