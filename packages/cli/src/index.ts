export { articleJson } from "./article-json.js";
export type { CliContext, TextSink } from "./context.js";
export { ExitCode } from "./exit-codes.js";
export { main } from "./main.js";
export type { SnapshotEvent } from "./snapshot/events.js";
export type { SnapshotReport, UrlOutcome, UrlReport } from "./snapshot/report.js";
export type { SnapshotOptions } from "./snapshot/run.js";
export { snapshot } from "./snapshot/run.js";
