import type { Clock } from "@vellum/model";

/** A writable text sink: the real terminal, or a buffer in tests. */
export interface TextSink {
  write(chunk: string): unknown;
  /** True when a person is watching (enables progress bars). */
  readonly isTTY?: boolean;
}

/**
 * Everything a command touches outside itself. `main` gets it from `bin.ts` (the real process)
 * or from a test (buffers, a fixed clock, an abort signal it controls).
 */
export interface CliContext {
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  readonly stdin: AsyncIterable<Uint8Array>;
  /** Relative paths on the command line are resolved against this. */
  readonly cwd: string;
  readonly clock: Clock;
  /** Aborted on Ctrl-C: long commands stop cleanly and report what was not done. */
  readonly signal: AbortSignal;
}

/** Options every command accepts. */
export interface GlobalArgs {
  readonly verbose: boolean;
}
