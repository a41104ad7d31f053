import type { Argv } from "yargs";

/** The part of yargs' internals this module reaches: its usage instance (yargs 17 and 18). */
interface WithUsage {
  getInternalMethods?: () => { getUsageInstance?: () => { cacheHelpMessage?: () => void } };
}

/**
 * Stops yargs rendering a command's whole help text before it runs the command's handler. yargs
 * keeps that text to print should the handler fail later; `main` never lets it see a failure (a
 * handler only records which command to run, and errors are reported by `reportError`), so the
 * text was never printed, and making it was a third of yargs' time in `vellum extract` (~6 ms
 * of every start: cliui lays out every option of the command). `--help` is unaffected: it
 * renders the help when asked. Should a later yargs move this method, nothing changes but
 * the time; test/help-cache.test.ts notices.
 */
export function withoutHelpCache<T extends Argv>(parser: T): T {
  const usage = (parser as unknown as WithUsage).getInternalMethods?.().getUsageInstance?.();
  if (usage !== undefined && typeof usage.cacheHelpMessage === "function") {
    usage.cacheHelpMessage = () => {};
  }
  return parser;
}
