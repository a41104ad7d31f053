import { isVellumError } from "@vellum/model";
import type { CliContext } from "./context.js";
import { ExitCode, exitCodeFor } from "./exit-codes.js";

/**
 * Turns any error into one line on stderr (with the stack under `--verbose`) and answers its exit
 * code. `main` uses it for a command that threw, and the commands for one input of several that
 * failed while the others go on (`input` names it); in a module of its own so that neither
 * imports the other.
 */
export function reportError(
  error: unknown,
  ctx: CliContext,
  verbose: boolean,
  input?: string,
): number {
  // With several inputs every line names the one it is about; the value often already does.
  const about =
    input === undefined || (isVellumError(error) && error.value === input) ? "" : `${input}: `;
  if (isVellumError(error)) {
    ctx.stderr.write(`vellum: ${about}${error.toLine()}\n`);
    if (verbose && error.stack) ctx.stderr.write(`${error.stack}\n`);
    return exitCodeFor(error.code);
  }
  const message = error instanceof Error ? error.message : String(error);
  ctx.stderr.write(
    `vellum: ${about}internal error: ${message} (please report it; --verbose shows where)\n`,
  );
  if (verbose && error instanceof Error && error.stack) ctx.stderr.write(`${error.stack}\n`);
  return ExitCode.internal;
}
