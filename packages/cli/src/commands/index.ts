import type { Command } from "./command.js";

/**
 * Every `vellum` command by name, in the order `--help` lists them. A command's module imports
 * its engine (extraction, the capture engine and its database, the archive writers), so each is
 * loaded only when its command runs: `vellum extract page.html` never loads the WARC writer,
 * and `vellum --version` loads no command at all.
 */
const loaders: Readonly<Record<CommandName, () => Promise<Command<never>>>> = {
  extract: async () => (await import("./extract.js")).extractCommand,
  jsonld: async () => (await import("./jsonld.js")).jsonldCommand,
  validate: async () => (await import("./validate.js")).validateCommand,
  audit: async () => (await import("./audit.js")).auditCommand,
  snapshot: async () => (await import("./snapshot.js")).snapshotCommand,
  status: async () => (await import("./status.js")).statusCommand,
  changes: async () => (await import("./changes.js")).changesCommand,
  bundle: async () => (await import("./bundle.js")).bundleCommand,
  verify: async () => (await import("./verify.js")).verifyCommand,
  serve: async () => (await import("./serve.js")).serveCommand,
  worker: async () => (await import("./worker.js")).workerCommand,
};

/** The names `vellum` answers to, in `--help` order. */
export const COMMAND_NAMES = [
  "extract",
  "jsonld",
  "validate",
  "audit",
  "snapshot",
  "status",
  "changes",
  "bundle",
  "verify",
  "serve",
  "worker",
] as const;

export type CommandName = (typeof COMMAND_NAMES)[number];

const isCommandName = (arg: string): arg is CommandName =>
  (COMMAND_NAMES as readonly string[]).includes(arg);

/**
 * The commands a command line needs: the one it names (its first argument that is not an
 * option: the global options take no value), none for a bare `--version`, and every one
 * otherwise (`vellum --help` lists them all; a mistyped name gets suggestions).
 */
export function commandsNeeded(argv: readonly string[]): readonly CommandName[] {
  const first = argv.find((arg) => !arg.startsWith("-"));
  if (first !== undefined && isCommandName(first)) return [first];
  if (first === undefined && argv.includes("--version") && !argv.includes("--help")) return [];
  return COMMAND_NAMES;
}

export function loadCommands(names: readonly CommandName[]): Promise<Command<never>[]> {
  return Promise.all(names.map((name) => loaders[name]()));
}
