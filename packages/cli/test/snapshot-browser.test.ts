/**
 * `vellum snapshot --browser` and `vellum extract --browser` on a loopback site whose article text
 * only a browser sees (a script fetches it as JSON and inserts it), in Debian's Chromium.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { derivedUri, openZip, parseDerivedUri } from "@vellum/archive";
import { Collection } from "@vellum/crawl";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../../../test/support/route-server.js";
import { records } from "../../browser/test/record.js";
import { ARTICLE_TEXT, browserSite, prefixRoutes } from "../../browser/test/site.js";
import { BLOCK_CHOICES, SCREENSHOT_CHOICES } from "../src/browser-options.js";
import { runCli } from "./run-cli.js";

let server: TestServer;
let work: string;

beforeAll(async () => {
  server = await startServer(prefixRoutes(browserSite()));
  work = await mkdtemp(join(tmpdir(), "vellum-cli-browser-"));
});
afterAll(async () => {
  await server?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

const common = ["--allow-private", "--delay", "0", "--per-host", "4", "--retries", "0"];
const warcsOf = (dir: string) => readdirSync(dir).filter((f) => /\.warc(\.gz)?$/.test(f));
const articleOf = (dir: string) => {
  const [slug] = readdirSync(join(dir, "articles"));
  return JSON.parse(readFileSync(join(dir, "articles", slug as string, "article.json"), "utf8"));
};

describe("vellum snapshot --browser", () => {
  it("captures a script-inserted article: the JSON exchange, the rendered page, an article from it", async () => {
    const out = join(work, "always");
    const run = await runCli([
      "snapshot",
      "--browser",
      `${server.origin}/article`,
      ...common,
      "--pdf",
      "--viewport",
      "1024x700",
      "--out",
      out,
      "--bundle",
      "wacz",
    ]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const article = articleOf(out);
    expect(article.extractedFrom).toBe("rendered-dom");
    expect(article.headline).toBe("Pier to be rebuilt");
    expect(article.body.text).toContain(ARTICLE_TEXT.trim());

    const all = await records(out, warcsOf(out));
    const targets = (type: string) =>
      all.filter((r) => r.type === type).map((r) => r.headers.get("warc-target-uri") ?? "");
    expect(targets("response")).toContain(`${server.origin}/article`);
    expect(targets("response")).toContain(`${server.origin}/api/article.json`);
    expect(targets("response")).toContain(`${server.origin}/img/lazy-js.png`);
    expect(
      targets("resource")
        .map((u) => parseDerivedUri(u)?.kind)
        .sort(),
    ).toEqual(["dom", "pdf", "screenshot", "thumbnail"]);
    // The collection knows the page's response and the rest of what it loaded.
    const collection = Collection.open(out);
    try {
      const [page] = [...collection.captures({ url: `${server.origin}/article` })];
      expect(page?.status).toBe(200);
      expect(page?.record?.targetUri).toBe(`${server.origin}/article`);
      expect(page?.exchanges).toBeGreaterThan(5);
    } finally {
      collection.close();
    }

    // The WACZ's page links its screenshot and thumbnail, which replay serves like any URL.
    const zip = await openZip(`${out}.wacz`);
    const chunks: Uint8Array[] = [];
    for await (const chunk of zip.entries.find((e) => e.path === "pages/pages.jsonl")?.open() ?? [])
      chunks.push(chunk);
    zip.close();
    const pages = Buffer.concat(chunks).toString("utf8").trim().split("\n").slice(1);
    expect(pages.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({
        url: `${server.origin}/article`,
        screenshot: derivedUri("screenshot", `${server.origin}/article`),
        thumbnail: derivedUri("thumbnail", `${server.origin}/article`),
      }),
    ]);

    for (const path of [...warcsOf(out).map((f) => join(out, f)), `${out}.wacz`]) {
      const verified = await runCli(["verify", path]);
      expect(verified.stdout + verified.stderr, path).not.toMatch(/error/i);
      expect(verified.code, path).toBe(0);
    }
  }, 180_000);

  it("--browser auto renders only the page whose HTTP capture has too little text", async () => {
    const out = join(work, "auto");
    const run = await runCli([
      "snapshot",
      "--browser",
      "auto",
      `${server.origin}/plain`,
      `${server.origin}/article`,
      ...common,
      "--screenshot",
      "none",
      "--out",
      out,
      "--json",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const pages = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .filter((e) => e.event === "page");
    const byUrl = new Map(pages.map((e) => [new URL(e.report.url).pathname, e.report]));
    expect(byUrl.get("/article")?.notes.join(" ")).toMatch(
      /words over HTTP: captured in the browser/,
    );
    expect(byUrl.get("/plain")?.notes ?? []).toEqual([]);
    const from = readdirSync(join(out, "articles")).map(
      (slug) =>
        JSON.parse(readFileSync(join(out, "articles", slug, "article.json"), "utf8")) as {
          url: string;
          extractedFrom: string;
        },
    );
    expect(Object.fromEntries(from.map((a) => [new URL(a.url).pathname, a.extractedFrom]))).toEqual(
      { "/plain": "response", "/article": "rendered-dom" },
    );
    const all = await records(out, warcsOf(out));
    const responses = all
      .filter((r) => r.type === "response")
      .map((r) => r.headers.get("warc-target-uri"));
    // The plain page over HTTP, once; the other only as the browser loaded it (with its JSON).
    expect(responses.filter((u) => u === `${server.origin}/plain`)).toHaveLength(1);
    expect(responses.filter((u) => u === `${server.origin}/article`)).toHaveLength(1);
    expect(responses).toContain(`${server.origin}/api/article.json`);
    expect(
      all.filter((r) => r.type === "resource").map((r) => r.headers.get("warc-target-uri")),
    ).toHaveLength(1); // the rendered DOM of /article only: no screenshots asked for
  }, 180_000);

  it("--block-list FILE refuses what the list names; --no-scroll leaves lazy images unloaded", async () => {
    const out = join(work, "blocked");
    const list = join(work, "list.txt");
    await writeFile(list, "! the stylesheet only\n/site.css\n");
    const run = await runCli([
      "snapshot",
      "--browser",
      `${server.origin}/article`,
      ...common,
      ...["--block-list", list, "--no-scroll", "--screenshot", "viewport"],
      ...["--out", out, "--json"],
    ]);
    expect(run.code, run.stderr).toBe(0);
    const page = run.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line))
      .find((e) => e.event === "page");
    expect(page?.report.notes.join(" ")).toMatch(/1 by the block list/);
    const responses = (await records(out, warcsOf(out)))
      .filter((r) => r.type === "response")
      .map((r) => new URL(r.headers.get("warc-target-uri") ?? "").pathname);
    expect(responses).toContain("/api/article.json");
    expect(responses).not.toContain("/site.css");
    expect(responses).not.toContain("/img/lazy-js.png");
  }, 120_000);

  it("a missing Chromium is one line and exit 13, before any collection is made", async () => {
    const out = join(work, "missing");
    const run = await runCli([
      "snapshot",
      "--browser",
      `${server.origin}/article`,
      ...common,
      "--chromium",
      "/nonexistent/chromium",
      "--out",
      out,
    ]);
    expect(run.code).toBe(13);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toMatch(/Chromium is not installed.*\/nonexistent\/chromium/);
    expect(existsSync(out)).toBe(false);
  });

  it("a Chromium that will not start: exit 13, and the URL stays queued for the next run", async () => {
    const out = join(work, "not-starting");
    const run = await runCli([
      "snapshot",
      "--browser",
      `${server.origin}/article`,
      ...common,
      ...["--chromium", "/bin/false", "--out", out],
    ]);
    expect(run.code).toBe(13);
    expect(run.stderr).toMatch(/Chromium would not start/);
    const collection = Collection.open(out);
    try {
      expect(collection.url(`${server.origin}/article`)?.state).toBe("queued");
    } finally {
      collection.close();
    }
  }, 60_000);

  it("browser options without --browser are a usage error", async () => {
    const run = await runCli(["snapshot", `${server.origin}/plain`, "--pdf", "--out", work]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--pdf needs --browser/);
  });

  it("offers what @vellum/browser takes", async () => {
    const { BLOCK_LISTS, SCREENSHOT_MODES } = await import("@vellum/browser");
    expect([...SCREENSHOT_CHOICES]).toEqual([...SCREENSHOT_MODES]);
    expect([...BLOCK_CHOICES]).toEqual([...BLOCK_LISTS]);
  });
});

describe("vellum extract --browser", () => {
  it("prints the article read from the rendered page, and says so", async () => {
    const run = await runCli([
      "extract",
      "--browser",
      `${server.origin}/article`,
      "--allow-private",
      "--screenshot",
      "none",
    ]);
    expect(run.code, run.stderr).toBe(0);
    const article = JSON.parse(run.stdout);
    expect(article.extractedFrom).toBe("rendered-dom");
    expect(article.body.text).toContain(ARTICLE_TEXT.trim());
    // Without --browser the same page has no article text: it is a script's.
    const plain = await runCli(["extract", `${server.origin}/article`, "--allow-private"]);
    expect(plain.stdout).not.toContain(ARTICLE_TEXT.trim());
  }, 120_000);
});
