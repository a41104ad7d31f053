/**
 * The release flow of CONTRIBUTING.md on a copy of the repository: `pnpm version-packages`
 * (changesets, then VELLUM_VERSION kept in step) bumps every @vellum package to one new
 * version and writes a CHANGELOG.md entry in each from the pending changesets.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runWatched } from "../scripts/lib/watched.js";
import { ROOT, workspacePackages } from "../scripts/lib/workspace.js";

let copy: string;

describe("pnpm version-packages", { timeout: 600_000 }, () => {
  beforeAll(() => {
    copy = mkdtempSync(join(tmpdir(), "vellum-release-"));
    // The committed tree plus the working tree's changes, without node_modules or outputs.
    execFileSync("git", ["clone", "--quiet", "--no-hardlinks", ROOT, copy]);
    const diff = execFileSync("git", ["diff", "HEAD", "--binary"], { cwd: ROOT });
    if (diff.length > 0)
      execFileSync("git", ["apply", "--whitespace=nowarn"], { cwd: copy, input: diff });
    // A changeset of its own, so the flow is tested whether or not others are pending.
    writeFileSync(
      join(copy, ".changeset", "release-test.md"),
      '---\n"@vellum/model": patch\n---\n\nA change noted by the release test.\n',
    );
    execFileSync(
      "sh",
      [
        "-c",
        `"${join(ROOT, "node_modules", ".bin", "changeset")}" version && "${join(ROOT, "node_modules", ".bin", "tsx")}" scripts/sync-version.ts`,
      ],
      { cwd: copy, stdio: "ignore" },
    );
  }, 600_000);
  afterAll(() => {
    if (copy) rmSync(copy, { recursive: true, force: true });
  });

  it("bumps every package to one new 0.x version", () => {
    const before = workspacePackages(ROOT).map((p) => p.manifest.version);
    const after = workspacePackages(copy).map((p) => p.manifest.version);
    expect(new Set(after).size).toBe(1);
    expect(after[0]).not.toBe(before[0]);
    expect(after[0]).toMatch(/^0\.\d+\.\d+$/);
  });

  it("writes each package's CHANGELOG.md and keeps VELLUM_VERSION in step", () => {
    const after = workspacePackages(copy);
    const version = after[0]?.manifest.version ?? "";
    for (const pkg of after) {
      const changelog = readFileSync(join(pkg.dir, "CHANGELOG.md"), "utf8");
      expect(changelog, pkg.folder).toContain(`## ${version}`);
    }
    const source = readFileSync(join(copy, "packages", "model", "src", "version.ts"), "utf8");
    expect(source).toContain(`export const VELLUM_VERSION = "${version}";`);
  });
});

describe("pnpm docs:api", () => {
  it(
    "generates the API reference from the TSDoc comments of every package, warning-free",
    async () => {
      const out = mkdtempSync(join(tmpdir(), "vellum-docs-"));
      try {
        // typedoc.json treats a warning (a type an export names but the barrel does not export,
        // a broken {@link}) as an error, so this fails on what would make the reference wrong.
        const run = await runWatched(
          process.execPath,
          [join(ROOT, "node_modules", "typedoc", "bin", "typedoc"), "--out", out],
          { cwd: ROOT },
        );
        expect(run.stalled).toBeNull();
        expect(`${run.stdout}${run.stderr}`, "typedoc").not.toMatch(/\[warning\]|\[error\]/);
        expect(run.code).toBe(0);
        const index = readFileSync(join(out, "index.html"), "utf8");
        for (const pkg of workspacePackages())
          expect(index, pkg.folder).toContain(pkg.manifest.name);
        const extract = readFileSync(
          join(out, "functions", "_vellum_extract.extract.html"),
          "utf8",
        );
        expect(extract).toContain("ExtractOptions");
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    },
    80 * 60_000,
  );
});
