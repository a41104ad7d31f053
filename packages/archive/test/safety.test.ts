import { createWriteStream } from "node:fs";
import { mkdir, readdir, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { pack } from "tar-stream";
import { describe, expect, it } from "vitest";
import {
  openZip,
  safeEntryPath,
  tarEntries,
  verifyPath,
  writeAtomically,
  ZipWriter,
} from "../src/index.js";
import { tempDir } from "./helpers.js";

async function zipWith(path: string, entries: [string, string][]): Promise<void> {
  const zip = await ZipWriter.open(path);
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    await zip.add({ name, size: data.byteLength, data });
  }
  await zip.close();
}

async function tgzWith(path: string, add: (p: ReturnType<typeof pack>) => void): Promise<void> {
  const p = pack();
  const done = pipeline(p, createGzip(), createWriteStream(path));
  add(p);
  p.finalize();
  await done;
}

describe("safe archive reading", () => {
  it.each([
    ["../escape.txt", /'\.\.'/],
    ["bag/../../escape.txt", /'\.\.'/],
    ["/etc/passwd", /absolute/],
    ["C:/Windows/x", /absolute/],
    ["./C:/Windows/x", /absolute/],
    ["./a:", /absolute/],
    ["a\\..\\b", /backslash/],
  ])("refuses the entry name %s", (name, why) => {
    expect(() => safeEntryPath(name)).toThrow(why);
  });

  it("refuses a zip whose entry climbs out of the root, and verify reports it", async () => {
    await using dir = await tempDir();
    const path = join(dir.path, "evil.zip");
    await zipWith(path, [
      ["bag/bagit.txt", "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"],
      ["bag/../../outside.txt", "x"],
    ]);
    await expect(openZip(path)).rejects.toMatchObject({ code: "unsafe-path" });
    const result = await verifyPath(path);
    expect(result.ok).toBe(false);
    expect(result.findings[0]?.code).toBe("unsafe-path");
    expect(await readdir(dir.path)).toEqual(["evil.zip"]);
  });

  it("refuses an entry over the size limit and one that compresses like a zip bomb", async () => {
    await using dir = await tempDir();
    const path = join(dir.path, "big.zip");
    const zeros = new Uint8Array(4 * 1024 * 1024);
    const zip = await ZipWriter.open(path);
    await zip.add({ name: "zeros.bin", size: zeros.byteLength, data: zeros, deflate: true });
    await zip.close();
    await expect(openZip(path, { maxEntryBytes: 1024 * 1024 })).rejects.toMatchObject({
      code: "too-large",
    });
    await expect(openZip(path)).rejects.toMatchObject({
      code: "too-large",
      message: expect.stringMatching(/bomb/),
    });
    await expect(openZip(path, { maxRatio: 1_000_000 })).resolves.toBeDefined();
  });

  it.each(["symlink", "link"] as const)("refuses a %s inside a tar", async (type) => {
    await using dir = await tempDir();
    const path = join(dir.path, `${type}.tar.gz`);
    await tgzWith(path, (p) => {
      p.entry(
        { name: "bag/bagit.txt" },
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
      );
      p.entry({ name: "bag/data/secret", type, linkname: "/etc/passwd" });
    });
    const read = async () => {
      for await (const e of tarEntries(path)) for await (const _ of e.open());
    };
    await expect(read()).rejects.toMatchObject({ code: "unsafe-path" });
    expect((await verifyPath(path)).ok).toBe(false);
  });

  it("refuses a symbolic link inside a bag directory", async () => {
    await using dir = await tempDir();
    const bag = join(dir.path, "bag");
    await mkdir(join(bag, "data"), { recursive: true });
    await writeFile(
      join(bag, "bagit.txt"),
      "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
    );
    await symlink("/etc/hostname", join(bag, "data", "link"));
    const result = await verifyPath(bag);
    expect(result.ok).toBe(false);
    expect(result.findings[0]).toMatchObject({ code: "unsafe-path", path: "data/link" });
  });

  it("a failed atomic write leaves neither the final name nor a temporary file", async () => {
    await using dir = await tempDir();
    const out = join(dir.path, "out.zip");
    await expect(
      writeAtomically(out, async (temp) => {
        await writeFile(temp, "half");
        throw new Error("crash");
      }),
    ).rejects.toThrow("crash");
    expect(await readdir(dir.path)).toEqual([]);
  });
});
