import { mkdtemp, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SampleServer, startSampleServer } from "../../../scripts/lib/sample-server.js";
import { runCli } from "./run-cli.js";

// The samples captured over loopback with `vellum snapshot`, then bundled and verified: the
// issue's "the bundles of the samples verify" and "any change makes verify exit 1".
let server: SampleServer;
let dir = "";
let snap = "";

beforeAll(async () => {
  server = await startSampleServer();
  dir = await mkdtemp(join(tmpdir(), "vellum-bundle-samples-"));
  snap = join(dir, "snap");
  const urls = server.samples.map((s) => server.urlOf(s));
  const run = await runCli(["snapshot", ...urls, "--out", snap, "--allow-private", "--json"]);
  expect(run.code).toBe(0);
}, 60_000);

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe("bundles of the samples", () => {
  it.each(["wacz", "bag", "bag-zip", "bag-tgz"])("a %s of the samples verifies", async (format) => {
    const out = join(
      dir,
      `samples-${format}${format === "wacz" ? ".wacz" : format === "bag-zip" ? ".zip" : format === "bag-tgz" ? ".tar.gz" : ""}`,
    );
    const made = await runCli(["bundle", snap, "--format", format, "--out", out]);
    expect(made.stderr).toBe("");
    expect(made.code).toBe(0);
    expect(made.stdout).toContain(`${server.samples.length} page(s)`);
    const verified = await runCli(["verify", out]);
    expect(verified.stdout).toMatch(/: sound /);
    expect(verified.code).toBe(0);
  });

  it("every WARC of the snapshot verifies record by record", async () => {
    const report = JSON.parse(await readFile(join(snap, "report.json"), "utf8")) as {
      warcFiles: string[];
    };
    const result = await runCli(["verify", ...report.warcFiles.map((f) => join(snap, f))]);
    expect(result.code).toBe(0);
  });

  it("a flipped byte anywhere in the payload, a deleted, an added file, an edited bag-info.txt: exit 1 naming it", async () => {
    const bag = join(dir, "changes");
    expect((await runCli(["bundle", snap, "--format", "bag", "--out", bag])).code).toBe(0);
    const manifest = await readFile(join(bag, "manifest-sha256.txt"), "utf8");
    const payload = manifest
      .trim()
      .split("\n")
      .map((l) => l.split("  ")[1] ?? "");
    expect(payload.length).toBeGreaterThan(10);
    // Flip a byte in every payload file in turn (middle of the file), restoring it after.
    for (const rel of payload) {
      const path = join(bag, rel);
      const original = await readFile(path);
      const changed = Buffer.from(original);
      const at = Math.floor(changed.byteLength / 2);
      changed[at] = (changed[at] ?? 0) ^ 0x20;
      await writeFile(path, changed);
      const result = await runCli(["verify", bag]);
      expect(result.code, rel).toBe(1);
      expect(result.stdout).toContain(`error digest-mismatch ${rel}:`);
      await writeFile(path, original);
    }
    expect((await runCli(["verify", bag])).code).toBe(0);

    await unlink(join(bag, "data", "provenance.json"));
    let result = await runCli(["verify", bag]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("error missing-file data/provenance.json");

    await writeFile(join(bag, "data", "provenance.json"), "{}");
    await writeFile(join(bag, "data", "added.txt"), "added");
    result = await runCli(["verify", bag]);
    expect(result.stdout).toContain("error unlisted-file data/added.txt");
    expect(result.stdout).toContain("error digest-mismatch data/provenance.json");

    await unlink(join(bag, "data", "added.txt"));
    const info = await readFile(join(bag, "bag-info.txt"), "utf8");
    await writeFile(join(bag, "bag-info.txt"), info.replace("Bagging-Date: ", "Bagging-Date: 1"));
    result = await runCli(["verify", bag]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("error digest-mismatch bag-info.txt");
  });
});
