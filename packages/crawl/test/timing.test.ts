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

// queuedMs counts from when a worker took the URL, and the workers take all three at once: the
// first fetch's own time (170 ms on a quiet machine, more under load, connection set-up included)
// is not part of the next page's wait. So the checks use half the pause, long enough that a
// fifteen-byte loopback fetch never comes near it.
const DELAY_MS = 3000;
const HALF = DELAY_MS / 2;
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
    // One host, one request at a time, 3 s apart: the later pages waited for the pause.
    const waited = report.urls.filter((u) => (u.queuedMs ?? 0) >= HALF);
    expect(waited.length).toBeGreaterThanOrEqual(2);
    for (const u of waited) {
      // Fifteen bytes over loopback: the fetch itself is far shorter than the pause it waited.
      expect(u.durationMs).not.toBeNull();
      expect(u.durationMs as number).toBeLessThan(HALF);
    }
  }, 60_000);
});
