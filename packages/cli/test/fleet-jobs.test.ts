import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Collection } from "@vellum/crawl";
import type { UrlJob } from "@vellum/queue";
import { afterEach, describe, expect, it } from "vitest";
import { foundIn, partEntry, requisiteJobs } from "../src/commands/fleet-jobs.js";

const PAGE = "https://news.example/story";
const CSS = "https://cdn.example/site.css";
let dirs: string[] = [];

function part(): { dir: string; collection: Collection } {
  const dir = mkdtempSync(join(tmpdir(), "vellum-part-"));
  dirs.push(dir);
  return { dir, collection: Collection.open(dir, { lock: true }) };
}

afterEach(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  dirs = [];
});

describe("a fleet job in a worker's part", () => {
  it("is a page as the coordinator found it, a requisite under its page when the part has it", () => {
    const { collection } = part();
    const sitemap: UrlJob = {
      url: PAGE,
      source: "sitemap",
      location: "https://news.example/sm.xml",
    };
    expect(partEntry(sitemap, collection)).toEqual({
      url: PAGE,
      kind: "page",
      source: { kind: "sitemap", location: "https://news.example/sm.xml" },
    });
    const image: UrlJob = {
      url: `${PAGE}.jpg`,
      kind: "requisite",
      page: PAGE,
      requisiteKind: "image",
      depth: 1,
    };
    // Another worker captured the page: the requisite has no parent here.
    expect(partEntry(image, collection)).toEqual({
      url: `${PAGE}.jpg`,
      kind: "requisite",
      depth: 1,
      requisiteKind: "image",
    });
    collection.addUrls([partEntry(sitemap, collection)]);
    expect(partEntry(image, collection)).toMatchObject({ parentId: collection.url(PAGE)?.id });
    collection.close();
  });

  it("found by a capture: jobs naming the page, also for what a stylesheet found", () => {
    const found = [{ url: CSS, kind: "requisite" as const, depth: 1, requisiteKind: "stylesheet" }];
    expect(requisiteJobs({ url: PAGE }, found)).toEqual([
      { url: CSS, kind: "requisite", page: PAGE, depth: 1, requisiteKind: "stylesheet" },
    ]);
    const fromCss = [{ url: "https://cdn.example/base.css", kind: "requisite" as const, depth: 2 }];
    expect(requisiteJobs({ url: CSS, kind: "requisite", page: PAGE }, fromCss)).toEqual([
      { url: "https://cdn.example/base.css", kind: "requisite", page: PAGE, depth: 2 },
    ]);
  });

  it("committed by a worker that died: what that commit found is found again in its part", () => {
    const { dir, collection } = part();
    collection.addUrls([{ url: PAGE, kind: "page" }]);
    const pageId = collection.url(PAGE)?.id as number;
    collection.addUrls([
      { url: CSS, kind: "requisite", parentId: pageId, depth: 1, requisiteKind: "stylesheet" },
      { url: `${PAGE}.jpg`, kind: "requisite", parentId: pageId, depth: 1, requisiteKind: "image" },
    ]);
    // A stylesheet this part captured without its page: what it found hangs under it.
    const orphan = "https://cdn.example/other.css";
    collection.addUrls([{ url: orphan, kind: "requisite", depth: 1, requisiteKind: "stylesheet" }]);
    const orphanId = collection.url(orphan)?.id as number;
    collection.addUrls([
      { url: "https://cdn.example/bg.png", kind: "requisite", parentId: orphanId, depth: 2 },
    ]);
    collection.close();

    expect(foundIn(dir, { url: PAGE }).map((j) => [j.url, j.page, j.requisiteKind])).toEqual([
      [CSS, PAGE, "stylesheet"],
      [`${PAGE}.jpg`, PAGE, "image"],
    ]);
    expect(
      foundIn(dir, { url: orphan, kind: "requisite", page: "https://elsewhere.example/" }),
    ).toEqual([
      {
        url: "https://cdn.example/bg.png",
        kind: "requisite",
        page: "https://elsewhere.example/",
        depth: 2,
      },
    ]);
    expect(foundIn(join(dir, "no-such-part"), { url: PAGE })).toEqual([]);
    expect(foundIn(dir, { url: "https://never.example/" })).toEqual([]);
  });
});
