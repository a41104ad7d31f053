import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { defaultJobs } from "../src/commands/extract.js";
import { workersFor } from "../src/commands/page-inputs.js";
import { ExitCode } from "../src/exit-codes.js";
import { runCli } from "./run-cli.js";

const samples = fileURLToPath(new URL("../../../samples/", import.meta.url));
const names = [
  "seed-wordpress",
  "yoast-graph",
  "two-authors-dek",
  "opengraph-only",
  "legacy-windows-1251",
  "legacy-windows-1254",
];
const pages = names.map((n) => join(samples, n, "page.html"));

/**
 * The sample pages, then each gzipped, in reverse, `rounds` times: with 5 rounds (60 inputs)
 * enough for `--jobs 2` to start a worker (workersFor), which joins this thread late (from
 * source it loads through tsx) and takes pages from the same queue.
 */
function manyPages(rounds = 5): string[] {
  const dir = mkdtempSync(join(tmpdir(), "vellum-extract-jobs-"));
  const gzipped = pages.map((page, i) => {
    const path = join(dir, `${names[i]}.html.gz`);
    writeFileSync(path, gzipSync(readFileSync(page)));
    return path;
  });
  const one = [...pages, ...gzipped.toReversed()];
  return Array.from({ length: rounds }, () => one).flat();
}

describe("vellum extract --jobs", () => {
  it.each(["text", "json", "markdown", "html", "jsonld"])(
    "--format %s prints the same bytes with 1 and with 2 jobs",
    async (format) => {
      const inputs = manyPages();
      const one = await runCli(["extract", "--format", format, "--jobs", "1", ...inputs]);
      const two = await runCli(["extract", "--format", format, "--jobs", "2", ...inputs]);
      expect(one.code).toBe(ExitCode.ok);
      expect(one.stderr).toBe("");
      expect(two).toEqual(one);
    },
  );

  it("keeps the input order", async () => {
    const inputs = manyPages();
    const text = await runCli(["extract", "--format", "text", "--jobs", "2", ...inputs]);
    const headings = text.stdout.split("\n").filter((line) => line.startsWith("==> "));
    expect(headings).toEqual(inputs.map((input) => `==> ${input} <==`));
    const json = await runCli(["extract", "--jobs", "2", ...inputs]);
    const lines = json.stdout.trim().split("\n");
    expect(lines.map((line) => JSON.parse(line).input)).toEqual(inputs);
  });

  it("prints each format as one page alone does", async () => {
    const inputs = manyPages(1);
    const together = await runCli(["extract", "--format", "markdown", "--jobs", "2", ...inputs]);
    const alone = await Promise.all(
      inputs.map(async (input) => {
        const { stdout } = await runCli(["extract", "--format", "markdown", input]);
        return `==> ${input} <==\n${stdout}`;
      }),
    );
    expect(together.stdout).toBe(alone.join(""));
  });

  it("a damaged, an empty and a missing file among many: one error line each, the rest printed", async () => {
    // The empty file again near the end, where a worker has likely joined: its no-content is
    // found from the worker's article.
    const inputs = manyPages();
    const dir = mkdtempSync(join(tmpdir(), "vellum-extract-jobs-bad-"));
    const damaged = join(dir, "damaged.html.gz");
    writeFileSync(damaged, gzipSync(readFileSync(pages[0] as string)).subarray(0, 200));
    const empty = join(dir, "empty.html");
    writeFileSync(empty, "");
    const missing = join(dir, "missing.html");
    const mixed = [...inputs.slice(0, 3), damaged, ...inputs.slice(3, 8), empty, missing];
    mixed.push(...inputs.slice(8, 50), empty, ...inputs.slice(50));
    for (const jobs of ["1", "2"]) {
      const { code, stdout, stderr } = await runCli([
        "extract",
        "--format",
        "text",
        "--jobs",
        jobs,
        ...mixed,
      ]);
      expect(code, jobs).toBe(ExitCode.findings);
      const errors = stderr.trim().split("\n");
      expect(errors, jobs).toHaveLength(4);
      expect(errors[0]).toContain(damaged);
      expect(errors[0]).toContain("gzip");
      expect(errors[1]).toContain(empty);
      expect(errors[2]).toContain(missing);
      expect(errors[3]).toContain(empty);
      const headings = stdout.split("\n").filter((line) => line.startsWith("==> "));
      expect(headings).toEqual(inputs.map((input) => `==> ${input} <==`));
    }
  });

  it("exit codes as with one job: every input failing alike gives that failure's code", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vellum-extract-jobs-none-"));
    const missing = [join(dir, "a.html"), join(dir, "b.html"), join(dir, "c.html")];
    for (const jobs of ["1", "2"]) {
      const { code, stdout, stderr } = await runCli(["extract", "--jobs", jobs, ...missing]);
      expect(code, jobs).toBe(ExitCode.usage);
      expect(stdout).toBe("");
      expect(stderr.trim().split("\n")).toHaveLength(3);
    }
  });

  it("starts workers only for enough pages, this thread being one of the jobs", () => {
    // The default on 2 cores: 10 pages stay in this thread (a worker's start would not repay).
    expect(workersFor(2, 10)).toBe(0);
    expect(workersFor(2, 49)).toBe(0);
    expect(workersFor(2, 50)).toBe(1);
    expect(workersFor(2, 327)).toBe(1);
    expect(workersFor(1, 1000)).toBe(0);
    expect(workersFor(8, 120)).toBe(2);
    expect(workersFor(8, 10_000)).toBe(7);
  });

  it("by default, one job per core that other work leaves idle, at least this thread", () => {
    expect(defaultJobs(2, 0)).toBe(2);
    expect(defaultJobs(2, 0.9)).toBe(2);
    expect(defaultJobs(2, 1.2)).toBe(1);
    expect(defaultJobs(2, 5.5)).toBe(1);
    expect(defaultJobs(8, 2.5)).toBe(6);
    expect(defaultJobs(4, -1)).toBe(4);
  });

  it("--jobs must be a whole number of at least 1", async () => {
    for (const jobs of ["0", "-1", "1.5"]) {
      const { code, stdout, stderr } = await runCli([
        "extract",
        "--jobs",
        jobs,
        pages[0] as string,
      ]);
      expect(code, jobs).toBe(ExitCode.usage);
      expect(stdout).toBe("");
      expect(stderr).toContain("--jobs");
    }
  });
});
