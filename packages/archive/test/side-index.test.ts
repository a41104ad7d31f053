import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type Clock, countingIds } from "@vellum/model";
import { describe, expect, it } from "vitest";
import {
  compareBytewise,
  indexForWarc,
  parseCdxjLine,
  sealWarc,
  surt,
  WarcWriter,
} from "../src/index.js";
import { exchange, tempDir } from "./helpers.js";

/** A clock that moves one second per call, so captures get different timestamps. */
function ticking(start: string): Clock {
  let t = Date.parse(start);
  return {
    now: () => {
      t += 1000;
      return new Date(t);
    },
  };
}

// Written in an order that is not the index order: hosts and paths mixed, a URL twice.
const urls = [
  "https://www.news.example/z-last",
  "https://archive.example/2026/a",
  "https://news.example/a?b=2&a=1",
  "https://archive.example/2026/a",
  "https://news.example/a",
  "https://b.example/",
];

/**
 * A writer that has written every URL and is not closed, as a crawl's is while it runs. Each
 * capture is dated earlier than the one before, so the records are not in index order.
 */
async function stillOpen(dir: string): Promise<WarcWriter> {
  const writer = await WarcWriter.open({
    dir,
    prefix: "t",
    clock: ticking("2026-11-25T10:00:00Z"),
    ids: countingIds(),
    info: { software: "Vellum/0.1.0" },
  });
  for (const [i, url] of urls.entries()) {
    await writer.writeExchange(
      exchange(url, `<p>${i}</p>`, {
        startedAt: new Date(
          Date.parse("2026-11-25T10:00:00Z") + (urls.length - i) * 60_000,
        ).toISOString(),
      }),
    );
  }
  return writer;
}

async function written(dir: string): Promise<{ file: string; lines: string[] }> {
  const writer = await stillOpen(dir);
  await writer.close();
  const file = join(dir, writer.files[0] ?? "");
  const lines = (await readFile(`${file}.cdxj`, "utf8")).trimEnd().split("\n");
  return { file, lines };
}

function expectCdxjOrder(lines: readonly string[]) {
  const entries = lines.map((l) => parseCdxjLine(l));
  for (const [i, e] of entries.entries()) {
    expect(e).not.toBeNull();
    expect(e?.urlkey).toBe(surt(e?.url ?? ""));
    const previous = entries[i - 1];
    if (previous === undefined || e === null || previous === null) continue;
    // SURT key first, then timestamp; the byte order binary search relies on.
    const key = compareBytewise(previous.urlkey, e.urlkey);
    expect(key).toBeLessThanOrEqual(0);
    if (key === 0) expect(previous.timestamp <= e.timestamp).toBe(true);
    expect(compareBytewise(lines[i - 1] ?? "", lines[i] ?? "")).toBeLessThanOrEqual(0);
  }
}

describe("the side index beside each WARC", () => {
  it("is sorted by SURT key, then timestamp, whatever order the records were written in", async () => {
    await using dir = await tempDir();
    const { lines } = await written(dir.path);
    expect(lines).toHaveLength(urls.length);
    expectCdxjOrder(lines);
    const twice = lines.map((l) => parseCdxjLine(l)).filter((e) => e?.url === urls[1]);
    expect(twice.map((e) => e?.timestamp)).toEqual(["20261125100300", "20261125100500"]);
  });

  it("writes the digest in the sha256: form cdxj-indexer and pywb write", async () => {
    await using dir = await tempDir();
    const { lines } = await written(dir.path);
    for (const line of lines) {
      expect(JSON.parse(line.slice(line.indexOf("{"))).digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    }
  });

  it("is sorted too when a crashed run's file is sealed, and a bundle reads it as written", async () => {
    await using dir = await tempDir();
    const { file, lines } = await written(dir.path);
    const size = (await readFile(file)).byteLength;
    await writeFile(`${file}.cdxj`, "");
    await sealWarc(file, size);
    const sealed = (await readFile(`${file}.cdxj`, "utf8")).trimEnd().split("\n");
    expect(sealed).toEqual(lines);
    expectCdxjOrder(sealed);
    expect((await indexForWarc(file)).map((e) => e.offset)).toEqual(
      lines.map((l) => parseCdxjLine(l)?.offset),
    );
  });

  it("holds no line in memory while its WARC is open: each is on disk as it is written", async () => {
    // A crawl writes ~1 KB of index per record; kept in memory until the 1 GB file rolls, that
    // grew the process by some 4 MB an hour at crawl speed. The lines go to `<file>.cdxj.open`.
    await using dir = await tempDir();
    const writer = await stillOpen(dir.path);
    const file = writer.files[0] ?? "";
    const spilled = (await readFile(join(dir.path, `${file}.cdxj.open`), "utf8"))
      .trimEnd()
      .split("\n");
    expect(spilled).toHaveLength(urls.length);
    await writer.close();
    expect((await readdir(dir.path)).sort()).toEqual([file, `${file}.cdxj`]);
    const lines = (await readFile(join(dir.path, `${file}.cdxj`), "utf8")).trimEnd().split("\n");
    expect([...lines].sort()).toEqual([...spilled].sort());
    expectCdxjOrder(lines);
  });

  it("leaves no unsorted index behind when a crashed run's file is sealed", async () => {
    await using dir = await tempDir();
    const writer = await stillOpen(dir.path);
    // The process dies here: the WARC and its index are both still `.open`.
    const open = join(dir.path, `${writer.files[0] ?? ""}.open`);
    const size = (await readFile(open)).byteLength;
    const sealed = await sealWarc(open, size);
    expect(sealed).not.toBeNull();
    expect((await readdir(dir.path)).sort()).toEqual([
      writer.files[0] ?? "",
      `${writer.files[0] ?? ""}.cdxj`,
    ]);
    const lines = (await readFile(`${sealed}.cdxj`, "utf8")).trimEnd().split("\n");
    expect(lines).toHaveLength(urls.length);
    expectCdxjOrder(lines);
  });
});
