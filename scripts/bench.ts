/**
 * `pnpm bench [extract|archive]`: speed and memory, each beside a peer measured in the same run,
 * reported as ratios. Each bench runs in its own process so one's peak RSS cannot colour the
 * other's. Timings live here and never in tests.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const benches = ["extract", "archive"] as const;
const wanted = process.argv.slice(2);
const selected = wanted.length === 0 ? benches : benches.filter((b) => wanted.includes(b));
if (selected.length === 0) {
  console.error(
    `pnpm bench: unknown bench ${wanted.join(" ")} (choose from ${benches.join(", ")})`,
  );
  process.exit(2);
}
let failed = false;
for (const bench of selected) {
  const script = fileURLToPath(new URL(`./bench/${bench}.ts`, import.meta.url));
  const result = spawnSync(process.execPath, ["--import", "tsx", script], { stdio: "inherit" });
  if (result.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
