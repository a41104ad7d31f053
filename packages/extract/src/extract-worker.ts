import { parentPort } from "node:worker_threads";
import { extract } from "./extract.js";
import type { ExtractReply, ExtractRequest } from "./pool.js";

// Pages are answered in the order they come (the pool may send the next before this one is
// done, so the worker never waits for the pool's thread).
parentPort?.on("message", (request: ExtractRequest) => {
  let reply: ExtractReply;
  try {
    reply = { id: request.id, article: extract(request.input, request.options) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
// The extractor is loaded: the pool sends pages from now on, and until now this thread's pages
// went to the others.
parentPort?.postMessage({ ready: true } satisfies ExtractReply);
