import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";

export interface WatchedRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Set when the watchdog ended the process: why. */
  readonly stalled: string | null;
}

export interface WatchedOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /**
   * How long the process and all its descendants may go without using any CPU and without
   * printing anything before they are taken for hung and killed. Default 5 minutes.
   */
  readonly stallMs?: number;
  /** How often the process tree's CPU time is read. Default 5 s. */
  readonly pollMs?: number;
}

/**
 * CPU time (clock ticks, user + system) used so far by a process and every process under it,
 * read from /proc. Processes that already ended are counted in their parent's `cutime`/`cstime`
 * once reaped, so the sum only grows while the tree works.
 */
export function treeCpuTicks(root: number): number {
  const stats = new Map<number, { ppid: number; ticks: number }>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    let text: string;
    try {
      text = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      continue; // ended meanwhile
    }
    // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
    const fields = text.slice(text.lastIndexOf(")") + 2).split(" ");
    const ppid = Number(fields[1]);
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i] ?? 0), 0);
    stats.set(Number(entry), { ppid, ticks });
  }
  let total = 0;
  const queue = [root];
  const seen = new Set<number>();
  while (queue.length > 0) {
    const pid = queue.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += stats.get(pid)?.ticks ?? 0;
    for (const [child, stat] of stats) if (stat.ppid === pid) queue.push(child);
  }
  return total;
}

/**
 * Runs a command to its end however long it takes on a loaded machine, and fails it only for
 * what is really wrong: a non-zero exit right away, and a hang (a step waiting on the network,
 * on a lock, on input) when the process tree has neither used CPU nor printed anything for
 * `stallMs`. A slow machine slows the process down but never stops its CPU clock, so no amount
 * of load trips the watchdog, which a wall-clock timeout would. Asynchronous, so servers in the
 * calling process keep answering.
 */
export function runWatched(
  command: string,
  args: readonly string[],
  options: WatchedOptions = {},
): Promise<WatchedRun> {
  const stallMs = options.stallMs ?? 5 * 60_000;
  const pollMs = options.pollMs ?? 5_000;
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so the watchdog can end every descendant
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let lastProgress = Date.now();
    let lastTicks = -1;
    let stalled: string | null = null;
    child.stdout.on("data", (chunk: Buffer) => {
      out.push(chunk);
      lastProgress = Date.now();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      err.push(chunk);
      lastProgress = Date.now();
    });
    const timer = setInterval(() => {
      if (child.pid === undefined) return;
      const ticks = treeCpuTicks(child.pid);
      if (ticks !== lastTicks) {
        lastTicks = ticks;
        lastProgress = Date.now();
        return;
      }
      if (Date.now() - lastProgress < stallMs) return;
      stalled = `${command} ${args.join(" ")} used no CPU and printed nothing for ${Math.round(stallMs / 1000)} s: taken for hung and killed`;
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {
        child.kill("SIGKILL");
      }
    }, pollMs);
    const finish = (code: number | null): void => {
      clearInterval(timer);
      resolve({
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
        stalled,
      });
    };
    child.on("error", (error) => {
      err.push(Buffer.from(String(error)));
      finish(null);
    });
    child.on("close", (code) => finish(code));
  });
}
