import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { snapshot } from "@vellum/crawl";
import { countingIds, fixedClock, type SnapshotReport } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../packages/cli/test/run-cli.js";
import {
  type ReadRecord,
  readAndVerifyWarcs,
  startServer,
  type TestServer,
} from "../packages/crawl/test/snapshot-helpers.js";

const samplesDir = fileURLToPath(new URL("../samples/", import.meta.url));
const samples = readdirSync(samplesDir, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

let server: TestServer;
let out: string;
let report: SnapshotReport;
let records: ReadRecord[];

describe("vellum snapshot over the samples, served on loopback", () => {
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), "vellum-samples-"));
    const routes: Parameters<typeof startServer>[0] = {};
    for (const name of samples) {
      const meta = JSON.parse(readFileSync(join(samplesDir, name, "meta.json"), "utf8")) as {
        headers?: Record<string, string>;
      };
      const body = readFileSync(join(samplesDir, name, "page.html"));
      routes[`/${name}/`] = (_req, res) => {
        res.writeHead(200, meta.headers ?? { "Content-Type": "text/html" });
        res.end(body);
      };
    }
    server = await startServer(routes);
    report = await snapshot({
      urls: samples.map((name) => `${server.origin}/${name}/`),
      outDir: join(out, "snap"),
      fetch: { allowPrivate: true, delayMs: 0, retries: 0 },
      clock: fixedClock("2026-11-25T12:00:00Z"),
      ids: countingIds(),
    });
    records = await readAndVerifyWarcs(join(out, "snap"), report.warcFiles);
  });
  afterAll(async () => {
    await server.close();
    rmSync(out, { recursive: true, force: true });
  });

  it("captures every sample", () => {
    expect(samples.length).toBeGreaterThan(0);
    expect(report.counts).toMatchObject({ total: samples.length, ok: samples.length, failed: 0 });
  });

  it("writes WARC records that all verify, with the page bytes as served", () => {
    for (const name of samples) {
      const response = records.find(
        (r) =>
          r.type === "response" && r.headers.get("warc-target-uri") === `${server.origin}/${name}/`,
      );
      expect(response?.payload).toEqual(readFileSync(join(samplesDir, name, "page.html")));
      const metadata = records.filter(
        (r) =>
          r.type === "metadata" &&
          r.headers.get("warc-concurrent-to") === response?.headers.get("warc-record-id"),
      );
      expect(metadata.map((m) => m.headers.get("content-type")).sort()).toEqual([
        "application/json",
        "application/ld+json",
        "text/markdown; charset=utf-8",
      ]);
      // Never the page's own URL, which replay would then serve as the page.
      const page = `${server.origin}/${name}/`;
      expect(metadata.map((m) => m.headers.get("warc-target-uri")).sort()).toEqual([
        `urn:vellum:article:${page}`,
        `urn:vellum:jsonld:${page}`,
        `urn:vellum:markdown:${page}`,
      ]);
      for (const m of metadata) {
        expect(m.headers.get("warc-refers-to")).toBe(response?.headers.get("warc-record-id"));
        expect(m.headers.get("warc-refers-to-target-uri")).toBe(page);
      }
    }
  });

  it("writes the same article files `vellum extract` prints for the same URL", async () => {
    for (const entry of report.urls) {
      const dir = join(out, "snap", entry.articleDir as string);
      for (const [file, format] of [
        ["article.json", "json"],
        ["article.jsonld", "jsonld"],
        ["article.md", "markdown"],
      ] as const) {
        const printed = await runCli(["extract", "--allow-private", "--format", format, entry.url]);
        expect(printed.code).toBe(0);
        expect(readFileSync(join(dir, file), "utf8"), `${entry.url} ${file}`).toBe(printed.stdout);
      }
    }
  });
});
