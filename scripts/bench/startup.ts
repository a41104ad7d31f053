/**
 * `pnpm bench startup [--runs 15] [--data DIR] [--pages 10]`: the cold start of the built
 * `vellum` command as npm users get it, against Readability.js + linkedom run by `node` on the
 * same pages in the same run (scripts/bench/peer-readability.mjs). Whole-process times, each a
 * fresh process: `vellum --version`, `vellum extract` of one saved page and of `--pages` pages,
 * the peer on the same one and the same ten, `node -e 0` (Node's own start) and, for the record,
 * the TypeScript sources through tsx (what `pnpm vellum` runs, less pnpm's own start).
 *
 * It builds, packs and installs the tarballs with npm into out/bench/startup/ (offline, as the
 * fresh-install test does; reinstalled only when a tarball changed), then runs every command
 * `--runs` times in rotation after two warm-up runs, so load from other work on the machine
 * falls on all of them alike. Reports the median and the minimum wall time and the median CPU
 * time (user + system, from /usr/bin/time where it exists), and Vellum ÷ peer ratios.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { buildAndPack, installTarballs } from "../lib/pack.js";
import { printTable } from "../lib/table.js";
import { ROOT } from "../lib/workspace.js";

interface Command {
  readonly label: string;
  readonly argv: readonly string[];
  /** How many outputs a run must print (one version line, one article per page), or null. */
  readonly outputs: number | null;
  /** The label of the peer run it is compared with. */
  readonly peer?: string;
}

interface Sample {
  readonly wallMs: number;
  readonly cpuMs: number | null;
}

const TIME = "/usr/bin/time";

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Builds, packs and installs into `dir`; skips the install when the tarballs are unchanged. */
async function installBuilt(dir: string): Promise<string> {
  const tarballs = await buildAndPack(join(dir, "tarballs-new"));
  const hash = createHash("sha256");
  for (const t of tarballs) hash.update(readFileSync(t));
  const stamp = hash.digest("hex");
  const app = join(dir, "app");
  const stampFile = join(dir, "installed.sha256");
  if (!existsSync(stampFile) || readFileSync(stampFile, "utf8") !== stamp) {
    rmSync(app, { recursive: true, force: true });
    rmSync(join(dir, "tarballs"), { recursive: true, force: true });
    spawnSync("mv", [join(dir, "tarballs-new"), join(dir, "tarballs")]);
    console.log("bench startup: installing the packed tarballs with npm (offline)…");
    await installTarballs(
      app,
      readdirSync(join(dir, "tarballs")).map((t) => join(dir, "tarballs", t)),
    );
    writeFileSync(stampFile, stamp);
  }
  rmSync(join(dir, "tarballs-new"), { recursive: true, force: true });
  return join(app, "node_modules", ".bin", "vellum");
}

/**
 * What a run printed, counted: one input's article is a pretty-printed JSON document (many
 * lines); several inputs print one compact JSON value per line; --version prints a line.
 */
function countOutputs(stdout: string): number {
  const text = stdout.trim();
  if (text === "") return 0;
  try {
    JSON.parse(text);
    return 1;
  } catch {
    return text.split("\n").length;
  }
}

function runOnce(command: Command, scratch: string): Sample {
  const useTime = existsSync(TIME);
  const timeFile = join(scratch, "time");
  const [exe, ...rest] = command.argv as [string, ...string[]];
  const argv = useTime ? [TIME, "-f", "%U %S", "-o", timeFile, exe, ...rest] : command.argv;
  const started = process.hrtime.bigint();
  const result = spawnSync(argv[0] as string, argv.slice(1), {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (result.status !== 0) {
    throw new Error(`${command.label} failed (${result.status}): ${result.stderr.slice(0, 400)}`);
  }
  if (command.outputs !== null && countOutputs(result.stdout) !== command.outputs) {
    throw new Error(`${command.label}: expected ${command.outputs} output(s)`);
  }
  let cpuMs: number | null = null;
  if (useTime) {
    const [user, system] = readFileSync(timeFile, "utf8").trim().split(/\s+/).slice(-2).map(Number);
    cpuMs = ((user ?? 0) + (system ?? 0)) * 1000;
  }
  return { wallMs, cpuMs };
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "15" },
      data: { type: "string" },
      pages: { type: "string", default: "10" },
    },
  });
  const runs = Math.max(3, Number(values.runs));
  const many = Math.max(2, Number(values.pages));
  const data = resolve(values.data ?? join(ROOT, "../shared/eval/articles/html"));
  const pages = readdirSync(data)
    .filter((n) => n.endsWith(".html") || n.endsWith(".html.gz"))
    .sort()
    .map((n) => join(data, n));
  if (pages.length < many) {
    console.error(`bench startup: ${data} has ${pages.length} pages, fewer than --pages ${many}`);
    return 2;
  }
  const one = pages.slice(0, 1);
  const ten = pages.slice(0, many);
  const ONE = "vellum extract, 1 page";
  const PEER_ONE = "peer, 1 page";
  const MANY = `vellum extract, ${many} pages`;
  const PEER_MANY = `peer, ${many} pages`;

  const vellum = await installBuilt(join(ROOT, "out", "bench", "startup"));
  const peer = join(ROOT, "scripts", "bench", "peer-readability.mjs");
  const tsx = join(ROOT, "node_modules", ".bin", "tsx");
  const sources = join(ROOT, "packages", "cli", "src", "bin.ts");
  const commands: Command[] = [
    { label: "node -e 0", argv: [process.execPath, "-e", "0"], outputs: null },
    { label: "vellum --version", argv: [vellum, "--version"], outputs: 1, peer: PEER_ONE },
    { label: ONE, argv: [vellum, "extract", ...one], outputs: 1, peer: PEER_ONE },
    { label: PEER_ONE, argv: [process.execPath, peer, ...one], outputs: 1 },
    { label: MANY, argv: [vellum, "extract", ...ten], outputs: many, peer: PEER_MANY },
    { label: PEER_MANY, argv: [process.execPath, peer, ...ten], outputs: many },
    {
      label: "tsx sources: extract, 1 page",
      argv: [tsx, sources, "extract", ...one],
      outputs: 1,
      peer: PEER_ONE,
    },
  ];

  const scratch = mkdtempSync(join(tmpdir(), "vellum-bench-startup-"));
  const samples = new Map<string, Sample[]>(commands.map((c) => [c.label, []]));
  const loadBefore = loadavg()[0] ?? 0;
  try {
    for (const command of commands) for (let i = 0; i < 2; i++) runOnce(command, scratch);
    for (let round = 0; round < runs; round++) {
      // Rotate the order each round, so no command always follows the same one.
      for (let k = 0; k < commands.length; k++) {
        const command = commands[(round + k) % commands.length] as Command;
        samples.get(command.label)?.push(runOnce(command, scratch));
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const loadAfter = loadavg()[0] ?? 0;

  const wall = (label: string) => median((samples.get(label) ?? []).map((s) => s.wallMs));
  const cpu = (label: string) => {
    const values = (samples.get(label) ?? []).flatMap((s) => (s.cpuMs === null ? [] : [s.cpuMs]));
    return values.length === 0 ? null : median(values);
  };
  console.log(
    `\nbench startup: ${runs} runs each after 2 warm-up runs; pages from ${relative(ROOT, data)} ` +
      `(${relative(data, one[0] as string)} and the first ${many}); 1-minute load average ` +
      `${loadBefore.toFixed(1)} before, ${loadAfter.toFixed(1)} after (2 cores)\n`,
  );
  printTable(
    ["command", "median wall", "min wall", "median CPU", "÷ peer (wall)", "÷ peer (CPU)"],
    commands.map((c) => {
      const p = c.peer ?? null;
      const ms = (v: number | null) => (v === null ? "—" : `${Math.round(v)} ms`);
      const ratio = (a: number | null, b: number | null) =>
        a === null || b === null || b === 0 ? "" : `${(a / b).toFixed(2)}×`;
      return [
        c.label,
        ms(wall(c.label)),
        ms(Math.min(...(samples.get(c.label) ?? []).map((s) => s.wallMs))),
        ms(cpu(c.label)),
        p === null ? "" : ratio(wall(c.label), wall(p)),
        p === null ? "" : ratio(cpu(c.label), cpu(p)),
      ];
    }),
  );
  const oneRatio = wall(ONE) / wall(PEER_ONE);
  const manyRatio = wall(MANY) / wall(PEER_MANY);
  console.log(
    `\ntargets: 1 page ≤ 1.5× the peer: ${oneRatio.toFixed(2)}× ${oneRatio <= 1.5 ? "met" : "NOT met"}; ` +
      `${many} pages ahead of the peer: ${manyRatio.toFixed(2)}× ${manyRatio < 1 ? "met" : "NOT met"}`,
  );
  return 0;
}

process.exitCode = await main();
