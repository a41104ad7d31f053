import { auditCommand } from "./audit.js";
import { bundleCommand } from "./bundle.js";
import { changesCommand } from "./changes.js";
import type { Command } from "./command.js";
import { extractCommand } from "./extract.js";
import { jsonldCommand } from "./jsonld.js";
import { serveCommand } from "./serve.js";
import { snapshotCommand } from "./snapshot.js";
import { statusCommand } from "./status.js";
import { validateCommand } from "./validate.js";
import { verifyCommand } from "./verify.js";

/** Every `vellum` command, in the order `--help` lists them. */
export const commands: ReadonlyArray<Command<never>> = [
  extractCommand,
  jsonldCommand,
  validateCommand,
  auditCommand,
  snapshotCommand,
  statusCommand,
  changesCommand,
  bundleCommand,
  verifyCommand,
  serveCommand,
];
