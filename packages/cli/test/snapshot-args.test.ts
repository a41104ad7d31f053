import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestServer } from "../../../test/support/route-server.js";
import { ExitCode } from "../src/exit-codes.js";
import { snapshotArgs, startArticleSite } from "./article-site.js";
import { runCli } from "./run-cli.js";

let server: TestServer;
const dir = mkdtempSync(join(tmpdir(), "vellum-snapargs-"));
beforeAll(async () => {
  server = await startArticleSite(["/a", "/b"]);
});
afterAll(() => server.close());

describe("snapshot's numbers are read as typed", () => {
  it.each([
    ["--concurrency", "abc", "--concurrency must be a whole number, 1 or more: abc"],
    ["--concurrency", "0", "--concurrency must be a whole number, 1 or more: 0"],
    ["--per-host", "2.5", "--per-host must be a whole number, 1 or more: 2.5"],
    ["--retries", "many", "--retries must be a whole number, 0 or more: many"],
    ["--extract-workers", "-1", "--extract-workers must be a whole number, 0 or more: -1"],
    ["--extract-workers", "two", "--extract-workers must be a whole number, 0 or more: two"],
    ["--delay", "soon", "--delay must be a number of seconds, like 1 or 0.5: soon"],
    ["--timeout", "0", "--timeout must be a number of seconds above 0, like 1 or 0.5: 0"],
  ])("%s %s", async (option, value, message) => {
    const { code, stderr } = await runCli([
      "snapshot",
      option,
      value,
      "--out",
      join(dir, "never"),
      `${server.origin}/a`,
    ]);
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toBe(`vellum: ${message} (see vellum snapshot --help)\n`);
    expect(stderr).not.toContain("NaN");
  });
});

describe("snapshot --input", () => {
  it("- reads the URLs from stdin, as wget -i - does", async () => {
    const out = join(dir, "from-stdin");
    const { code } = await runCli(
      ["snapshot", "--input", "-", "--allow-private", "--delay", "0", "--out", out],
      { stdin: `# today's list\n${server.origin}/a\n\n${server.origin}/b\n` },
    );
    expect(code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
    expect(report.urls.map((u: { url: string }) => u.url)).toEqual([
      `${server.origin}/a`,
      `${server.origin}/b`,
    ]);
  });

  it("an empty list, or one of comments only, says so", async () => {
    const empty = join(dir, "empty.txt");
    writeFileSync(empty, "");
    const comments = join(dir, "comments.txt");
    writeFileSync(comments, "# to do\n\n");
    for (const [input, stdin, message] of [
      [empty, "", `The URL list is empty: ${empty}`],
      [comments, "", `The URL list has only comments: ${comments}`],
      ["-", "  \n", "The URL list is empty: - (stdin)"],
    ] as const) {
      const out = join(dir, "never");
      const { code, stderr } = await runCli(["snapshot", "--input", input, "--out", out], {
        stdin,
      });
      expect(code).toBe(ExitCode.inputInvalid);
      expect(stderr).toBe(
        `vellum: ${message} (write one http(s) URL per line; # starts a comment)\n`,
      );
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe("snapshot --bundle over an existing bundle", () => {
  it("is refused before anything is captured, unless --force", async () => {
    const out = join(dir, "snap");
    writeFileSync(`${out}.wacz`, "kept");
    const args = ["snapshot", "--allow-private", "--delay", "0", "--bundle", "wacz", "--out", out];
    const before = server.hits.length;
    const refused = await runCli([...args, `${server.origin}/a`]);
    expect(refused.code).toBe(ExitCode.usage);
    expect(refused.stderr).toMatch(
      /^vellum: The output already exists: .*snap\.wacz \(pass --force/,
    );
    expect(server.hits.length).toBe(before);
    expect(readFileSync(`${out}.wacz`, "utf8")).toBe("kept");
    const forced = await runCli([...args, "--force", `${server.origin}/a`]);
    expect(forced.code).toBe(0);
    expect(readFileSync(`${out}.wacz`).subarray(0, 2).toString("latin1")).toBe("PK");
  });
});

describe("snapshot --queue", () => {
  it("refuses --chromium, a path on each worker's machine: vellum worker takes it", async () => {
    const out = join(dir, "never-queued-browser");
    const { code, stderr } = await runCli([
      ...["snapshot", "--queue", "redis://127.0.0.1:1/0", "--browser", "always"],
      ...["--chromium", "/usr/bin/chromium", "--out", out, `${server.origin}/a`],
    ]);
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toContain("--chromium is an option of vellum worker with --queue");
    expect(stderr).toContain("vellum worker --queue … --chromium PATH");
    expect(existsSync(out)).toBe(false);
  });
});

describe("snapshot --extract-workers", () => {
  it("writes the same article files with the articles read on threads or on the run's own", async () => {
    const files = async (workers: string) => {
      const out = join(dir, `extract-workers-${workers}`);
      const { code } = await runCli(
        snapshotArgs(out, [`${server.origin}/a`], "--extract-workers", workers),
      );
      expect(code).toBe(0);
      const report = JSON.parse(readFileSync(join(out, "report.json"), "utf8"));
      const articleDir = join(out, report.urls[0].articleDir);
      return ["article.json", "article.jsonld", "article.md"].map((name) =>
        readFileSync(join(articleDir, name), "utf8"),
      );
    };
    const inline = await files("0");
    expect(inline[2]).toContain("The harbour reopened on Monday");
    expect(await files("2")).toEqual(inline);
  });

  it("is refused with --queue: each vellum worker takes it", async () => {
    const { code, stderr } = await runCli([
      "snapshot",
      "--queue",
      "redis://127.0.0.1:1/0",
      "--extract-workers",
      "2",
      "--out",
      join(dir, "never-queued"),
      `${server.origin}/a`,
    ]);
    expect(code).toBe(ExitCode.usage);
    expect(stderr).toContain(
      "--extract-workers is an option of vellum worker with --queue: the workers capture and extract",
    );
  });
});
