import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { countingIds, fixedClock } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { bundleSnapshot, openZip } from "../src/index.js";
import { tempDir } from "./helpers.js";
import { writeFixtureSnapshot } from "./snapshot-fixture.js";

async function datapackage(wacz: string): Promise<Record<string, unknown>> {
  const zip = await openZip(wacz);
  try {
    const entry = zip.entries.find((e) => e.path === "datapackage.json");
    const parts: Uint8Array[] = [];
    for await (const chunk of entry?.open() ?? []) parts.push(chunk);
    return JSON.parse(Buffer.concat(parts).toString("utf8")) as Record<string, unknown>;
  } finally {
    zip.close();
  }
}

/**
 * The title ReplayWeb.page lists a collection by, as its sources read it: wabac.js's WACZ loader
 * answers `datapackage.metadata` as the collection's metadata (loadLeafWACZPackage), its
 * collection list takes `title` from that (getCollData), and ReplayWeb.page shows
 * `title ?? filename` (item-index.ts).
 */
function replayWebPageTitle(dp: Record<string, unknown>, filename: string): string {
  const metadata = (dp.metadata ?? {}) as { title?: string };
  return metadata.title || filename;
}

const bundle = (snapshotDir: string, out: string, title?: string) =>
  bundleSnapshot({
    snapshotDir,
    format: "wacz",
    out,
    clock: fixedClock("2026-11-25T12:00:00Z"),
    ids: countingIds(),
    software: "Vellum 0.1.0",
    ...(title === undefined ? {} : { title }),
  });

describe("WACZ details", () => {
  it("mainPageUrl is the first page the user named, not the first in sort order", async () => {
    await using dir = await tempDir();
    await writeFixtureSnapshot(dir.path);
    // Name the second page first: its folder (page-1) sorts after the other's (page-0).
    const reportPath = join(dir.path, "report.json");
    const report = JSON.parse(await readFile(reportPath, "utf8")) as { urls: unknown[] };
    report.urls.reverse();
    await writeFile(reportPath, JSON.stringify(report));
    const out = join(dir.path, "out.wacz");
    await bundle(dir.path, out);
    const dp = await datapackage(out);
    expect(dp.mainPageUrl).toBe("https://www.example.org/b?z=2&a=1");
    expect(dp.mainPageDate).toBe("2026-11-25T10:01:00Z");
  });

  it("the title given is what ReplayWeb.page lists the collection by", async () => {
    await using dir = await tempDir();
    await writeFixtureSnapshot(dir.path);
    const out = join(dir.path, "harbour.wacz");
    await bundle(dir.path, out, "Harbour Times, November 2026");
    const dp = await datapackage(out);
    expect(replayWebPageTitle(dp, "harbour.wacz")).toBe("Harbour Times, November 2026");
    // WACZ 1.1.1's own field holds it too.
    expect(dp.title).toBe("Harbour Times, November 2026");
    expect((dp.metadata as { desc?: string }).desc).toMatch(/^Web archive of 2 page\(s\), /);
  });

  it("without a title, the first page names the collection instead of the file name", async () => {
    await using dir = await tempDir();
    await writeFixtureSnapshot(dir.path);
    const out = join(dir.path, "snap.wacz");
    await bundle(dir.path, out);
    const dp = await datapackage(out);
    expect(replayWebPageTitle(dp, "snap.wacz")).toBe("A story and 1 more page");
  });
});
