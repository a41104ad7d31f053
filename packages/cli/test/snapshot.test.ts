import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { countingIds, fixedClock } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SnapshotEvent } from "../src/snapshot/events.js";
import type { SnapshotReport } from "../src/snapshot/report.js";
import { snapshot } from "../src/snapshot/run.js";
import { runCli } from "./run-cli.js";
import {
  PUBLIC_NEWS_TEST,
  readAndVerifyWarcs,
  redirectTo,
  startServer,
  type TestServer,
} from "./snapshot-helpers.js";

const page = (title: string, extra = "") =>
  `<!doctype html><html><head><title>${title}</title>${extra}</head><body><article><h1>${title}</h1>` +
  `<p>${"The council met on Tuesday to discuss the budget for the coming year. ".repeat(8)}</p>` +
  `<p>${"Residents asked questions about roads, schools and the new library. ".repeat(8)}</p>` +
  "</article></body></html>";
const cp1251 = readFileSync(new URL("./fixtures/cp1251.html", import.meta.url));
const gzipped = gzipSync(page("Gzipped story"));

let server: TestServer;
let out: string;
const fast = { allowPrivate: true, delayMs: 0, retries: 0, bodyIdleTimeoutMs: 300 };

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "vellum-snapshot-"));
  server = await startServer({
    "/robots.txt": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("User-agent: *\nDisallow: /members/\n");
    },
    "/story": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(page("Council story"));
    },
    "/gzip": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html", "Content-Encoding": "gzip" });
      res.end(gzipped);
    },
    "/chunked": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      const html = page("Chunked story");
      res.write(html.slice(0, 100));
      setTimeout(() => res.end(html.slice(100)), 5);
    },
    "/old": redirectTo(301, "/older"),
    "/older": redirectTo(302, "/story"),
    "/loop": redirectTo(302, "/loop2"),
    "/loop2": redirectTo(302, "/loop"),
    "/broken": (_q, res) => {
      res.writeHead(500, { "Content-Type": "text/html" });
      res.end("<p>oops</p>");
    },
    "/data.json": (_q, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"ok":true}');
    },
    "/members/secret": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(page("Secret"));
    },
    "/stall": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.write("<p>start");
    },
    "/reset": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html", "Content-Length": "5000" });
      res.write("<p>partial", () => res.socket?.resetAndDestroy());
    },
    "/huge": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(page("Huge story").padEnd(20_000, " "));
    },
    "/cyrillic": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=windows-1251" });
      res.end(cp1251);
    },
    "/styled": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(
        page(
          "Styled story",
          '<link rel="stylesheet" href="/site.css"><link rel="icon" href="/favicon.ico"><script src="/app.js"></script>',
        ).replace(
          "</h1>",
          '</h1><img src="/lead.jpg" srcset="/lead-2x.jpg 2x"><img src="/missing.png">',
        ),
      );
    },
    "/site.css": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/css" });
      res.end(
        '@import "/extra.css"; body { background: url(/bg.png) } @font-face { src: url("/f.woff2") }',
      );
    },
    "/extra.css": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/css" });
      res.end("h1 { color: red }");
    },
    ...Object.fromEntries(
      ["/favicon.ico", "/app.js", "/lead.jpg", "/lead-2x.jpg", "/bg.png", "/f.woff2"].map((p) => [
        p,
        (_q: unknown, res: import("node:http").ServerResponse) => {
          res.writeHead(200, { "Content-Type": "application/octet-stream" });
          res.end(Buffer.from(p));
        },
      ]),
    ),
  });
});
afterAll(async () => {
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

function byUrl(report: SnapshotReport, path: string) {
  const found = report.urls.find((u) => u.url === `${server.origin}${path}`);
  if (found === undefined) throw new Error(`no report for ${path}`);
  return found;
}

describe("snapshot()", () => {
  let report: SnapshotReport;
  let dir: string;
  const events: SnapshotEvent[] = [];

  beforeAll(async () => {
    dir = join(out, "mixed");
    const paths = [
      "/story",
      "/gzip",
      "/chunked",
      "/old",
      "/loop",
      "/broken",
      "/missing",
      "/data.json",
      "/members/secret",
      "/stall",
      "/reset",
      "/huge",
      "/cyrillic",
    ];
    report = await snapshot({
      urls: paths.map((p) => `${server.origin}${p}`),
      outDir: dir,
      fetch: { ...fast, maxBytes: 10_000 },
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
      operator: "Test Archive",
      onEvent: (e) => events.push(e),
    });
  });

  it("reports each URL with its outcome and reason, and never lets one failure stop the rest", () => {
    expect(report.counts).toEqual({ total: 13, ok: 7, failed: 6, notDone: 0 });
    expect(byUrl(report, "/story")).toMatchObject({
      outcome: "ok",
      status: 200,
      articleDir: `articles/127-0-0-1-${new URL(server.origin).port}-story`,
    });
    expect(byUrl(report, "/old")).toMatchObject({
      outcome: "ok",
      redirects: 2,
      finalUrl: `${server.origin}/story`,
    });
    expect(byUrl(report, "/loop").error).toMatchObject({ code: "fetch-failed" });
    expect(byUrl(report, "/loop").error?.reason).toMatch(/Redirect loop/);
    expect(byUrl(report, "/broken")).toMatchObject({
      outcome: "failed",
      status: 500,
      error: { code: "http-status" },
    });
    expect(byUrl(report, "/missing")).toMatchObject({
      outcome: "failed",
      status: 404,
      error: { code: "http-status" },
    });
    expect(byUrl(report, "/data.json")).toMatchObject({ outcome: "ok", articleDir: null });
    expect(byUrl(report, "/data.json").notes[0]).toMatch(/not HTML/);
    expect(byUrl(report, "/members/secret").error?.code).toBe("robots-disallowed");
    expect(byUrl(report, "/stall").error?.code).toBe("fetch-timeout");
    expect(byUrl(report, "/reset").error?.code).toBe("fetch-failed");
    expect(byUrl(report, "/huge")).toMatchObject({
      outcome: "ok",
      truncated: "length",
      bytes: 10_000,
    });
    expect(byUrl(report, "/huge").notes[0]).toMatch(/truncated/);
  });

  it("writes report.json, the article files, and emits events", () => {
    const onDisk = JSON.parse(readFileSync(join(dir, "report.json"), "utf8"));
    expect(onDisk).toEqual(JSON.parse(JSON.stringify(report)));
    const articleDir = join(dir, byUrl(report, "/gzip").articleDir as string);
    expect(JSON.parse(readFileSync(join(articleDir, "article.json"), "utf8")).headline).toBe(
      "Gzipped story",
    );
    expect(JSON.parse(readFileSync(join(articleDir, "article.jsonld"), "utf8"))).toHaveProperty(
      "@graph",
    );
    expect(readFileSync(join(articleDir, "article.md"), "utf8")).toContain("The council met");
    expect(events[0]).toMatchObject({ event: "start", total: 13 });
    expect(events.filter((e) => e.event === "page")).toHaveLength(13);
    expect(events.at(-1)).toMatchObject({ event: "done" });
  });

  it("decodes a legacy-encoded page through its charset", () => {
    const articleDir = join(dir, byUrl(report, "/cyrillic").articleDir as string);
    const article = JSON.parse(readFileSync(join(articleDir, "article.json"), "utf8"));
    expect(article.headline).toBe("Новости дня: погода в Москве");
  });

  it("writes WARC 1.1 whose records all verify", async () => {
    const records = await readAndVerifyWarcs(dir, report.warcFiles);
    const info = records[0];
    expect(info?.type).toBe("warcinfo");
    const fields = info?.block.toString() ?? "";
    expect(fields).toContain("robots: obey");
    expect(fields).toContain("operator: Test Archive");
    expect(fields).toContain("format: WARC File Format 1.1");
    const responses = records.filter((r) => r.type === "response");
    const uris = responses.map((r) => new URL(r.headers.get("warc-target-uri") ?? "").pathname);
    expect(uris).toEqual(
      expect.arrayContaining(["/robots.txt", "/old", "/older", "/story", "/broken", "/huge"]),
    );
    // The payload keeps the content coding: the gzip bytes as served.
    const gzipRecord = responses.find((r) => r.headers.get("warc-target-uri")?.endsWith("/gzip"));
    expect(gzipRecord?.payload).toEqual(gzipped);
    // Chunked transfer coding is removed from the payload.
    const chunked = responses.find((r) => r.headers.get("warc-target-uri")?.endsWith("/chunked"));
    expect(chunked?.payload?.toString()).toBe(page("Chunked story"));
    const huge = responses.find((r) => r.headers.get("warc-target-uri")?.endsWith("/huge"));
    expect(huge?.headers.get("warc-truncated")).toBe("length");
    expect(responses.every((r) => r.headers.get("warc-ip-address") === "127.0.0.1")).toBe(true);
    // A stalled or reset body is not archived as if it were whole.
    expect(uris).not.toContain("/stall");
    expect(uris).not.toContain("/reset");
    const metadata = records.filter((r) => r.type === "metadata");
    expect(metadata).toHaveLength(2 * 6);
    const ids = new Set(responses.map((r) => r.headers.get("warc-record-id")));
    expect(metadata.every((m) => ids.has(m.headers.get("warc-concurrent-to") ?? ""))).toBe(true);
    expect(metadata.map((m) => m.headers.get("content-type"))).toContain("application/ld+json");
  });
});

describe("snapshot() with --requisites", () => {
  it("captures images, stylesheets (and what they import), icons, scripts and fonts", async () => {
    const dir = join(out, "requisites");
    const report = await snapshot({
      urls: [`${server.origin}/styled`],
      outDir: dir,
      fetch: fast,
      requisites: true,
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
    });
    expect(report.urls[0]).toMatchObject({ outcome: "ok", requisites: { captured: 8, failed: 1 } });
    const records = await readAndVerifyWarcs(dir, report.warcFiles);
    const paths = records
      .filter((r) => r.type === "response")
      .map((r) => new URL(r.headers.get("warc-target-uri") ?? "").pathname);
    for (const p of [
      "/site.css",
      "/extra.css",
      "/bg.png",
      "/f.woff2",
      "/favicon.ico",
      "/app.js",
      "/lead.jpg",
      "/lead-2x.jpg",
      "/missing.png",
    ]) {
      expect(paths).toContain(p);
    }
  });
});

describe("snapshot() and the private-address guard", () => {
  it("refuses a redirect from a public-looking host to a private address", async () => {
    const port = new URL(server.origin).port;
    const redirect = await startServer({
      "/go": (_q, res) => {
        res.writeHead(302, { Location: `http://intranet.test:${port}/story` });
        res.end();
      },
    });
    try {
      const dir = join(out, "guard");
      const report = await snapshot({
        urls: [`http://news.test:${new URL(redirect.origin).port}/go`],
        outDir: dir,
        fetch: {
          ...fast,
          ...PUBLIC_NEWS_TEST,
        },
        clock: fixedClock("2026-11-25T10:00:00Z"),
        ids: countingIds(),
      });
      expect(report.urls[0]?.error?.code).toBe("private-address");
      expect(report.urls[0]?.error?.reason).toContain("intranet.test → 127.0.0.1");
      await readAndVerifyWarcs(dir, report.warcFiles);
    } finally {
      await redirect.close();
    }
  });
});

describe("snapshot() stopped midway (Ctrl-C)", () => {
  it("keeps what was written valid and reports what was not done", async () => {
    const dir = join(out, "stopped");
    const controller = new AbortController();
    const report = await snapshot({
      urls: [`${server.origin}/story`, `${server.origin}/stall`, `${server.origin}/gzip`],
      outDir: dir,
      fetch: { ...fast, bodyIdleTimeoutMs: 60_000, concurrency: 1 },
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
      signal: controller.signal,
      onEvent: (e) => {
        if (e.event === "page" && e.report.url.endsWith("/story"))
          setTimeout(() => controller.abort(), 50);
      },
    });
    expect(report.interrupted).toBe(true);
    expect(report.counts).toMatchObject({ ok: 1, notDone: 2 });
    expect(report.urls.map((u) => u.outcome)).toEqual(["ok", "not-done", "not-done"]);
    expect(report.urls[1]?.error?.code).toBe("interrupted");
    const records = await readAndVerifyWarcs(dir, report.warcFiles);
    expect(
      records.filter((r) => r.type === "response").map((r) => r.headers.get("warc-target-uri")),
    ).toContain(`${server.origin}/story`);
  });
});

describe("vellum snapshot", () => {
  it("exit 0 when every URL succeeded; article files equal `vellum extract`", async () => {
    const dir = join(out, "cli-ok");
    const result = await runCli([
      "snapshot",
      "--allow-private",
      "--delay",
      "0",
      "--out",
      dir,
      `${server.origin}/story`,
      `${server.origin}/cyrillic`,
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2\/2 captured/);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as SnapshotReport;
    for (const entry of report.urls) {
      const extracted = await runCli(["extract", "--allow-private", entry.url]);
      expect(extracted.code).toBe(0);
      expect(readFileSync(join(dir, entry.articleDir as string, "article.json"), "utf8")).toBe(
        extracted.stdout,
      );
      const md = await runCli(["extract", "--allow-private", "--format", "markdown", entry.url]);
      expect(readFileSync(join(dir, entry.articleDir as string, "article.md"), "utf8")).toBe(
        md.stdout,
      );
    }
    await readAndVerifyWarcs(dir, report.warcFiles);
  });

  it("exit 1 when some failed, with one clear line per failure", async () => {
    const dir = join(out, "cli-some");
    const list = join(out, "urls.txt");
    writeFileSync(list, `# a list\n${server.origin}/story\n\n${server.origin}/broken\n`);
    const result = await runCli([
      "snapshot",
      "--allow-private",
      "--delay",
      "0",
      "--retries",
      "0",
      "--input",
      list,
      "--out",
      dir,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split("\n")).toEqual([
      `vellum: FAIL ${server.origin}/broken: The server answered HTTP 500 Internal Server Error`,
    ]);
    expect(result.stdout).toMatch(/1\/2 captured, 1 failed/);
  });

  it("--json prints one event per line", async () => {
    const dir = join(out, "cli-json");
    const result = await runCli([
      "snapshot",
      "--json",
      "--allow-private",
      "--delay",
      "0",
      "--out",
      dir,
      `${server.origin}/story`,
    ]);
    expect(result.code).toBe(0);
    const events = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(events.map((e) => e.event)).toEqual(["start", "robots", "page", "done"]);
  });

  it("--ignore-robots captures a disallowed page and says so in warcinfo", async () => {
    const dir = join(out, "cli-ignore");
    const result = await runCli([
      "snapshot",
      "--ignore-robots",
      "--allow-private",
      "--delay",
      "0",
      "--out",
      dir,
      `${server.origin}/members/secret`,
    ]);
    expect(result.code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as SnapshotReport;
    expect(report.robots).toBe("ignore");
    const records = await readAndVerifyWarcs(dir, report.warcFiles);
    expect(records[0]?.block.toString()).toContain("robots: ignore");
  });

  it("refuses loopback without --allow-private", async () => {
    const dir = join(out, "cli-private");
    const result = await runCli([
      "snapshot",
      "--delay",
      "0",
      "--out",
      dir,
      `${server.origin}/story`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/private address/);
  });

  it("exit 2 for bad usage", async () => {
    expect((await runCli(["snapshot", "--out", join(out, "x")])).code).toBe(2);
    expect((await runCli(["snapshot", "--out", join(out, "x"), "ftp://example.com/"])).code).toBe(
      2,
    );
    expect(
      (
        await runCli([
          "snapshot",
          "--out",
          join(out, "x"),
          "--max-bytes",
          "lots",
          "http://example.com/",
        ])
      ).code,
    ).toBe(2);
    expect(
      (await runCli(["snapshot", "--out", join(out, "x"), "--input", join(out, "nope.txt")])).code,
    ).toBe(2);
    expect((await runCli(["snapshot", "http://example.com/"])).code).toBe(2);
  });
});

describe("vellum snapshot, more", () => {
  it("draws a progress bar when stderr is a terminal, and still lists each page", async () => {
    const { terminalDisplay } = await import("../src/snapshot/display.js");
    let drawn = "";
    const tty = {
      isTTY: true,
      columns: 100,
      write(s: string) {
        drawn += s;
        return true;
      },
    };
    const display = terminalDisplay(tty);
    const dir = join(out, "tty");
    await snapshot({
      urls: [`${server.origin}/story`, `${server.origin}/broken`],
      outDir: dir,
      fetch: fast,
      onEvent: (e) => display.onEvent(e),
    });
    display.stop();
    expect(drawn).toContain(`ok   200 ${server.origin}/story`);
    expect(drawn).toContain(`FAIL ${server.origin}/broken`);
    expect(drawn).toMatch(/2\/2 pages/);
  });

  it("rolls WARC files at the size limit, each starting with warcinfo", async () => {
    const dir = join(out, "roll");
    const report = await snapshot({
      urls: ["/story", "/gzip", "/chunked"].map((p) => `${server.origin}${p}`),
      outDir: dir,
      fetch: fast,
      maxWarcBytes: 1,
      clock: fixedClock("2026-11-25T10:00:00Z"),
      ids: countingIds(),
    });
    expect(report.warcFiles.length).toBeGreaterThan(2);
    const records = await readAndVerifyWarcs(dir, report.warcFiles);
    expect(records.filter((r) => r.type === "warcinfo")).toHaveLength(report.warcFiles.length);
  });

  it("Ctrl-C before the run starts: exit 130, every URL listed as not done", async () => {
    const dir = join(out, "cli-abort");
    const controller = new AbortController();
    controller.abort();
    const result = await runCli(
      ["snapshot", "--allow-private", "--out", dir, `${server.origin}/story`],
      {
        signal: controller.signal,
      },
    );
    expect(result.code).toBe(130);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as SnapshotReport;
    expect(report).toMatchObject({ interrupted: true, counts: { notDone: 1 } });
    await readAndVerifyWarcs(dir, report.warcFiles);
  });
});
