import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { snapshot } from "@vellum/crawl";
import { fixedClock, type SnapshotReport } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  readAndVerifyWarcs,
  startServer,
  type TestServer,
} from "../../crawl/test/snapshot-helpers.js";
import { fast, snapshotSite } from "../../crawl/test/snapshot-site.js";
import { terminalDisplay } from "../src/display/snapshot.js";
import { main } from "../src/main.js";
import { runCli } from "./run-cli.js";

let server: TestServer;
let out: string;

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), "vellum-snapshot-cli-"));
  server = await startServer(snapshotSite());
});
afterAll(async () => {
  await server.close();
  rmSync(out, { recursive: true, force: true });
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
    expect(result.stdout).toMatch(
      /\nthis run: 1 captured, 0 stored as revisits, 1 failed \(http-status 1\); no edits found\n/,
    );
  });

  it("names a failed chain's archived responses on its FAIL line", async () => {
    const dir = join(out, "cli-loop");
    const run = await runCli([
      ...["snapshot", `${server.origin}/loop`, "--out", dir],
      ...["--allow-private", "--delay", "0", "--retries", "0"],
    ]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^vellum: FAIL ${server.origin}/loop: Redirect loop: .*\\(2 responses archived\\)\\n$`,
      ),
    );
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
    expect(result.stderr).toMatch(/Refused a host on a loopback address.*--allow-private/);
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
    // The bar: done/total, failed, queued, rate and ETA (cleared at the end, so seen mid-run).
    expect(drawn).toMatch(/\d+\/\d+ \| [01] failed \| \d+ queued \| [\d.]+ pages\/s \| ETA /);
  });

  it("Ctrl-C once every page is done: exit 0, nothing lost or called interrupted", async () => {
    const dir = join(out, "cli-late-abort");
    const controller = new AbortController();
    let stdout = "";
    let stderr = "";
    const urls = [`${server.origin}/story`, `${server.origin}/cyrillic`];
    const code = await main(
      ["snapshot", "--allow-private", "--delay", "0", "--json", "--out", dir, ...urls],
      {
        // Ctrl-C the moment the last page's line is printed: all the work is done.
        stdout: {
          isTTY: false,
          write(chunk: string) {
            stdout += chunk;
            if ((stdout.match(/"event":"page"/g) ?? []).length === urls.length) controller.abort();
            return true;
          },
        },
        stderr: {
          isTTY: false,
          write(chunk: string) {
            stderr += chunk;
            return true;
          },
        },
        stdin: (async function* () {})(),
        cwd: process.cwd(),
        clock: fixedClock("2026-01-01T00:00:00Z"),
        signal: controller.signal,
      },
    );
    expect(controller.signal.aborted).toBe(true);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, "report.json"), "utf8")) as SnapshotReport;
    expect(report).toMatchObject({ interrupted: false, counts: { ok: 2, failed: 0, notDone: 0 } });
    expect(report.urls.map((u) => u.outcome)).toEqual(["ok", "ok"]);
    await readAndVerifyWarcs(dir, report.warcFiles);
    // The collection calls the run finished, not interrupted.
    const status = await runCli(["status", "--json", dir]);
    expect(status.stdout).toContain('"finished"');
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
