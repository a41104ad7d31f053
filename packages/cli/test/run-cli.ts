import { fixedClock } from "@vellum/model";
import type { CliContext, TextSink } from "../src/context.js";
import { main } from "../src/main.js";

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunCliOptions {
  readonly stdin?: string | Uint8Array;
  readonly cwd?: string;
  readonly signal?: AbortSignal;
  readonly clock?: CliContext["clock"];
}

class Buffered implements TextSink {
  text = "";
  readonly isTTY = false;
  write(chunk: string) {
    this.text += chunk;
    return true;
  }
}

/** Runs `vellum` in-process with buffers for stdout/stderr, a fixed clock and the given stdin. */
export async function runCli(
  argv: readonly string[],
  options: RunCliOptions = {},
): Promise<CliResult> {
  const stdout = new Buffered();
  const stderr = new Buffered();
  const input = options.stdin ?? "";
  const bytes = typeof input === "string" ? new TextEncoder().encode(input) : input;
  const code = await main(argv, {
    stdout,
    stderr,
    stdin: (async function* () {
      yield bytes;
    })(),
    cwd: options.cwd ?? process.cwd(),
    clock: options.clock ?? fixedClock("2026-01-01T00:00:00Z"),
    signal: options.signal ?? new AbortController().signal,
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
