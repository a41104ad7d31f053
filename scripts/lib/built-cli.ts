/**
 * The built `vellum` command (`pnpm build`'s bundle in packages/cli/dist/bin) for the benches that
 * measure what people run rather than a loop over the library.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./workspace.js";

export const BUILT_VELLUM = join(ROOT, "packages", "cli", "dist", "bin", "vellum.js");

/** The newest modification time of a TypeScript source under `dir` (node_modules and dist aside). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name === "dist") continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts") || entry.name.endsWith(".json"))
      newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/** Runs `pnpm build` unless the bundle is newer than every package source. */
export function ensureBuilt(bench: string): void {
  const built = existsSync(BUILT_VELLUM) ? statSync(BUILT_VELLUM).mtimeMs : 0;
  const sources = readdirSync(join(ROOT, "packages")).map((pkg) =>
    join(ROOT, "packages", pkg, "src"),
  );
  if (built > Math.max(...sources.filter((dir) => existsSync(dir)).map(newestSource))) return;
  console.log(`${bench}: a source is newer than the bundle; running pnpm build…`);
  const result = spawnSync("pnpm", ["-s", "build"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) throw new Error("pnpm build failed");
}
