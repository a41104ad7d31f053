/**
 * `pnpm bench [extract|archive|audit|sources|crawl|serve|startup|memory|browser|scale] [options]`: speed and memory, each beside a peer measured in the
 * same run, reported as ratios. Each bench runs in its own process so one's peak RSS cannot
 * colour the other's; options (e.g. `--size 512M` for archive) are passed through. Timings live
 * here and never in tests.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const benches = [
  "extract",
  "archive",
  "audit",
  "sources",
  "crawl",
  "serve",
  "startup",
  "memory",
  "browser",
  "scale",
] as const;
type Bench = (typeof benches)[number];
const isBench = (arg: string): arg is Bench => (benches as readonly string[]).includes(arg);

const args = process.argv.slice(2);
const named = args.filter(isBench);
const passThrough = args.filter((arg) => !isBench(arg));
const selected = named.length === 0 ? benches : named;

let failed = false;
for (const bench of selected) {
  const script = fileURLToPath(new URL(`./bench/${bench}.ts`, import.meta.url));
  const result = spawnSync(process.execPath, ["--import", "tsx", script, ...passThrough], {
    stdio: "inherit",
  });
  if (result.status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
