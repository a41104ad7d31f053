import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countingIds, fixedClock } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { snapshot } from "../src/snapshot/run.js";
import { answer, startServer, type TestServer } from "./snapshot-helpers.js";
import { fast } from "./snapshot-site.js";

// A page that waited for its host's politeness pause did not take that long to fetch: report.json
// gives the wait (queuedMs) and the time in its requests (durationMs) apart (#12.10).

const DELAY_MS = 1500;
let server: TestServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vellum-timing-"));
  const tiny = answer(200, { "Content-Type": "text/plain" }, "fifteen bytes..");
  server = await startServer({ "/a": tiny, "/b": tiny, "/c": tiny });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("report.json timings", () => {
  it("a page held by the host's pause reports the wait as queuedMs, not as fetch time", async () => {
    const report = await snapshot({
      urls: ["/a", "/b", "/c"].map((p) => `${server.origin}${p}`),
      outDir: dir,
      fetch: { ...fast, delayMs: DELAY_MS, concurrency: 3, respectRobots: false },
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
    });
    expect(report.urls.map((u) => u.outcome)).toEqual(["ok", "ok", "ok"]);
    // One host, one request at a time, 1.5 s apart: the later pages waited at least a pause.
    const waited = report.urls.filter((u) => (u.queuedMs ?? 0) >= DELAY_MS - 100);
    expect(waited.length).toBeGreaterThanOrEqual(2);
    for (const u of waited) {
      // Fifteen bytes over loopback: the fetch itself is far shorter than the pause it waited.
      expect(u.durationMs).not.toBeNull();
      expect(u.durationMs as number).toBeLessThan(DELAY_MS - 100);
    }
  }, 60_000);
});
