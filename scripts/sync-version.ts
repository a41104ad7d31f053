/**
 * After `changeset version`: VELLUM_VERSION (the version the CLI prints and puts in its
 * User-Agent and in WARC/BagIt provenance) follows @vellum/model's package.json, which
 * changesets bumps with every other package (one fixed group). Run by `pnpm version-packages`.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT, readManifest } from "./lib/workspace.js";

const version = readManifest(join(ROOT, "packages", "model")).version;
const file = join(ROOT, "packages", "model", "src", "version.ts");
const source = readFileSync(file, "utf8");
const pattern = /export const VELLUM_VERSION = "[^"]*";/;
if (!pattern.test(source)) {
  console.error(`sync-version: no VELLUM_VERSION declaration in ${file}`);
  process.exitCode = 1;
} else {
  writeFileSync(file, source.replace(pattern, `export const VELLUM_VERSION = "${version}";`));
  console.log(`sync-version: VELLUM_VERSION = ${version}`);
}
