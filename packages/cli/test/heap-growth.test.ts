import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { TestServer } from "../../../test/support/route-server.js";
import { boundHeapGrowth, CRAWL_HEAP_GROWING_PERCENT } from "../src/heap-growth.js";
import { snapshotArgs, startArticleSite } from "./article-site.js";
import { runCli } from "./run-cli.js";

// The test process keeps V8's own heap growth: the flag is only recorded.
const flags = vi.hoisted(() => ({ set: [] as string[] }));
vi.mock("node:v8", async (importOriginal) => {
  const original = await importOriginal<typeof import("node:v8")>();
  const setFlagsFromString = (flag: string) => {
    if (flag.includes("heap-growing-percent")) flags.set.push(flag);
    else original.setFlagsFromString(flag);
  };
  return { ...original, default: { ...original, setFlagsFromString }, setFlagsFromString };
});

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), "vellum-heapgrowth-"));
beforeAll(async () => {
  server = await startArticleSite(["/a"]);
});
afterAll(() => server.close());
beforeEach(() => {
  flags.set = [];
});

describe("heap growth while a crawl runs", () => {
  it("vellum snapshot bounds V8's heap growth before it captures", async () => {
    const out = join(dir, "snap");
    const { code } = await runCli(snapshotArgs(out, [`${server.origin}/a`]));
    expect(code).toBe(0);
    expect(flags.set).toEqual([`--heap-growing-percent=${CRAWL_HEAP_GROWING_PERCENT}`]);
  });

  it("keeps a heap-growing percent the user gave node", () => {
    expect(boundHeapGrowth(["--heap-growing-percent=80"])).toBe(false);
    expect(boundHeapGrowth(["--max-old-space-size=4096", "--heap_growing_percent=20"])).toBe(false);
    expect(flags.set).toEqual([]);
    expect(boundHeapGrowth(["--max-old-space-size=4096"])).toBe(true);
    expect(flags.set).toEqual([`--heap-growing-percent=${CRAWL_HEAP_GROWING_PERCENT}`]);
  });
});
