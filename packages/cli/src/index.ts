export type { CliContext, TextSink } from "./context.js";
export { ExitCode } from "./exit-codes.js";
export { main } from "./main.js";
