import { resolve } from "node:path";
import { serveCatalog } from "@vellum/catalog";
import { VellumError } from "@vellum/model";
import type { GlobalArgs } from "../context.js";
import { ExitCode } from "../exit-codes.js";
import type { Command } from "./command.js";

interface ServeArgs extends GlobalArgs {
  readonly dirs: string[];
  readonly port: number;
  readonly host: string;
  readonly token?: string;
  readonly public: boolean;
}

export const serveCommand: Command<ServeArgs> = {
  command: "serve <dirs...>",
  describe:
    "Serve collections as a catalog: search, read, replay and download (read-only, 127.0.0.1 by default)",
  examples: [
    ["$0 serve snap", "a catalog of the collection in snap/ on http://127.0.0.1:8080/"],
    ["$0 serve snap other --port 9000", "two collections searched together, on port 9000"],
    [
      "$0 serve snap --host 0.0.0.0 --token s3cret",
      "reachable from other machines, for those who have the token",
    ],
  ],
  builder: (y) =>
    y
      .positional("dirs", {
        describe: "Collection directories (`vellum snapshot --out DIR`)",
        type: "string",
        array: true,
        demandOption: true,
      })
      .option("port", {
        type: "number",
        default: 8080,
        describe: "Port to listen on (0: any free port)",
      })
      .option("host", {
        type: "string",
        default: "127.0.0.1",
        describe: "Address to listen on; any other than loopback needs --token or --public",
      })
      .option("token", {
        type: "string",
        describe:
          "A secret every request must carry (?token=… once in a browser, or Authorization: Bearer …)",
      })
      .option("public", {
        type: "boolean",
        default: false,
        describe:
          "Allow a non-loopback --host without a token: anyone who reaches it reads everything",
      }),
  async run(args, ctx) {
    if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
      throw new VellumError("usage", "--port must be a whole number from 0 to 65535", {
        value: String(args.port),
      });
    }
    const served = await serveCatalog({
      dirs: args.dirs.map((d) => resolve(ctx.cwd, d)),
      port: args.port,
      host: args.host,
      public: args.public,
      ...(args.token === undefined ? {} : { token: args.token }),
    });
    ctx.stdout.write(
      `Serving ${args.dirs.length === 1 ? "1 collection" : `${args.dirs.length} collections`} at ${served.url}${args.token === undefined ? "" : `?token=${encodeURIComponent(args.token)}`} (Ctrl-C to stop)\n`,
    );
    await new Promise<void>((done) => {
      if (ctx.signal.aborted) done();
      else ctx.signal.addEventListener("abort", () => done(), { once: true });
    });
    await served.close();
    // Ctrl-C is how a server stops: the same code as every command stopped that way.
    return ExitCode.interrupted;
  },
};
