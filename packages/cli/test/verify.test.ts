import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

let dir = "";
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "vellum-verify-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const conformance = fileURLToPath(
  new URL("../../../../shared/conformance/bagit/", import.meta.url),
);

describe("vellum verify", () => {
  it("passes a valid and rejects an invalid bag of the conformance suite, one line per finding", async () => {
    const good = await runCli(["verify", join(conformance, "v1.0/valid/basicBag")]);
    expect(good.code).toBe(0);
    expect(good.stdout).toMatch(/basicBag: sound bag \(\d+ file\(s\)/);
    const bad = await runCli(["verify", join(conformance, "v0.97/invalid/corrupt-data-file")]);
    expect(bad.code).toBe(1);
    const lines = bad.stdout.trim().split("\n");
    expect(lines.at(0)).toMatch(/corrupt-data-file: error digest-mismatch data\//);
    expect(lines.at(-1)).toMatch(/NOT sound/);
  });

  it("verifies several paths and exits 1 if any is unsound", async () => {
    const result = await runCli([
      "verify",
      join(conformance, "v1.0/valid/basicBag"),
      join(conformance, "v1.0/invalid/notAllManifestsListAllFiles"),
      "--json",
    ]);
    expect(result.code).toBe(1);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { ok: boolean; kind: string });
    expect(lines.map((l) => [l.kind, l.ok])).toEqual([
      ["bag", true],
      ["bag", false],
    ]);
  });

  it("rejects a file that is not a WARC", async () => {
    await writeFile(join(dir, "x.warc"), "not a warc\r\n\r\n");
    const result = await runCli(["verify", join(dir, "x.warc")]);
    expect(result.code).toBe(1);
  });

  it("answers 2 for a path that does not exist, 3 for a name it cannot place", async () => {
    expect((await runCli(["verify", join(dir, "missing.wacz")])).code).toBe(2);
    await writeFile(join(dir, "file.pdf"), "x");
    expect((await runCli(["verify", join(dir, "file.pdf")])).code).toBe(3);
  });
});
