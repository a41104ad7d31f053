import { parentPort } from "node:worker_threads";
import { auditPage } from "./page.js";
import type { WorkerReply, WorkerRequest } from "./pool.js";

// One page at a time: the pool sends the next only after this one's reply.
parentPort?.on("message", (request: WorkerRequest) => {
  let reply: WorkerReply;
  try {
    reply = { id: request.id, page: auditPage(request.input, request.index) };
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(reply);
});
