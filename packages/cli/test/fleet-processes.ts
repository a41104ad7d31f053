/**
 * What the fleet tests share: `vellum` run from the sources as a process of its own (its output
 * gathered, its exit code awaited), and what a collection's parts committed per URL.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { collectionParts, openPart } from "@vellum/crawl";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const bin = fileURLToPath(new URL("../src/bin.ts", import.meta.url));

export interface VellumProcess {
  readonly child: ChildProcess;
  /** The exit code (null when a signal ended it). */
  readonly exit: Promise<number | null>;
  stdout: string;
  stderr: string;
}

/** Starts `vellum ARGS`; `children` collects it, for the test file to kill whatever is left. */
export function startVellum(args: readonly string[], children: ChildProcess[]): VellumProcess {
  const child = spawn(process.execPath, ["--import", "tsx", bin, ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  const proc: VellumProcess = {
    child,
    stdout: "",
    stderr: "",
    exit: new Promise((resolve) => child.once("exit", (code) => resolve(code))),
  };
  child.stdout?.setEncoding("utf8").on("data", (c: string) => {
    proc.stdout += c;
  });
  child.stderr?.setEncoding("utf8").on("data", (c: string) => {
    proc.stderr += c;
  });
  return proc;
}

/** Committed captures per URL across every part of a collection (refusals included). */
export function committedPerUrl(dir: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const part of collectionParts(dir)) {
    const collection = openPart(part);
    try {
      for (const capture of collection.captures()) {
        if (capture.outcome === "interrupted") continue;
        const url = collection.url(capture.urlId)?.url ?? "";
        counts.set(url, (counts.get(url) ?? 0) + 1);
      }
    } finally {
      collection.close();
    }
  }
  return counts;
}
