import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { countingIds, fixedClock } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { gzipMembers } from "../src/gzip-members.js";
import { indexWarc, verifyWacz, verifyWarc, WarcWriter, writeWacz } from "../src/index.js";
import { exchange, tempDir } from "./helpers.js";

// Each record of a Vellum .warc.gz is a gzip member of a few hundred bytes, so a window of a
// few KiB read at one record's offset holds its neighbours too.

async function fourPages(dir: string): Promise<{ file: string; members: { offset: number }[] }> {
  const writer = await WarcWriter.open({
    dir,
    prefix: "t",
    clock: fixedClock("2026-11-25T10:00:00Z"),
    ids: countingIds(),
    info: { software: "Vellum/0.1.0" },
  });
  for (let i = 0; i < 4; i++) {
    await writer.writeExchange(
      exchange(`https://news.example/${i}`, `<p>${"word ".repeat(50)}${i}</p>`),
    );
  }
  await writer.close();
  const file = join(dir, writer.files[0] ?? "");
  const members: { offset: number }[] = [];
  for await (const m of gzipMembers(file)) members.push({ offset: m.offset });
  // warcinfo, then response and request for each page.
  expect(members).toHaveLength(9);
  return { file, members };
}

/** Flips bytes inside a member's deflate data, past its 10-byte header. */
function damage(bytes: Buffer, at: number): void {
  for (let k = at + 20; k < at + 40; k++) bytes[k] = (bytes[k] ?? 0) ^ 0x55;
}

describe("a damaged gzip member", () => {
  it("verify blames that member alone, counts the records before it, and reads on after it", async () => {
    await using dir = await tempDir();
    const { file, members } = await fourPages(dir.path);
    const target = members[3]?.offset ?? 0; // the response of page 1
    const bytes = await readFile(file);
    damage(bytes, target);
    await writeFile(file, bytes);
    const result = await verifyWarc(file);
    expect(result.ok).toBe(false);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ code: "gzip-damaged", path: `${file}@${target}` });
    // warcinfo, page 0's response and request were read whole before it.
    expect(result.findings[0]?.message).toContain("3 record(s) before it are whole");
    expect(result.findings[0]?.message).toContain(`@${members[4]?.offset}`);
    // Every other record was still read and checked: 9 members, one lost.
    expect(result.checked.items).toBe(8);
  });

  it("a flipped literal that still inflates is caught by the member's CRC-32", async () => {
    await using dir = await tempDir();
    const { file, members } = await fourPages(dir.path);
    const bytes = await readFile(file);
    const trailer = (members[6]?.offset ?? 0) - 8; // the CRC of member 5 (page 2's request)
    bytes[trailer] = (bytes[trailer] ?? 0) ^ 1;
    await writeFile(file, bytes);
    const result = await verifyWarc(file);
    expect(result.findings.map((f) => f.code)).toEqual(["gzip-damaged"]);
    expect(result.findings[0]?.path).toBe(`${file}@${members[5]?.offset}`);
    expect(result.findings[0]?.message).toContain("CRC-32");
    expect(result.findings[0]?.message).toContain("5 record(s) before it are whole");
    // The record inside it inflated, but is not counted as read whole.
    expect(result.checked.items).toBe(8);
  });

  it("a WACZ check does not blame the intact record before the damaged one", async () => {
    await using dir = await tempDir();
    const { file, members } = await fourPages(dir.path);
    const wacz = join(dir.path, "t.wacz");
    await writeWacz({
      warcFiles: [file],
      out: wacz,
      clock: fixedClock("2026-11-25T10:00:00Z"),
      software: "Vellum/0.1.0",
    });
    // The WARC is stored, not deflated, in the WACZ: damage its member in place.
    const warcBytes = await readFile(file);
    const zipBytes = await readFile(wacz);
    const at = zipBytes.indexOf(warcBytes.subarray(0, 64));
    expect(at).toBeGreaterThan(0);
    damage(zipBytes, at + (members[3]?.offset ?? 0));
    await writeFile(wacz, zipBytes);
    const result = await verifyWacz(wacz);
    const indexFindings = result.findings.filter((f) => f.path === "indexes/index.cdxj");
    expect(indexFindings).toHaveLength(1);
    expect(indexFindings[0]?.message).toContain(`@${members[3]?.offset}`);
    // The record before it (page 0's response, @members[1]) is not named.
    expect(indexFindings[0]?.message).not.toContain(`@${members[1]?.offset})`);
  });

  it("indexing a damaged WARC fails naming the member, and does not hang", async () => {
    await using dir = await tempDir();
    const { file, members } = await fourPages(dir.path);
    const bytes = await readFile(file);
    damage(bytes, members[3]?.offset ?? 0);
    await writeFile(file, bytes);
    const read = async () => {
      for await (const _ of indexWarc(file, "t.warc.gz")) {
        // drain
      }
    };
    await expect(read()).rejects.toMatchObject({
      code: "archive-invalid",
      value: `${file}@${members[3]?.offset}`,
    });
  });
});
