/**
 * `pnpm build [--clean]`: every package's `dist/` (ES modules, `.d.ts`, declaration maps and
 * source maps) by TypeScript project references, then each command-line bin as one esbuild
 * bundle (`dist/bin/`). Development never needs it: `pnpm vellum`, the demo and the tests run
 * the TypeScript sources. `pnpm pack` and the fresh-install test use what it writes.
 *
 * The per-package `tsconfig.build.json` files are written here from each package.json, so a new
 * package is built as soon as it exists and its references can never drift from its
 * dependencies: `tsc -b` then refuses an import of a workspace package that is not a dependency.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { bundleBins } from "./lib/bundle-bin.js";
import {
  ROOT,
  type WorkspacePackage,
  workspaceDependencies,
  workspacePackages,
} from "./lib/workspace.js";

const GENERATED = "// Written by scripts/build.ts from package.json (pnpm build); not committed.\n";

/** Writes a file only when its text changes, so `tsc -b` keeps seeing up-to-date projects. */
function writeIfChanged(path: string, text: string): void {
  if (existsSync(path) && readFileSync(path, "utf8") === text) return;
  writeFileSync(path, text);
}

export function writeBuildConfigs(packages: readonly WorkspacePackage[]): void {
  for (const pkg of packages) {
    const hasBin = Object.keys(pkg.manifest.publishConfig?.bin ?? {}).length > 0;
    const config = {
      extends: relative(pkg.dir, join(ROOT, "tsconfig.build-base.json")),
      compilerOptions: { rootDir: "src", outDir: "dist", tsBuildInfoFile: "dist/.tsbuildinfo" },
      // JSON a module imports (extract's author model) is part of the program and copied to dist.
      include: ["src", "src/**/*.json"],
      // The bin ships as an esbuild bundle (dist/bin/), not as tsc output.
      ...(hasBin ? { exclude: ["src/bin.ts"] } : {}),
      references: workspaceDependencies(pkg, packages).map((dep) => ({
        path: relative(pkg.dir, join(dep.dir, "tsconfig.build.json")),
      })),
    };
    writeIfChanged(
      join(pkg.dir, "tsconfig.build.json"),
      `${GENERATED}${JSON.stringify(config, null, 2)}\n`,
    );
  }
  const solution = {
    files: [],
    references: packages.map((pkg) => ({
      path: `${relative(ROOT, pkg.dir)}/tsconfig.build.json`,
    })),
  };
  writeIfChanged(
    join(ROOT, "tsconfig.build.json"),
    `${GENERATED}${JSON.stringify(solution, null, 2)}\n`,
  );
}

/**
 * The tsc outputs of one source file: `x.ts` → `x.js`, `x.js.map`, `x.d.ts`, `x.d.ts.map`; an
 * imported `x.json` is copied as itself.
 */
const OUTPUT = /^(.*)\.(js|js\.map|d\.ts|d\.ts\.map)$/;

/**
 * tsc never deletes: a source file that was moved or deleted leaves its old output in dist/,
 * and pnpm pack would ship it. Removes every output whose source is gone or excluded, so dist/
 * is always exactly the current sources.
 */
export function pruneStaleOutputs(pkg: WorkspacePackage): string[] {
  const excluded = Object.keys(pkg.manifest.publishConfig?.bin ?? {}).length > 0 ? ["bin.ts"] : [];
  const removed: string[] = [];
  const walk = (rel: string): void => {
    const dir = join(pkg.dir, "dist", rel);
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = rel === "" ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        // dist/bin/ and the data folders beside it (vocab/) are rewritten by the bundle step.
        if (rel === "" && !existsSync(join(pkg.dir, "src", entry.name))) {
          rmSync(join(dir, entry.name), { recursive: true, force: true });
          continue;
        }
        walk(path);
        continue;
      }
      const match = OUTPUT.exec(path);
      if (match === null && !path.endsWith(".json")) continue;
      const source = match === null ? path : `${match[1]}.ts`;
      if (!existsSync(join(pkg.dir, "src", source)) || excluded.includes(source)) {
        rmSync(join(dir, entry.name));
        removed.push(path);
      }
    }
  };
  walk("");
  return removed;
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { clean: { type: "boolean", default: false } } });
  const packages = workspacePackages();
  if (values.clean) {
    for (const pkg of packages) rmSync(join(pkg.dir, "dist"), { recursive: true, force: true });
  }
  writeBuildConfigs(packages);
  // npm shows and ships a package's own LICENSE; one text, the repository's, for all of them.
  const license = readFileSync(join(ROOT, "LICENSE"), "utf8");
  for (const pkg of packages) writeIfChanged(join(pkg.dir, "LICENSE"), license);

  const started = performance.now();
  const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
  const compiled = spawnSync(process.execPath, [tsc, "-b", "tsconfig.build.json"], {
    cwd: ROOT,
    stdio: "inherit",
  });
  if (compiled.status !== 0) {
    console.error("build: tsc -b failed (above)");
    return 1;
  }
  const tscSeconds = (performance.now() - started) / 1000;
  for (const pkg of packages) {
    const removed = pruneStaleOutputs(pkg);
    if (removed.length > 0)
      console.log(`build: ${pkg.folder}: removed stale ${removed.join(", ")}`);
  }

  const bundled = performance.now();
  const bins = [];
  for (const pkg of packages) bins.push(...(await bundleBins(pkg, packages)));
  const binSeconds = (performance.now() - bundled) / 1000;

  console.log(
    `build: ${packages.length} packages by tsc -b in ${tscSeconds.toFixed(1)} s` +
      (bins.length > 0
        ? `; bins ${bins.map((b) => relative(ROOT, b.file)).join(", ")} by esbuild in ${binSeconds.toFixed(1)} s` +
          ` (left in node_modules: ${[...new Set(bins.flatMap((b) => b.external))].join(", ") || "none"})`
        : ""),
  );
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main().catch((error: unknown) => {
    console.error(`build: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  });
}
