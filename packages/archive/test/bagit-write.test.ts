import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fixedClock } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { encodeManifestPath, verifyBag, writeBag } from "../src/index.js";
import { tempDir } from "./helpers.js";

const clock = fixedClock("2026-11-25T12:00:00Z");

describe("writeBag", () => {
  it("percent-encodes CR, LF and % in manifest paths (RFC 8493 §2.1.3) and reads them back", async () => {
    expect(encodeManifestPath("a%b\r\nc.txt")).toBe("a%25b%0D%0Ac.txt");
    await using dir = await tempDir();
    const out = join(dir.path, "bag");
    await writeBag({
      out,
      format: "dir",
      clock,
      software: "test",
      files: [
        { path: "100%.txt", source: new TextEncoder().encode("all") },
        { path: "line\nbreak.txt", source: new TextEncoder().encode("two") },
      ],
    });
    const manifest = await readFile(join(out, "manifest-sha256.txt"), "utf8");
    expect(manifest).toContain("  data/100%25.txt\n");
    expect(manifest).toContain("  data/line%0Abreak.txt\n");
    const result = await verifyBag(out);
    expect(result.findings).toEqual([]);
  });

  it("verifies tag files larger than a read chunk", async () => {
    await using dir = await tempDir();
    for (const [format, name] of [
      ["dir", "big"],
      ["zip", "big.zip"],
      ["tgz", "big.tar.gz"],
    ] as const) {
      const out = join(dir.path, name);
      await writeBag({
        out,
        format,
        clock,
        software: "test",
        extraInfo: [
          ["Internal-Sender-Description", randomBytes(2.5 * 1024 * 1024).toString("base64")],
        ],
        files: [{ path: "a.txt", source: new TextEncoder().encode("a") }],
      });
      expect((await verifyBag(out)).findings).toEqual([]);
    }
  });

  it("keeps paths longer than tar's 100-byte name field intact in a tar.gz", async () => {
    await using dir = await tempDir();
    const long = `${"deep-folder-name/".repeat(12)}${"long-file-name-".repeat(8)}.json`;
    const out = join(dir.path, "long.tar.gz");
    await writeBag({
      out,
      format: "tgz",
      clock,
      software: "t",
      files: [{ path: long, source: new TextEncoder().encode("{}") }],
    });
    const result = await verifyBag(out);
    expect(result.findings).toEqual([]);
    expect(result.checked.items).toBe(6);
  });

  it("refuses payload paths that are not clean and unique", async () => {
    await using dir = await tempDir();
    const file = { path: "../x", source: new Uint8Array(1) };
    await expect(
      writeBag({ out: join(dir.path, "b"), format: "dir", clock, software: "t", files: [file] }),
    ).rejects.toMatchObject({ code: "unsafe-path" });
    const twice = [
      { path: "a", source: new Uint8Array(1) },
      { path: "a", source: new Uint8Array(1) },
    ];
    await expect(
      writeBag({ out: join(dir.path, "b"), format: "dir", clock, software: "t", files: twice }),
    ).rejects.toMatchObject({ code: "input-invalid" });
  });
});
