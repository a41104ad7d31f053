import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { countingIds, fixedClock, type SnapshotReport } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultExtractWorkers, snapshot } from "../src/index.js";
import { startServer, type TestServer } from "./snapshot-helpers.js";
import { fast, page, snapshotSite } from "./snapshot-site.js";

let server: TestServer;
let out: string;
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
/** Pages of every kind the site has an article for, and some it has none for. */
const PATHS = [
  "/story",
  "/gzip",
  "/chunked",
  "/old",
  "/meta-charset",
  "/cyrillic",
  "/styled",
  "/broken",
  "/data.json",
  "/missing",
];
const MANY = Array.from({ length: 24 }, (_, i) => `/many-${i}`);

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "vellum-extract-workers-"));
  const routes = snapshotSite();
  for (const [i, p] of MANY.entries()) {
    routes[p] = (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(page(`Story number ${i}`, `<meta name="author" content="Writer ${i}">`));
    };
  }
  server = await startServer(routes);
});
afterAll(async () => {
  await server.close();
  rmSync(out, { recursive: true, force: true });
});

/** Every file under `articles/`, by its path there, as bytes. */
function articleFiles(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const root = join(dir, "articles");
  for (const slug of readdirSync(root).sort()) {
    for (const name of readdirSync(join(root, slug)).sort())
      files.set(`${slug}/${name}`, readFileSync(join(root, slug, name)));
  }
  return files;
}

/** The report's pages without what a second run measures differently (times). */
function contents(report: SnapshotReport) {
  return report.urls
    .map(({ startedAt: _s, durationMs: _d, queuedMs: _q, ...rest }) => rest)
    .sort((a, b) => a.url.localeCompare(b.url));
}

async function captureWith(name: string, extractWorkers: number) {
  const dir = join(out, name);
  const report = await snapshot({
    urls: [...PATHS, ...MANY].map((p) => `${server.origin}${p}`),
    outDir: dir,
    requisites: true,
    fetch: { ...fast, concurrency: 8, perHostConcurrency: 8 },
    clock: fixedClock("2026-12-05T09:00:00Z"),
    ids: countingIds(),
    extractWorkers,
  });
  return { dir, report };
}

describe("snapshot() extracting on worker threads (extractWorkers)", () => {
  it("writes the same article files and the same report as extraction on the run's thread", async () => {
    const inline = await captureWith("inline", 0);
    const pooled = await captureWith("pooled", 2);
    const expected = articleFiles(inline.dir);
    // Every readable page has its three files: the comparison below covers them all.
    expect(expected.size).toBe(3 * (PATHS.length - 3 + MANY.length));
    expect([...expected.keys()].filter((k) => k.endsWith("/article.md")).length).toBe(
      PATHS.length - 3 + MANY.length,
    );
    const actual = articleFiles(pooled.dir);
    expect([...actual.keys()]).toEqual([...expected.keys()]);
    for (const [path, bytes] of expected) {
      expect(actual.get(path)?.equals(bytes), path).toBe(true);
    }
    expect(contents(pooled.report)).toEqual(contents(inline.report));
    expect(pooled.report.run).toEqual(inline.report.run);
  });

  it("defaults to one thread fewer than the cores, at least one", () => {
    expect(defaultExtractWorkers()).toBe(Math.max(1, availableParallelism() - 1));
  });

  /**
   * A run that used the pool ends its threads before it answers, however it ended, and its
   * process then exits by itself (a thread left running would hold it: the test fails on its
   * timeout, the child killed).
   */
  for (const ending of ["finished", "aborted", "failed"] as const) {
    it(`lets the process exit once the run has ${ending}`, async () => {
      const script = join(out, `exit-${ending}.mts`);
      const dir = join(out, `exit-${ending}`);
      const snapshotModule = new URL("../src/index.ts", import.meta.url).href;
      writeFileSync(
        script,
        [
          'import { readdirSync } from "node:fs";',
          `import { snapshot } from ${JSON.stringify(snapshotModule)};`,
          'const threads = () => readdirSync("/proc/self/task").length;',
          `const urls = ${JSON.stringify(MANY.map((p) => `${server.origin}${p}`))};`,
          `const fetch = ${JSON.stringify({ ...fast, concurrency: 4, perHostConcurrency: 4 })};`,
          // A run on this thread first: whatever else a run starts (libuv's pool) is counted.
          `await snapshot({ urls, outDir: ${JSON.stringify(`${dir}-inline`)}, fetch, extractWorkers: 0 });`,
          "const before = threads();",
          "const stop = new AbortController();",
          "let pages = 0;",
          "let result;",
          "try {",
          "  const report = await snapshot({",
          `    urls, outDir: ${JSON.stringify(dir)}, fetch, extractWorkers: 2, signal: stop.signal,`,
          "    onEvent: (e) => {",
          '      if (e.event !== "page") return;',
          "      pages += 1;",
          ending === "aborted" ? "      if (pages === 2) stop.abort();" : "",
          // A listener that throws is a failure of the run's own code: the run ends with it.
          ending === "failed" ? '      if (pages === 2) throw new Error("boom");' : "",
          "    },",
          "  });",
          "  result = { interrupted: report.interrupted, pages };",
          "} catch (error) {",
          "  result = { error: String(error), pages };",
          "}",
          "console.log(JSON.stringify({ ...result, threadsLeft: threads() - before }));",
        ].join("\n"),
      );
      const child = spawn(process.execPath, ["--import", "tsx", script], {
        cwd: ROOT,
        stdio: ["ignore", "pipe", "inherit"],
      });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
      });
      const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
        child.once("exit", (c, s) => resolve([c, s])),
      );
      clearTimeout(killer);
      expect(signal).toBeNull();
      expect(code).toBe(0);
      const result = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
      // The pool's threads have ended by the time the run answers.
      expect(result.threadsLeft).toBe(0);
      if (ending === "finished")
        expect(result).toMatchObject({ interrupted: false, pages: MANY.length });
      if (ending === "aborted") expect(result.interrupted).toBe(true);
      if (ending === "failed") expect(result.error).toMatch(/boom/);
    }, 90_000);
  }
});
