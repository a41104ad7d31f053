import { createHash } from "node:crypto";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fixedClock } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { readFileChunks } from "../src/file-chunks.js";
import {
  indexForWarc,
  openZip,
  verifyWacz,
  waczEntries,
  writeWacz,
  zipStream,
} from "../src/index.js";
import { tempDir } from "./helpers.js";
import { writeFixtureSnapshot } from "./snapshot-fixture.js";

async function collect(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  // A stream's consumer may hold chunks: copying none here proves the writer reuses no buffer.
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

async function contents(path: string): Promise<Map<string, string>> {
  const zip = await openZip(path);
  try {
    const out = new Map<string, string>();
    for (const e of zip.entries) {
      const bytes = await collect(e.open());
      out.set(e.path, createHash("sha256").update(bytes).digest("hex"));
    }
    return out;
  } finally {
    zip.close();
  }
}

async function* fresh(bytes: Buffer, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.byteLength; i += size) yield Buffer.from(bytes.subarray(i, i + size));
}

describe("zipStream", () => {
  it("writes streamed, in-memory and deflated entries that zip readers read back", async () => {
    await using dir = await tempDir();
    const big = Buffer.alloc(300_000, "warc record ");
    const small = Buffer.from("small file, said twice. small file, said twice.\n".repeat(20));
    const out = join(dir.path, "mixed.zip");
    await writeFile(
      out,
      await collect(
        zipStream([
          { name: "archive/one.warc.gz", data: fresh(big, 65_536) },
          { name: "notes/small.txt", data: small, deflate: true },
          { name: "empty.txt", data: fresh(Buffer.alloc(0), 1) },
          // Announced as 4 GiB or more: ZIP64 local header and descriptor, still readable.
          { name: "archive/zip64.warc.gz", data: fresh(big, 100_000), size: 2 ** 32 },
        ]),
      ),
    );
    const zip = await openZip(out);
    try {
      expect(zip.entries.map((e) => [e.path, e.size, e.compressed])).toEqual([
        ["archive/one.warc.gz", big.byteLength, false],
        ["notes/small.txt", small.byteLength, true],
        ["empty.txt", 0, false],
        ["archive/zip64.warc.gz", big.byteLength, false],
      ]);
      const [one, text, , wide] = zip.entries;
      expect((await collect(one?.open() ?? [])).equals(big)).toBe(true);
      expect((await collect(text?.open() ?? [])).equals(small)).toBe(true);
      expect((await collect(wide?.open() ?? [])).equals(big)).toBe(true);
      expect(
        (await collect(one?.open({ start: 10, end: 20 }) ?? [])).equals(big.subarray(10, 20)),
      ).toBe(true);
    } finally {
      zip.close();
    }
  });

  it("streams the same WACZ files writeWacz writes, and the streamed WACZ verifies", async () => {
    await using dir = await tempDir();
    await writeFixtureSnapshot(dir.path);
    const warcDir = join(dir.path, "warc");
    const warcs = (await readdir(warcDir))
      .filter((f) => f.endsWith(".warc.gz"))
      .map((f) => join(warcDir, f));
    expect(warcs.length).toBeGreaterThan(0);
    const clock = fixedClock("2026-12-01T00:00:00Z");
    const written = join(dir.path, "written.wacz");
    await writeWacz({ warcFiles: warcs, out: written, clock, software: "Vellum test" });
    const streamed = join(dir.path, "streamed.wacz");
    const chunks = zipStream(
      waczEntries({
        warcs: warcs.map((path) => ({
          name: path.split("/").at(-1) as string,
          data: (async function* () {
            // Fresh buffers: the stream hands chunks on without copying them.
            for await (const c of readFileChunks(path)) yield Buffer.from(c);
          })(),
        })),
        index: async () => (await Promise.all(warcs.map(indexForWarc))).flat(),
        clock,
        software: "Vellum test",
      }),
    );
    await writeFile(streamed, await collect(chunks));
    expect(await contents(streamed)).toEqual(await contents(written));
    const result = await verifyWacz(streamed);
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
  });
});
