/**
 * `pnpm bench memory [--mb 20] [--formats json,text,markdown] [--runs 1]`: peak memory of the
 * built `vellum extract` on one large article page (generated: scripts/bench/big-page.ts, `--mb`
 * megabytes), each format in a fresh process, beside Readability.js + linkedom run by `node` on
 * the same page in the same run (scripts/bench/peer-readability.mjs). Peak RSS is the process's
 * own `ru_maxrss`, written at exit by a preloaded module (scripts/bench/peak-rss.mjs); with
 * `--runs` above 1 the table shows the largest. It runs `pnpm build` first (incremental), so the
 * figures are of the bundle npm users get, not of the TypeScript sources through tsx.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { printTable } from "../lib/table.js";
import { ROOT } from "../lib/workspace.js";
import { bigArticlePage } from "./big-page.js";

interface Measured {
  readonly peakMb: number;
  readonly wallMs: number;
  readonly outputBytes: number;
}

const PRELOAD = join(ROOT, "scripts", "bench", "peak-rss.mjs");

function measure(argv: readonly string[], scratch: string): Measured {
  const rssFile = join(scratch, "rss");
  rmSync(rssFile, { force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ["--import", PRELOAD, ...argv], {
    cwd: ROOT,
    env: { ...process.env, VELLUM_BENCH_RSS_FILE: rssFile },
    maxBuffer: 1024 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(
      `${argv.join(" ")} failed (${result.status}): ${String(result.stderr).slice(0, 400)}`,
    );
  }
  const kb = Number(readFileSync(rssFile, "utf8"));
  return { peakMb: kb / 1024, wallMs, outputBytes: result.stdout.length };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      mb: { type: "string", default: "20" },
      formats: { type: "string", default: "json,text,markdown" },
      runs: { type: "string", default: "1" },
    },
  });
  const mb = Number(values.mb);
  const runs = Math.max(1, Number(values.runs));
  const formats = String(values.formats).split(",").filter(Boolean);
  console.log("bench memory: pnpm build (incremental)…");
  const build = spawnSync(
    process.execPath,
    ["--import", "tsx", join(ROOT, "scripts", "build.ts")],
    {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  if (build.status !== 0) return 1;
  const vellum = join(ROOT, "packages", "cli", "dist", "bin", "vellum.js");
  const peer = join(ROOT, "scripts", "bench", "peer-readability.mjs");

  const scratch = mkdtempSync(join(tmpdir(), "vellum-bench-memory-"));
  const page = join(scratch, "page.html");
  writeFileSync(page, bigArticlePage(mb * 1024 * 1024));
  const commands: { label: string; argv: string[] }[] = [
    { label: "node -e 0", argv: ["-e", "0"] },
    ...formats.map((f) => ({
      label: `vellum extract --format ${f}`,
      argv: [vellum, "extract", page, "--format", f],
    })),
    { label: "peer: Readability.js + linkedom", argv: [peer, page] },
  ];
  const results = new Map<string, Measured[]>(commands.map((c) => [c.label, []]));
  const loadBefore = loadavg()[0] ?? 0;
  try {
    for (let round = 0; round < runs; round++) {
      for (const command of commands)
        results.get(command.label)?.push(measure(command.argv, scratch));
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const loadAfter = loadavg()[0] ?? 0;
  const peerPeak = Math.max(
    ...(results.get("peer: Readability.js + linkedom") ?? []).map((m) => m.peakMb),
  );
  console.log(
    `\nbench memory: one generated ${mb} MB article page, ${runs} run(s) of each; 1-minute load ` +
      `average ${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (2 cores)\n`,
  );
  printTable(
    ["command", "peak RSS", "÷ peer", "wall", "output"],
    commands.map((c) => {
      const all = results.get(c.label) ?? [];
      const peak = Math.max(...all.map((m) => m.peakMb));
      const wall = Math.min(...all.map((m) => m.wallMs));
      const out = Math.max(...all.map((m) => m.outputBytes));
      return [
        c.label,
        `${Math.round(peak)} MB`,
        c.label.startsWith("vellum") ? `${(peak / peerPeak).toFixed(2)}×` : "",
        `${(wall / 1000).toFixed(1)} s`,
        `${(out / 1024 / 1024).toFixed(1)} MB`,
      ];
    }),
  );
  const worst = Math.max(
    ...formats.flatMap((f) =>
      (results.get(`vellum extract --format ${f}`) ?? []).map((m) => m.peakMb),
    ),
  );
  console.log(
    `\ntarget: peak RSS under 300 MB for a 20 MB page: ${Math.round(worst)} MB ${worst < 300 ? "met" : "NOT met"}`,
  );
  return 0;
}

process.exitCode = await main();
