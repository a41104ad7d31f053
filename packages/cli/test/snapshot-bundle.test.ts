import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SampleServer, startSampleServer } from "../../../scripts/lib/sample-server.js";
import { runCli } from "./run-cli.js";

// `vellum snapshot … --bundle FORMAT` captures and packages in one go.
let server: SampleServer;
let dir = "";

beforeAll(async () => {
  server = await startSampleServer();
  dir = await mkdtemp(join(tmpdir(), "vellum-snapshot-bundle-"));
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("vellum snapshot --bundle", () => {
  it("writes a WACZ beside the snapshot that verifies", async () => {
    const snap = join(dir, "snap");
    const urls = server.samples.slice(0, 2).map((s) => server.urlOf(s));
    const run = await runCli([
      ...["snapshot", ...urls, "--out", snap, "--allow-private", "--delay", "0"],
      ...["--bundle", "wacz"],
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`wrote wacz ${snap}.wacz: 2 page(s)`);
    expect(existsSync(`${snap}.wacz`)).toBe(true);
    const verified = await runCli(["verify", `${snap}.wacz`]);
    expect(verified.code).toBe(0);
  });

  it("with --json reports the bundle as one more event line", async () => {
    const snap = join(dir, "snap-json");
    const url = server.urlOf(server.samples[0] ?? expect.fail("no samples"));
    const run = await runCli([
      ...["snapshot", url, "--out", snap, "--allow-private", "--json"],
      ...["--bundle", "bag-zip"],
    ]);
    expect(run.code).toBe(0);
    const last = JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "{}");
    expect(last).toMatchObject({ event: "bundle", format: "bag-zip", path: `${snap}-bag.zip` });
    expect((await runCli(["verify", `${snap}-bag.zip`])).code).toBe(0);
  });

  it("rejects an unknown bundle format as bad usage", async () => {
    const run = await runCli(["snapshot", "http://127.0.0.1/", "--out", dir, "--bundle", "rar"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("rar");
  });
});
