import { VELLUM_VERSION } from "@vellum/model";
import yargs, { type Argv } from "yargs";
import { joinBrowser } from "./browser-options.js";
import type { Command } from "./commands/command.js";
import { commandsNeeded, loadCommands } from "./commands/index.js";
import type { CliContext } from "./context.js";
import { ExitCode } from "./exit-codes.js";
import { withoutHelpCache } from "./help-cache.js";
import { STDIN_ARG } from "./inputs.js";
import { joinAllowPrivate } from "./network-options.js";
import { reportError } from "./report-error.js";

/**
 * Runs one `vellum` command line and answers its exit code. Never calls `process.exit`, never
 * throws: every error becomes one line on stderr (with the stack under `--verbose`).
 */
export async function main(argv: readonly string[], ctx: CliContext): Promise<number> {
  const verbose = argv.includes("--verbose") || argv.includes("-v");
  let usageError: string | null = null;
  // yargs may call a command's handler before its strict checks have failed, so the handler only
  // records what to run; it runs once the whole command line is known to be valid.
  const chosen: { run: (() => Promise<number>) | null } = { run: null };

  // yargs drops a lone `-` from positionals; a NUL-prefixed stand-in (no real argument can hold
  // a NUL) carries it through, and inputs.ts reads it as stdin.
  const args = joinBrowser(joinAllowPrivate(argv)).map((arg) => (arg === "-" ? STDIN_ARG : arg));
  let parser: Argv = withoutHelpCache(yargs(args))
    .scriptName("vellum")
    .usage("$0 <command> [options]\n\nArticle pages into clean articles, JSON-LD and archives.")
    .option("verbose", {
      alias: "v",
      type: "boolean",
      default: false,
      describe: "Print warnings, and stack traces on errors",
    })
    .version(VELLUM_VERSION)
    .help()
    .alias("help", "h")
    .strict()
    .demandCommand(1, "Name a command: vellum --help lists them.")
    .recommendCommands()
    .exitProcess(false)
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .fail((message, error) => {
      if (error) throw error;
      // yargs spreads some messages over lines ("Invalid values:\n  Argument: …"): one line.
      usageError = (message ?? "invalid command line").replace(/:?\s*\n\s*/g, ": ").trim();
    });

  const commands = await loadCommands(commandsNeeded(argv));
  for (const command of commands) {
    parser = parser.command(
      command.command,
      command.describe,
      (y) => command.builder(y),
      (args) => {
        chosen.run = () => command.run(args as never, ctx);
      },
    );
  }

  try {
    let helpText = "";
    await parser.parseAsync(args, {}, (_err, _args, output) => {
      helpText = output;
    });
    if (usageError !== null) {
      ctx.stderr.write(`vellum: ${usageError} (see vellum --help)\n`);
      return ExitCode.usage;
    }
    if (helpText) {
      const asked = argv.includes("--help") || argv.includes("-h");
      ctx.stdout.write(`${helpText}\n${asked ? `\n${examplesFor(argv, commands)}` : ""}`);
    }
    return chosen.run === null ? ExitCode.ok : await chosen.run();
  } catch (error) {
    if (usageError !== null) {
      ctx.stderr.write(`vellum: ${usageError} (see vellum --help)\n`);
      return ExitCode.usage;
    }
    return reportError(error, ctx, verbose);
  }
}

/**
 * The examples under `--help`: the command's own, or the first of each under `vellum --help`.
 * Printed here rather than by yargs, which wraps an example mid-command to fit its column; each
 * example is a comment line saying what it does, then the command on one whole line, so it can
 * be copied (or pasted with its comment) into a shell.
 */
export function examplesFor(argv: readonly string[], commands: readonly Command<never>[]): string {
  const name = argv.find((arg) => !arg.startsWith("-"));
  const command = commands.find((c) => c.command.split(" ")[0] === name);
  const examples =
    command === undefined ? commands.flatMap((c) => c.examples.slice(0, 1)) : command.examples;
  if (examples.length === 0) return "";
  const lines = examples.map(
    ([example, description]) => `  # ${description}\n  ${example.replace(/\$0/g, "vellum")}\n`,
  );
  return `Examples:\n${lines.join("")}`;
}
