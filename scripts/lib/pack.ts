import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runWatched, type WatchedRun } from "./watched.js";
import { ROOT } from "./workspace.js";

const output = (run: WatchedRun): string =>
  `${run.stalled === null ? "" : `${run.stalled}\n`}${run.stdout}${run.stderr}`;

/**
 * `pnpm build`, then `pnpm pack` of every package into `dest`; answers the tarballs' paths.
 * pnpm pack writes the manifest npm users get: `publishConfig` (dist exports, the bin) applied
 * and `workspace:*` turned into versions.
 */
export async function buildAndPack(dest: string): Promise<string[]> {
  const built = await runWatched(process.execPath, ["--import", "tsx", "scripts/build.ts"], {
    cwd: ROOT,
  });
  if (built.code !== 0) throw new Error(`pnpm build failed:\n${output(built)}`);
  mkdirSync(dest, { recursive: true });
  const packed = await runWatched(
    "pnpm",
    ["-r", "--filter", "./packages/*", "pack", "--pack-destination", dest],
    { cwd: ROOT },
  );
  if (packed.code !== 0) throw new Error(`pnpm pack failed:\n${output(packed)}`);
  return readdirSync(dest)
    .filter((name) => name.endsWith(".tgz"))
    .sort()
    .map((name) => join(dest, name));
}

/**
 * The environment for an `npm install` that builds native addons: from source (prebuild-install
 * would try to download a binary first), through ccache when the machine has it
 * (scripts/setup.sh installs it), so the second build of better-sqlite3 in a test run, and every
 * build after the first on a machine, reuses the compiler's output instead of spending minutes.
 */
export function nativeBuildEnv(): NodeJS.ProcessEnv {
  const ccache = existsSync("/usr/bin/ccache");
  return {
    npm_config_build_from_source: "true",
    ...(ccache ? { CC: "ccache gcc", CXX: "ccache g++" } : {}),
  };
}

/** The package.json of a project that installs the tarballs with npm. */
export const NPM_CONSUMER = {
  private: true,
  overrides: { "@webrecorder/wabac": { warcio: "2.4.11" } },
};

/**
 * `npm install ./*.tgz` into `dir` (made empty but for a package.json), offline: every registry
 * package must already be in npm's cache, which scripts/setup.sh fills. Native dependencies
 * build from source (no prebuilt binary is downloaded).
 */
export async function installTarballs(dir: string, tarballs: readonly string[]): Promise<void> {
  mkdirSync(dir, { recursive: true });
  // pnpm-workspace.yaml's override, as an npm consumer writes it: the registry mirror lacks the
  // warcio that replaywebpage's @webrecorder/wabac asks for (its bundles carry their own copy).
  writeFileSync(join(dir, "package.json"), `${JSON.stringify(NPM_CONSUMER, null, 2)}\n`);
  const result = await runWatched(
    "npm",
    ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error", ...tarballs],
    { cwd: dir, env: { ...process.env, ...nativeBuildEnv() } },
  );
  if (result.code !== 0) {
    const text = output(result);
    const hint = /ENOTCACHED|only-if-cached/.test(text)
      ? "npm's cache lacks a registry package the tarballs need: run scripts/setup.sh, which fills it"
      : "npm install of the tarballs failed";
    throw new Error(`${hint}:\n${text}`);
  }
}
