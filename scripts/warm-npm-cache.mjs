/**
 * Fills npm's cache with every registry package that `npm install` of Vellum's packed tarballs
 * needs, so that the fresh-install test (test/package-install.test.ts) can install them with
 * `npm install --offline`: tests may not use the network, and this install step may.
 *
 * It mirrors that install exactly: for each workspace package it packs a tarball holding only
 * the package.json that `pnpm pack` would publish (name, version, dependencies, workspace:*
 * turned into the version), then installs all of them together with npm into a scratch
 * directory, so npm resolves the same ranges into the same tree and caches what it fetched.
 * Install scripts are skipped here; the test runs them (better-sqlite3 builds from source).
 * Plain Node with no dependencies: scripts/setup.sh runs it right after `pnpm install`.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const packagesDir = join(root, "packages");
const manifests = readdirSync(packagesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .flatMap((entry) => {
    try {
      return [JSON.parse(readFileSync(join(packagesDir, entry.name, "package.json"), "utf8"))];
    } catch {
      return [];
    }
  });
const versions = new Map(manifests.map((m) => [m.name, m.version]));

const scratch = mkdtempSync(join(tmpdir(), "vellum-npm-cache-"));
try {
  const tarballs = [];
  for (const manifest of manifests) {
    const stub = manifest.name.replace("/", "+");
    const dir = join(scratch, "stubs", stub, "package");
    mkdirSync(dir, { recursive: true });
    const dependencies = Object.fromEntries(
      Object.entries(manifest.dependencies ?? {}).map(([name, range]) => [
        name,
        range.startsWith("workspace:") ? versions.get(name) : range,
      ]),
    );
    writeFileSync(
      join(dir, "package.json"),
      JSON.stringify({ name: manifest.name, version: manifest.version, dependencies }),
    );
    const name = `${stub}.tgz`;
    execFileSync("tar", [
      "-czf",
      join(scratch, name),
      "-C",
      join(scratch, "stubs", stub),
      "package",
    ]);
    tarballs.push(`./${name}`);
  }
  // The overrides of pnpm-workspace.yaml (a version the registry mirror lacks), as a consumer's
  // package.json gives them to npm; scripts/lib/pack.ts writes the same for the test's install.
  writeFileSync(
    join(scratch, "package.json"),
    JSON.stringify({ private: true, overrides: { "@webrecorder/wabac": { warcio: "2.4.11" } } }),
  );
  execFileSync(
    "npm",
    ["install", "--prefer-offline", "--ignore-scripts", "--no-audit", "--no-fund", ...tarballs],
    { cwd: scratch, stdio: ["ignore", "inherit", "inherit"] },
  );
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
