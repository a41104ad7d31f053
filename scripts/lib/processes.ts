import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";

/**
 * Every process below `root` (Linux `/proc`): Chromium, its zygotes, renderers and helpers below
 * the Node process that started it. The orphan and Ctrl-C tests look for leftovers with it, the
 * browser bench sums their memory.
 */
export async function descendants(root: number): Promise<number[]> {
  const parent = new Map<number, number>();
  for (const entry of await readdir("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
    // The command name in parentheses may hold spaces; the parent pid is the second field after.
    if (stat !== null) parent.set(pid, Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
  }
  const below = (pid: number): boolean => {
    for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
      if (p === root) return true;
    }
    return false;
  };
  return [...parent.keys()].filter(below);
}

/** A process's command line, arguments joined by spaces; "" once it is gone. */
export async function commandLine(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).replace(/\0/g, " ");
}

/** Waits (up to `ms`) for every process of `pids` to end; answers those still there. */
export async function whenGone(pids: readonly number[], ms = 30_000): Promise<number[]> {
  const left = () => pids.filter((pid) => existsSync(`/proc/${pid}`));
  for (let waited = 0; waited < ms && left().length > 0; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
  }
  return left();
}
