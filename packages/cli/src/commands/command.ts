import type { Argv } from "yargs";
import type { CliContext, GlobalArgs } from "../context.js";

/** One `vellum` command: its yargs shape, its help examples, and what it does. */
export interface Command<A extends GlobalArgs = GlobalArgs> {
  readonly command: string;
  readonly describe: string;
  /** Shown under the command's `--help`; the first one also under `vellum --help`. */
  readonly examples: ReadonlyArray<readonly [example: string, description: string]>;
  builder(y: Argv): Argv;
  /** Answers the exit code. Throws `VellumError` for a clear one-line failure. */
  run(args: A, ctx: CliContext): Promise<number>;
}
