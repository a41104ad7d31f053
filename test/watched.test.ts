/**
 * The watchdog the fresh-install test runs its slow steps under: a failing command fails at
 * once with its code, a busy one is never taken for hung, and a silent idle one is killed.
 */
import { describe, expect, it } from "vitest";
import { runWatched, treeCpuTicks } from "../scripts/lib/watched.js";

describe("runWatched", () => {
  it("answers a command's exit code and output", async () => {
    const run = await runWatched("sh", ["-c", "echo out; echo err >&2; exit 3"]);
    expect(run).toEqual({ code: 3, stdout: "out\n", stderr: "err\n", stalled: null });
  });

  it("kills a process tree that uses no CPU and prints nothing, and says so", async () => {
    // sh waits on a child that sleeps: the whole tree must end, not only sh.
    const run = await runWatched("sh", ["-c", "sleep 600; echo never"], {
      stallMs: 1_000,
      pollMs: 100,
    });
    expect(run.code).not.toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stalled).toMatch(/used no CPU and printed nothing for 1 s/);
  });

  it("never kills a silent process that keeps working, however long it takes", async () => {
    // Silent and CPU-bound for several stall periods: its CPU clock keeps moving.
    const script = "const end = Date.now() + 3000; let x = 0; while (Date.now() < end) x++;";
    const run = await runWatched(process.execPath, ["-e", script], {
      stallMs: 1_000,
      pollMs: 100,
    });
    expect(run.stalled).toBeNull();
    expect(run.code).toBe(0);
  });

  it("counts the CPU time of descendants", async () => {
    expect(treeCpuTicks(process.pid)).toBeGreaterThan(0);
  });
});
