import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { SnapshotReport } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  readAndVerifyWarcs,
  startServer,
  type TestServer,
} from "../../crawl/test/snapshot-helpers.js";
import { page } from "../../crawl/test/snapshot-site.js";
import { ExitCode } from "../src/exit-codes.js";
import { runCli } from "./run-cli.js";

let server: TestServer;
let out: string;
let o = "";

const xml = (body: string) => (_q: unknown, res: import("node:http").ServerResponse) => {
  res.writeHead(200, { "Content-Type": "application/xml" });
  res.end(body);
};
const html = (title: string) => (_q: unknown, res: import("node:http").ServerResponse) => {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
  res.end(page(title));
};
const urlset = (paths: readonly string[], lastmod = "2026-01-01") =>
  `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${paths.map((p) => `<url><loc>${o}${p}</loc><lastmod>${lastmod}</lastmod></url>`).join("")}</urlset>`;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "vellum-snapshot-sources-"));
  server = await startServer({
    "/robots.txt": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("User-agent: *\nDisallow:\nSitemap: /index.xml\n");
    },
    "/index.xml": (_q, res) =>
      xml(
        `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${o}/news.xml.gz</loc></sitemap><sitemap><loc>${o}/old.xml</loc><lastmod>2020-01-01</lastmod></sitemap></sitemapindex>`,
      )(_q, res),
    "/news.xml.gz": (_q, res) => {
      res.writeHead(200, { "Content-Type": "application/x-gzip" });
      res.end(gzipSync(urlset(["/a", "/b"])));
    },
    "/old.xml": (_q, res) => xml(urlset(["/old"], "2020-01-01"))(_q, res),
    "/broken.xml": (_q, res) =>
      xml(urlset(["/a", "/c"]).replace("</url><url>", "</url></loc><url>"))(_q, res),
    "/feed": (_q, res) => {
      res.writeHead(200, { "Content-Type": "application/rss+xml" });
      res.end(
        `<rss version="2.0"><channel>${["a", "b", "c", "sport/d"].map((p) => `<item><title>${p}</title><link>/${p}</link></item>`).join("")}</channel></rss>`,
      );
    },
    "/a": html("Story A"),
    "/b": html("Story B"),
    "/c": html("Story C"),
    "/old": html("Old story"),
    "/sport/d": html("Sport D"),
  });
  o = server.origin;
});
afterAll(async () => {
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

const fast = ["--allow-private", "--delay", "0", "--retries", "0"];

function reportOf(dir: string): SnapshotReport {
  return JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as SnapshotReport;
}

describe("vellum snapshot with sources", () => {
  it("--site: robots.txt's sitemap index, gzip, --since skips an old sitemap; the sitemaps are archived too", async () => {
    const dir = join(out, "site");
    const result = await runCli([
      "snapshot",
      ...fast,
      "--site",
      o,
      "--since",
      "2025-06-01",
      "--out",
      dir,
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(ExitCode.ok);
    const report = reportOf(dir);
    expect(report.urls.map((u) => u.url).sort()).toEqual([`${o}/a`, `${o}/b`]);
    expect(server.hits).not.toContain("/old.xml");
    expect(result.stdout).toContain(`read sitemap ${o}/news.xml.gz: 2 entries (urlset,`);
    expect(result.stdout).toMatch(/sources: 2 documents read, 2 URLs found$/m);
    const records = await readAndVerifyWarcs(dir, report.warcFiles);
    const archived = records
      .filter((r) => r.type === "response")
      .map((r) => r.headers.get("warc-target-uri"));
    expect(archived).toEqual(
      expect.arrayContaining([`${o}/robots.txt`, `${o}/index.xml`, `${o}/news.xml.gz`]),
    );
  });

  it("--feed with --match, --exclude and --limit", async () => {
    const dir = join(out, "feed");
    const result = await runCli([
      "snapshot",
      ...fast,
      "--feed",
      `${o}/feed`,
      "--match",
      "/(a|b|c|sport)",
      "--exclude",
      "sport",
      "--limit",
      "2",
      "--out",
      dir,
    ]);
    expect(result.code).toBe(ExitCode.ok);
    expect(reportOf(dir).urls.map((u) => u.url)).toEqual([`${o}/a`, `${o}/b`]);
    expect(result.stdout).toMatch(/2 URLs found \(stopped at --limit\)$/m);
  });

  it("a broken sitemap: the URLs before the break are captured, one line names it, the sources exit code", async () => {
    const dir = join(out, "broken");
    const result = await runCli([
      "snapshot",
      ...fast,
      "--sitemap",
      `${o}/broken.xml`,
      "--out",
      dir,
    ]);
    expect(result.code).toBe(ExitCode.sources);
    expect(reportOf(dir).urls.map((u) => u.url)).toEqual([`${o}/a`]);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(
        `^vellum: error xml-malformed: sitemap ${o}/broken\\.xml: broken XML at line 1, column \\d+: unexpected close tag; the 1 URLs read before it are kept \\(`,
      ),
    );
    expect(result.stdout).toMatch(/1 source error$/m);
  });

  it("--json: each source problem and document is an event", async () => {
    const dir = join(out, "json");
    const result = await runCli([
      "snapshot",
      ...fast,
      "--json",
      "--sitemap",
      `${o}/nope.xml`,
      "--feed",
      `${o}/feed`,
      "--limit",
      "1",
      "--out",
      dir,
    ]);
    expect(result.code).toBe(ExitCode.sources);
    const events = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { event: string; code?: string; format?: string });
    expect(events.filter((e) => e.event === "source-problem")).toMatchObject([
      { code: "source-http-status", severity: "error", message: "answered HTTP 404" },
    ]);
    expect(events.find((e) => e.event === "source-document")).toMatchObject({
      format: "rss",
      entries: 4,
    });
  });

  it("bad source options are usage errors before any work; a list with a bad line names it", async () => {
    const dir = join(out, "usage");
    for (const args of [
      ["--sitemap", "example.com/sitemap.xml"],
      ["--site", o, "--since", "soon"],
      ["--feed", `${o}/feed`, "--match", "("],
      ["--feed", `${o}/feed`, "--scope", "planet"],
      ["--feed", `${o}/feed`, "--limit", "0"],
    ]) {
      const result = await runCli(["snapshot", ...fast, ...args, "--out", dir]);
      expect(result.code, args.join(" ")).toBe(ExitCode.usage);
      expect(result.stderr.trim().split("\n"), args.join(" ")).toHaveLength(1);
    }
    const list = join(out, "list.txt.gz");
    writeFileSync(list, gzipSync(`${o}/a\nnot a url\n`));
    const bad = await runCli(["snapshot", ...fast, "--input", list, "--out", dir]);
    expect(bad.code).toBe(ExitCode.usage);
    expect(bad.stderr).toContain("Line 2 of the URL list is not an http(s) URL: not a url");
  });
});
