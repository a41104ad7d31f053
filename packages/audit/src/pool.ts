import { Worker } from "node:worker_threads";
import { auditPage } from "./page.js";
import type { AuditInput, PageAudit } from "./types.js";

/** Audits pages, in this thread or spread over worker threads; answers in any order. */
export interface PagePool {
  run(input: AuditInput, index: number): Promise<PageAudit>;
  close(): Promise<void>;
}

export interface WorkerRequest {
  readonly id: number;
  readonly index: number;
  readonly input: AuditInput;
}

export type WorkerReply =
  | { readonly id: number; readonly page: PageAudit }
  | { readonly id: number; readonly error: string };

/** In this thread: for one page, tests, and machines with one core. */
function inlinePool(): PagePool {
  return {
    run: async (input, index) => auditPage(input, index),
    close: async () => {},
  };
}

/**
 * The worker's module: the TypeScript source when running from source (tsx registers itself in
 * workers through the inherited `--import`), the built JavaScript otherwise.
 */
function workerUrl(): URL {
  const self = import.meta.url;
  return new URL(self.endsWith(".ts") ? "./worker.ts" : "./worker.js", self);
}

/**
 * Worker threads, each auditing one page at a time: extraction is CPU-bound and synchronous,
 * so threads are what uses a second core. A worker that dies fails only its pages.
 */
function workerPool(size: number): PagePool {
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const waiting: Array<(w: Worker) => void> = [];
  const pending = new Map<
    number,
    { resolve: (p: PageAudit) => void; reject: (e: Error) => void; worker: Worker }
  >();
  let nextId = 0;
  const release = (w: Worker) => {
    const next = waiting.shift();
    if (next !== undefined) next(w);
    else idle.push(w);
  };
  const spawn = (): Worker => {
    const url = workerUrl();
    // From source the worker needs a TypeScript loader of its own: the host's (a test runner's,
    // or tsx's) does not reach worker threads on Node 20. tsx is the workspace's own.
    const worker = url.pathname.endsWith(".ts")
      ? new Worker(
          `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`,
          { eval: true },
        )
      : new Worker(url);
    worker.on("message", (reply: WorkerReply) => {
      const job = pending.get(reply.id);
      if (job === undefined) return;
      pending.delete(reply.id);
      if ("page" in reply) job.resolve(reply.page);
      else job.reject(new Error(reply.error));
      worker.unref();
      release(worker);
    });
    worker.on("error", (error) => {
      for (const [id, job] of pending) {
        if (job.worker !== worker) continue;
        pending.delete(id);
        job.reject(error);
      }
      const at = workers.indexOf(worker);
      if (at >= 0) workers.splice(at, 1, spawn());
      const replacement = workers[at];
      if (replacement !== undefined) release(replacement);
    });
    // Idle workers must not keep the process alive once the audit is done.
    worker.unref();
    return worker;
  };
  for (let i = 0; i < size; i++) {
    const w = spawn();
    workers.push(w);
    idle.push(w);
  }
  const acquire = () =>
    new Promise<Worker>((resolve) => {
      const w = idle.pop();
      if (w !== undefined) resolve(w);
      else waiting.push(resolve);
    });
  return {
    async run(input, index) {
      const worker = await acquire();
      const id = nextId++;
      return new Promise<PageAudit>((resolve, reject) => {
        pending.set(id, { resolve, reject, worker });
        // A busy worker keeps the process alive until its page is back.
        worker.ref();
        const request: WorkerRequest = { id, index, input };
        worker.postMessage(request);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

export function createPool(workers: number): PagePool {
  return workers <= 0 ? inlinePool() : workerPool(workers);
}
