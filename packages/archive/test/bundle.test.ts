import { appendFile, mkdir, readdir, readFile, rm, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { countingIds, fixedClock } from "@vellum/model";
import { describe, expect, it } from "vitest";
import {
  type BundleFormat,
  bundleSnapshot,
  cdxjLine,
  compareBytewise,
  indexWarc,
  openZip,
  parseCdxjLine,
  readSnapshotDir,
  readWarc,
  verifyPath,
  WarcWriter,
  ZipWriter,
} from "../src/index.js";
import { exchange, tempDir } from "./helpers.js";
import { writeFixtureSnapshot } from "./snapshot-fixture.js";

async function bundle(snapshot: string, format: BundleFormat, out: string) {
  return bundleSnapshot({
    snapshotDir: snapshot,
    format,
    out,
    clock: fixedClock("2026-11-25T12:00:00Z"),
    ids: countingIds(),
    software: "Vellum 0.1.0",
    sourceOrganization: "Test Archive",
    contact: { name: "A. Archivist", email: "archivist@example.org" },
  });
}

async function readText(stream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<string> {
  const parts: Uint8Array[] = [];
  for await (const c of stream) parts.push(c);
  return Buffer.concat(parts).toString("utf8");
}

const errors = (r: {
  findings: readonly { severity: string; code: string; path: string | null }[];
}) => r.findings.filter((f) => f.severity === "error");

describe("bundle: WACZ", () => {
  it("writes a WACZ 1.1.1 that verifies, with stored WARCs and a sorted index pointing at records", async () => {
    await using dir = await tempDir();
    const snap = join(dir.path, "snap");
    await writeFixtureSnapshot(snap);
    const out = join(dir.path, "out.wacz");
    const result = await bundle(snap, "wacz", out);
    expect(result.pages).toBe(2);
    const verified = await verifyPath(out);
    expect(errors(verified)).toEqual([]);
    expect(verified.findings).toEqual([]);

    const zip = await openZip(out);
    try {
      const names = zip.entries.map((e) => e.path);
      expect(names).toEqual([
        "archive/snap-20261125100000-00000.warc.gz",
        "indexes/index.cdxj",
        "pages/pages.jsonl",
        "datapackage.json",
        "datapackage-digest.json",
      ]);
      expect(zip.entries[0]?.compressed).toBe(false);
      const byPath = new Map(zip.entries.map((e) => [e.path, e]));
      const dp = JSON.parse(await readText(byPath.get("datapackage.json")?.open() ?? [])) as Record<
        string,
        unknown
      >;
      expect(dp.profile).toBe("data-package");
      expect(dp.wacz_version).toBe("1.1.1");
      expect(dp.created).toBe("2026-11-25T12:00:00.000Z");
      expect(dp.software).toBe("Vellum 0.1.0");
      const resources = dp.resources as {
        name: string;
        path: string;
        hash: string;
        bytes: number;
      }[];
      expect(resources.map((r) => r.path)).toEqual(names.slice(0, 3));
      for (const r of resources) expect(r.hash).toMatch(/^sha256:[0-9a-f]{64}$/);

      const pages = (await readText(byPath.get("pages/pages.jsonl")?.open() ?? []))
        .trim()
        .split("\n");
      expect(JSON.parse(pages[0] ?? "")).toEqual({
        format: "json-pages-1.0",
        id: "pages",
        title: "All Pages",
      });
      expect(
        pages.slice(1).map((l) => JSON.parse(l) as { url: string; title: string; ts: string }),
      ).toMatchObject([
        {
          url: "https://news.example/2026/11/a-story",
          title: "A story",
          ts: "2026-11-25T10:00:00Z",
        },
        { url: "https://www.example.org/b?z=2&a=1", title: "B side", ts: "2026-11-25T10:01:00Z" },
      ]);

      const lines = (await readText(byPath.get("indexes/index.cdxj")?.open() ?? []))
        .trim()
        .split("\n");
      expect(lines).toHaveLength(4);
      expect([...lines].sort(compareBytewise)).toEqual(lines);
      expect(lines[0]).toMatch(
        /^example,news\)\/2026\/11\/a-story 20261125100000 \{"url":"https:\/\/news.example\/2026\/11\/a-story","mime":"text\/html","status":"200","digest":"sha256:[0-9a-f]{64}"/,
      );
      expect(lines.some((l) => l.startsWith("org,example)/b?a=1&z=2 20261125100100 "))).toBe(true);
      // The offsets point at the records: read the WARC from each offset.
      const snapshot = await readSnapshotDir(snap);
      const warc = snapshot.warcFiles[0] ?? "";
      for (const line of lines) {
        const e = parseCdxjLine(line);
        const it = readWarc(warc, { start: e?.offset ?? -1 });
        const record = (await it.next()).value;
        expect(record?.type).toBe("response");
        expect(record?.header("WARC-Target-URI")).toBe(e?.url);
        expect(record?.header("WARC-Payload-Digest")).toBe(e?.digest);
        await it.return(undefined);
      }
    } finally {
      zip.close();
    }
  });

  it("indexes the same with or without the writer's side index", async () => {
    await using dir = await tempDir();
    const snap = join(dir.path, "snap");
    await writeFixtureSnapshot(snap);
    const [warc] = (await readSnapshotDir(snap)).warcFiles;
    const side = (await readFile(`${warc}.cdxj`, "utf8")).trim().split("\n");
    const read = [];
    for await (const e of indexWarc(warc ?? "", "snap-20261125100000-00000.warc.gz")) {
      read.push(cdxjLine(e));
    }
    expect(read).toEqual(side);
  });

  it("indexes a plain .warc (through warcio) the same as its side index", async () => {
    await using dir = await tempDir();
    const writer = await WarcWriter.open({
      dir: dir.path,
      prefix: "plain",
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
      info: { software: "test" },
      gzip: false,
    });
    await writer.writeExchange(exchange("https://example.org/x", "<html>x</html>"));
    await writer.writeResource({
      targetUri: "urn:vellum:screenshot",
      contentType: "image/png",
      body: new Uint8Array([1, 2, 3]),
    });
    await writer.close();
    const path = join(dir.path, writer.files[0] ?? "");
    const side = (await readFile(`${path}.cdxj`, "utf8")).trim().split("\n");
    const read = [];
    for await (const e of indexWarc(path, writer.files[0] ?? "")) read.push(cdxjLine(e));
    expect(read).toEqual(side);
    expect(side).toHaveLength(2);
  });

  it("detects a WACZ resource whose bytes no longer match datapackage.json", async () => {
    await using dir = await tempDir();
    const snap = join(dir.path, "snap");
    await writeFixtureSnapshot(snap);
    const good = join(dir.path, "good.wacz");
    await bundle(snap, "wacz", good);
    const bad = join(dir.path, "bad.wacz");
    const zip = await openZip(good);
    const writer = await ZipWriter.open(bad);
    for (const e of zip.entries) {
      let text = Buffer.from(await readText(e.open()), "utf8");
      if (e.path === "pages/pages.jsonl")
        text = Buffer.from(text.toString("utf8").replace("A story", "A storm"));
      await writer.add({ name: e.path, size: text.byteLength, data: text });
    }
    await writer.close();
    zip.close();
    const result = await verifyPath(bad);
    expect(result.ok).toBe(false);
    expect(errors(result)).toContainEqual(
      expect.objectContaining({ code: "digest-mismatch", path: "pages/pages.jsonl" }),
    );
  });

  it("detects an index out of order and a line that points at no record", async () => {
    await using dir = await tempDir();
    const snap = join(dir.path, "snap");
    await writeFixtureSnapshot(snap);
    const good = join(dir.path, "good.wacz");
    await bundle(snap, "wacz", good);
    const bad = join(dir.path, "bad.wacz");
    const zip = await openZip(good);
    const writer = await ZipWriter.open(bad);
    for (const e of zip.entries) {
      let bytes = Buffer.from(await readText(e.open()), "utf8");
      if (e.path.startsWith("archive/")) {
        const parts: Uint8Array[] = [];
        for await (const c of e.open()) parts.push(c);
        bytes = Buffer.concat(parts);
      }
      if (e.path === "indexes/index.cdxj") {
        const lines = bytes.toString("utf8").trim().split("\n");
        const [first, second, ...rest] = lines;
        const moved = (second ?? "").replace(
          /"offset":"(\d+)"/,
          (_, n: string) => `"offset":"${Number(n) + 3}"`,
        );
        bytes = Buffer.from(`${[moved, first, ...rest].join("\n")}\n`);
      }
      await writer.add({ name: e.path, size: bytes.byteLength, data: bytes });
    }
    await writer.close();
    zip.close();
    const result = await verifyPath(bad);
    expect(result.ok).toBe(false);
    const codes = errors(result).map((f) => f.code);
    expect(codes).toContain("index-unsorted");
    expect(codes).toContain("index-dangling");
    expect(codes).toContain("digest-mismatch");
  });

  it("gives the same bytes for the same snapshot, clock and ids", async () => {
    await using dir = await tempDir();
    const snap = join(dir.path, "snap");
    await writeFixtureSnapshot(snap);
    for (const format of ["wacz", "bag-zip", "bag-tgz"] as const) {
      await mkdir(join(dir.path, "a"), { recursive: true });
      await mkdir(join(dir.path, "b"), { recursive: true });
      const a = join(dir.path, "a", format);
      const b = join(dir.path, "b", format);
      await bundle(snap, format, a);
      await bundle(snap, format, b);
      expect((await readFile(a)).equals(await readFile(b))).toBe(true);
    }
  });
});

describe("bundle: BagIt", () => {
  for (const [format, name] of [
    ["bag", "bag"],
    ["bag-zip", "bag.zip"],
    ["bag-tgz", "bag.tar.gz"],
  ] as const) {
    it(`writes a ${format} that verifies`, async () => {
      await using dir = await tempDir();
      const snap = join(dir.path, "snap");
      await writeFixtureSnapshot(snap);
      const out = join(dir.path, name);
      const result = await bundle(snap, format, out);
      expect(result.payloadFiles).toBe(11);
      const verified = await verifyPath(out);
      expect(verified.findings).toEqual([]);
      expect(verified.ok).toBe(true);
    });
  }

  it("writes the tag files RFC 8493 asks for, with provenance", async () => {
    await using dir = await tempDir();
    const snap = join(dir.path, "snap");
    await writeFixtureSnapshot(snap);
    const out = join(dir.path, "bag");
    await bundle(snap, "bag", out);
    expect(await readFile(join(out, "bagit.txt"), "utf8")).toBe(
      "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n",
    );
    const info = await readFile(join(out, "bag-info.txt"), "utf8");
    for (const field of [
      "Source-Organization: Test Archive",
      "Contact-Name: A. Archivist",
      "Contact-Email: archivist@example.org",
      "Bagging-Date: 2026-11-25",
      "Bag-Software-Agent: Vellum 0.1.0",
      "External-Identifier: urn:uuid:00000000-0000-4000-8000-000000000001",
      "External-Description: ",
    ]) {
      expect(info).toContain(field);
    }
    expect(info).toMatch(/^Payload-Oxum: \d+\.11$/m);
    const manifest = await readFile(join(out, "manifest-sha256.txt"), "utf8");
    expect(manifest).toContain("  data/bag.wacz\n");
    expect(manifest).toContain("  data/articles/page-0/article.jsonld\n");
    expect(await readFile(join(out, "tagmanifest-sha512.txt"), "utf8")).toMatch(
      / {2}bag-info\.txt\n/,
    );
    const provenance = JSON.parse(await readFile(join(out, "data", "provenance.json"), "utf8")) as {
      software: string;
      captures: {
        url: string;
        ipAddress: string;
        tls: { subject: string; issuer: string; protocol: string } | null;
      }[];
      urls: { url: string; status: number; ipAddress: string; tls: { issuer: string } | null }[];
    };
    expect(provenance.software).toBe("Vellum 0.1.0");
    expect(provenance.urls.map((u) => u.status)).toEqual([200, 200]);
    expect(provenance.urls.map((u) => u.ipAddress)).toEqual(["192.0.2.1", "192.0.2.2"]);
    expect(provenance.urls[1]?.tls?.issuer).toBe("CN=Test CA");
    const story = provenance.captures.find((c) => c.url === "https://news.example/2026/11/a-story");
    expect(story?.ipAddress).toBe("192.0.2.1");
    expect(story?.tls).toMatchObject({
      protocol: "tls/1.3",
      subject: "CN=example",
      issuer: "CN=Test CA",
    });
  });

  it("names what changed: a flipped payload byte, a deleted file, an added file, an edited bag-info.txt", async () => {
    await using dir = await tempDir();
    const snap = join(dir.path, "snap");
    await writeFixtureSnapshot(snap);
    const cases: [string, (bag: string) => Promise<void>, { code: string; path: string }][] = [
      [
        "flip",
        async (bag) => {
          const p = join(bag, "data", "articles", "page-1", "article.md");
          const b = await readFile(p);
          b[2] = (b[2] ?? 0) ^ 1;
          await writeFile(p, b);
        },
        { code: "digest-mismatch", path: "data/articles/page-1/article.md" },
      ],
      [
        "delete",
        (bag) => unlink(join(bag, "data", "provenance.json")),
        { code: "missing-file", path: "data/provenance.json" },
      ],
      [
        "add",
        async (bag) => {
          await mkdir(join(bag, "data", "extra"), { recursive: true });
          await writeFile(join(bag, "data", "extra", "note.txt"), "hi");
        },
        { code: "unlisted-file", path: "data/extra/note.txt" },
      ],
      [
        "bag-info",
        (bag) => appendFile(join(bag, "bag-info.txt"), "Internal-Sender-Description: edited\n"),
        { code: "digest-mismatch", path: "bag-info.txt" },
      ],
      [
        "wacz byte",
        async (bag) => {
          const p = join(bag, "data", `${"flip-wacz"}.wacz`);
          const b = await readFile(p);
          b[100] = (b[100] ?? 0) ^ 0xff;
          await writeFile(p, b);
        },
        { code: "digest-mismatch", path: "data/flip-wacz.wacz" },
      ],
    ];
    for (const [name, change, expected] of cases) {
      const bag = join(dir.path, name === "wacz byte" ? "flip-wacz" : `bag-${name}`);
      await bundle(snap, "bag", bag);
      expect((await verifyPath(bag)).ok).toBe(true);
      await change(bag);
      const result = await verifyPath(bag);
      expect(result.ok).toBe(false);
      expect(errors(result)).toContainEqual(expect.objectContaining(expected));
      await rm(bag, { recursive: true });
    }
  });

  it("leaves nothing under the final name when bundling fails", async () => {
    await using dir = await tempDir();
    const snap = join(dir.path, "snap");
    await writeFixtureSnapshot(snap);
    const report = JSON.parse(await readFile(join(snap, "report.json"), "utf8")) as {
      warcFiles: string[];
    };
    report.warcFiles.push("warc/missing.warc.gz");
    await writeFile(join(snap, "report.json"), JSON.stringify(report));
    const out = join(dir.path, "bag.zip");
    await expect(bundle(snap, "bag-zip", out)).rejects.toThrow(/missing/);
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });
});

describe("bundle: a stale side index", () => {
  it("is not trusted: the WARC is indexed again", async () => {
    await using dir = await tempDir();
    const snap = join(dir.path, "snap");
    await writeFixtureSnapshot(snap);
    const [warc] = (await readSnapshotDir(snap)).warcFiles;
    const side = await readFile(`${warc}.cdxj`, "utf8");
    // Shift every offset: the lines no longer point at their records.
    await writeFile(
      `${warc}.cdxj`,
      side.replace(/"offset":"(\d+)"/g, (_, n: string) => `"offset":"${Number(n) + 1}"`),
    );
    const out = join(dir.path, "out.wacz");
    await bundle(snap, "wacz", out);
    expect((await verifyPath(out)).findings).toEqual([]);
  });
});

describe("bundle: interrupted", () => {
  it("stops with code interrupted and leaves nothing behind", async () => {
    await using dir = await tempDir();
    const snap = join(dir.path, "snap");
    await writeFixtureSnapshot(snap);
    for (const format of ["wacz", "bag", "bag-zip", "bag-tgz"] as const) {
      // Aborted once the bundle is under way: after the snapshot has been read.
      const controller = new AbortController();
      const clock = {
        calls: 0,
        now() {
          if (++this.calls === 2) controller.abort();
          return new Date("2026-11-25T12:00:00Z");
        },
      };
      const out = join(dir.path, `out-${format}`);
      await expect(
        bundleSnapshot({
          snapshotDir: snap,
          format,
          out,
          clock,
          ids: countingIds(),
          software: "t",
          signal: controller.signal,
        }),
      ).rejects.toMatchObject({ code: "interrupted" });
      expect((await readdir(dir.path)).sort()).toEqual(["snap"]);
    }
  });
});
