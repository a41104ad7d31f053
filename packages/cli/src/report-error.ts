import { isVellumError } from "@vellum/model";
import type { CliContext } from "./context.js";
import { ExitCode, exitCodeFor } from "./exit-codes.js";

/**
 * Turns any error into one line on stderr (with the stack under `--verbose`) and answers its exit
 * code. `main` uses it for a command that threw, and the commands for one input of several that
 * failed while the others go on; in a module of its own so that neither imports the other.
 */
export function reportError(error: unknown, ctx: CliContext, verbose: boolean): number {
  if (isVellumError(error)) {
    ctx.stderr.write(`vellum: ${error.toLine()}\n`);
    if (verbose && error.stack) ctx.stderr.write(`${error.stack}\n`);
    return exitCodeFor(error.code);
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(
    `vellum: internal error: ${message} (please report it; --verbose shows where)\n`,
  );
  if (verbose && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
  return ExitCode.internal;
}
