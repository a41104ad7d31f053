import { resolve } from "node:path";
import { type VerifyResult, verifyPath } from "@vellum/archive";
import type { GlobalArgs } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import type { Command } from "./command.js";

interface VerifyArgs extends GlobalArgs {
  readonly path: readonly string[];
  readonly json: boolean;
}

/** One line per finding, then one verdict line, all prefixed with the path verified. */
export function renderVerify(result: VerifyResult, label: string): string {
  const lines = result.findings.map(
    (f) => `${label}: ${f.severity} ${f.code}${f.path === null ? "" : ` ${f.path}`}: ${f.message}`,
  );
  const errors = result.findings.filter((f) => f.severity === "error").length;
  const what = result.kind === "warc" ? "record(s)" : "file(s)";
  lines.push(
    result.ok
      ? `${label}: sound ${result.kind} (${result.checked.items} ${what}, ${result.checked.bytes} bytes checked)`
      : `${label}: NOT sound: ${errors} error(s) in ${result.kind}`,
  );
  return `${lines.join("\n")}\n`;
}

export const verifyCommand: Command<VerifyArgs> = {
  command: "verify <path...>",
  describe: "Check a bag (directory, .zip, .tar.gz), a .wacz or a .warc(.gz): fixity and structure",
  examples: [
    ["$0 verify run1-bag.zip", "is every file there, unchanged, and nothing added?"],
    ["$0 verify run1.wacz --json", "one JSON result per path, for scripts"],
  ],
  builder: (y) =>
    y
      .positional("path", {
        describe: "Bag directory, .zip, .tar.gz, .wacz, .warc or .warc.gz",
        type: "string",
        array: true,
      })
      .option("json", {
        type: "boolean",
        default: false,
        describe: "One JSON object per path: {kind, path, ok, findings, checked}",
      }),
  async run(args, ctx) {
    let code: number = ExitCode.ok;
    for (const path of args.path) {
      const result = await verifyPath(resolve(ctx.cwd, path));
      ctx.stdout.write(
        args.json ? `${JSON.stringify({ ...result, path })}\n` : renderVerify(result, path),
      );
      if (!result.ok) code = ExitCode.findings;
    }
    return code;
  },
};
