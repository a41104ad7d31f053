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
import { ROOT, workspacePackages } from "../scripts/lib/workspace.js";

let copy: string;

describe("pnpm version-packages", { timeout: 120_000 }, () => {
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
  }, 120_000);
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
