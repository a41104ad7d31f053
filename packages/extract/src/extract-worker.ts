import { parentPort } from "node:worker_threads";
import { extract } from "./extract.js";
import type { ExtractReply, ExtractRequest } from "./pool.js";

// One page at a time: the pool sends the next only after this one's reply.
parentPort?.on("message", (request: ExtractRequest) => {
  let reply: ExtractReply;
  try {
    reply = { id: request.id, article: extract(request.input, request.options) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
