import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { whenGone } from "../../../scripts/lib/processes.js";
import { startServer, type TestServer } from "../../../test/support/route-server.js";
import { browserSite, prefixRoutes } from "./site.js";

const child = fileURLToPath(new URL("./fixtures/capture-child.ts", import.meta.url));

/** Starts a capturing process on a page that never settles; answers it and Chromium's pids. */
async function capturing(
  url: string,
): Promise<{ proc: ChildProcess; pids: number[]; out: () => string }> {
  const proc = spawn(process.execPath, ["--import", "tsx", child, url], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  proc.stdout?.on("data", (d) => {
    out += String(d);
  });
  proc.stderr?.on("data", (d) => {
    out += String(d);
  });
  for (let i = 0; i < 600 && !/pids /.test(out); i++) await new Promise((r) => setTimeout(r, 100));
  const pids = (/pids ([\d ]*)/.exec(out)?.[1] ?? "").split(" ").filter(Boolean).map(Number);
  return { proc, pids, out: () => out };
}

describe("no Chromium outlives the process that started it", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer(prefixRoutes(browserSite()));
  });
  afterAll(async () => {
    await server?.close();
  });

  it("after SIGKILL of the capturing process", async () => {
    const { proc, pids, out } = await capturing(`${server.origin}/never`);
    expect(pids.length, out()).toBeGreaterThan(0);
    proc.kill("SIGKILL");
    expect(await whenGone(pids, 15_000)).toEqual([]);
  }, 120_000);

  it("after SIGINT: the capture stops, Chromium closes, the process exits 130", async () => {
    const { proc, pids, out } = await capturing(`${server.origin}/never`);
    expect(pids.length, out()).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) =>
      proc.on("exit", (code) => resolve(code)),
    );
    proc.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(out()).toMatch(/done interrupted/);
    expect(await whenGone(pids, 15_000)).toEqual([]);
  }, 120_000);
});
