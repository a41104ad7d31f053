import { describe, expect, it } from "vitest";
import * as queue from "../src/index.js";

describe("@vellum/queue public exports", () => {
  it("are exactly these names", () => {
    expect(Object.keys(queue).sort()).toEqual([
      "FleetKeys",
      "FleetQueue",
      "HopGate",
      "HostGate",
      "LIVE_MS",
      "RobotsCache",
      "canonicalUrl",
      "connect",
      "defaultWorkerId",
      "fleetStatus",
      "hostOf",
      "jobIdFor",
      "parseQueueUrl",
      "queueUnreachable",
      "startWorker",
    ]);
  });

  it("parses --queue URLs and refuses what is not one", () => {
    expect(queue.parseQueueUrl("redis://10.0.0.5:6380/3")).toMatchObject({
      host: "10.0.0.5",
      port: 6380,
      db: 3,
      display: "redis://10.0.0.5:6380/3",
    });
    expect(queue.parseQueueUrl("redis://:s3cret@cache")).toMatchObject({
      port: 6379,
      db: 0,
      password: "s3cret",
      display: "redis://cache/0",
    });
    for (const bad of ["http://x:6379/0", "redis://host/abc", "not a url"]) {
      expect(() => queue.parseQueueUrl(bad)).toThrow(/--queue is not a Redis URL/);
    }
  });

  it("one job id per canonical URL", () => {
    expect(queue.jobIdFor("HTTP://Example.COM:80/a#x")).toBe(
      queue.jobIdFor("http://example.com/a"),
    );
    expect(queue.jobIdFor("http://example.com/a")).not.toBe(queue.jobIdFor("http://example.com/b"));
    expect(queue.hostOf("http://127.0.2.1:8080/x")).toBe("127.0.2.1:8080");
  });
});
