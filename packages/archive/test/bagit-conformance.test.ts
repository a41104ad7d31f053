import { createWriteStream, readdirSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { createGzip } from "node:zlib";
import { pack } from "tar-stream";
import { describe, expect, it } from "vitest";
import { directoryEntries, verifyBag, ZipWriter } from "../src/index.js";
import { tempDir } from "./helpers.js";

const suite = fileURLToPath(new URL("../../../../shared/conformance/bagit/", import.meta.url));

function cases(dir: string): string[] {
  return readdirSync(`${suite}${dir}`).map((name) => `${dir}/${name}`);
}

// linux-only cases are invalid bags whose out-of-scope paths only resolve on POSIX systems.
const valid = [...cases("v1.0/valid"), ...cases("v0.97/valid")];
const invalid = [...cases("v1.0/invalid"), ...cases("v0.97/invalid"), ...cases("v0.97/linux-only")];

describe("BagIt conformance suite (Library of Congress)", () => {
  it.each(valid)("passes %s", async (name) => {
    const result = await verifyBag(`${suite}${name}`);
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each(invalid)("rejects %s", async (name) => {
    const result = await verifyBag(`${suite}${name}`);
    expect(result.ok).toBe(false);
  });
});

describe("BagIt conformance suite, serialized", () => {
  async function files(root: string): Promise<[string, Buffer][]> {
    const out: [string, Buffer][] = [];
    for await (const e of directoryEntries(root)) {
      const parts: Buffer[] = [];
      for await (const c of e.open()) parts.push(Buffer.from(c));
      out.push([e.path, Buffer.concat(parts)]);
    }
    return out;
  }

  async function serialize(name: string, dir: string): Promise<[string, string]> {
    const content = await files(`${suite}${name}`);
    const base = name.replace(/\//g, "_");
    const zipPath = join(dir, `${base}.zip`);
    const zip = await ZipWriter.open(zipPath);
    for (const [path, data] of content)
      await zip.add({ name: `${base}/${path}`, size: data.byteLength, data });
    await zip.close();
    const tgzPath = join(dir, `${base}.tar.gz`);
    const tar = pack();
    const done = pipeline(tar, createGzip(), createWriteStream(tgzPath));
    for (const [path, data] of content) tar.entry({ name: `${base}/${path}` }, data);
    tar.finalize();
    await done;
    return [zipPath, tgzPath];
  }

  it("gives the directory's verdict for every bag zipped and tarred", async () => {
    await using dir = await tempDir();
    for (const [list, expected] of [
      [valid, true],
      [invalid, false],
    ] as const) {
      for (const name of list) {
        for (const path of await serialize(name, dir.path)) {
          const result = await verifyBag(path);
          expect(result.ok, `${name} as ${path}`).toBe(expected);
        }
      }
    }
  });
});
