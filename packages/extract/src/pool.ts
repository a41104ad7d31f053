import { Worker } from "node:worker_threads";
import type { Article } from "@vellum/model";
import { type ExtractOptions, extract } from "./extract.js";

/**
 * What a pool's `extract` takes besides the page: `ExtractOptions` less the callback, which
 * cannot cross to a worker thread.
 */
export type PoolExtractOptions = Omit<ExtractOptions, "onAuthorCandidates">;

/**
 * Extracts pages on worker threads (or in this thread), several at once: `extract` answers each
 * page's `Article` exactly as the function `extract` does, in whatever order the pages finish.
 * For a caller with many pages and cores to spare (`vellum extract --jobs`, a capture pipeline).
 */
export interface ExtractPool {
  /** `extract(input, options)` on the next free thread. Rejects only if a worker dies. */
  extract(input: Uint8Array | string, options?: PoolExtractOptions): Promise<Article>;
  /** Ends the worker threads; pages still in progress are rejected. */
  close(): Promise<void>;
}

export interface ExtractPoolOptions {
  /**
   * Worker threads. 0 extracts in the calling thread (one page at a time, each answered after
   * it is done). Default 0.
   */
  readonly workers?: number;
}

/** A page sent to a worker (for extract-worker.ts; not part of the package API). */
export interface ExtractRequest {
  readonly id: number;
  readonly input: Uint8Array | string;
  readonly options: PoolExtractOptions;
}

/** A worker's answer for one page (for extract-worker.ts). */
export type ExtractReply =
  | { readonly id: number; readonly article: Article }
  | { readonly id: number; readonly error: string };

function inlinePool(): ExtractPool {
  return {
    extract: async (input, options = {}) => extract(input, options),
    close: async () => {},
  };
}

/**
 * The worker's module: the TypeScript source when running from source, the built JavaScript
 * beside this module otherwise (`pnpm build` bundles it as `dist/bin/extract-worker.js`).
 */
function workerUrl(): URL {
  const self = import.meta.url;
  return new URL(self.endsWith(".ts") ? "./extract-worker.ts" : "./extract-worker.js", self);
}

/**
 * V8 sizes each thread's young generation for a heap of its own; with two workers beside the
 * main thread, `vellum extract --jobs 2` peaked at 357 MB. Capped at 16 MB it peaked at 277 MB
 * for the same CPU time (extraction's garbage is short-lived either way).
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 } as const;

function startWorker(): Worker {
  const url = workerUrl();
  // From source the worker needs a TypeScript loader of its own: the host's (a test runner's, or
  // tsx's) does not reach worker threads on Node 20. tsx is the workspace's own.
  return url.pathname.endsWith(".ts")
    ? new Worker(
        `import("tsx/esm/api").then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`,
        { eval: true, resourceLimits: WORKER_LIMITS },
      )
    : new Worker(url, { resourceLimits: WORKER_LIMITS });
}

interface Job {
  readonly request: ExtractRequest;
  readonly resolve: (article: Article) => void;
  readonly reject: (error: Error) => void;
}

/**
 * `size` worker threads, each extracting one page at a time (extraction is CPU-bound and
 * synchronous: threads are what uses another core). Pages wait in a queue for a free worker; a
 * worker that dies fails its page only and is replaced.
 */
function workerPool(size: number): ExtractPool {
  const queue: Job[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Job>();
  const live = new Set<Worker>();
  let nextId = 0;
  let closed = false;

  const dispatch = (): void => {
    while (queue.length > 0 && idle.length > 0) {
      const worker = idle.pop() as Worker;
      const job = queue.shift() as Job;
      busy.set(worker, job);
      // A busy worker keeps the process alive until its page is back.
      worker.ref();
      worker.postMessage(job.request);
    }
  };
  const spawn = (): Worker => {
    const worker = startWorker();
    live.add(worker);
    worker.on("message", (reply: ExtractReply) => {
      const job = busy.get(worker);
      if (job === undefined || job.request.id !== reply.id) return;
      busy.delete(worker);
      if ("article" in reply) job.resolve(reply.article);
      else job.reject(new Error(reply.error));
      worker.unref();
      idle.push(worker);
      dispatch();
    });
    worker.on("error", (error) => {
      const job = busy.get(worker);
      busy.delete(worker);
      live.delete(worker);
      job?.reject(error);
      if (closed) return;
      idle.push(spawn());
      dispatch();
    });
    // Idle workers must not keep the process alive.
    worker.unref();
    return worker;
  };
  for (let i = 0; i < size; i++) idle.push(spawn());
  return {
    extract(input, options = {}) {
      if (closed) return Promise.reject(new Error("the extract pool is closed"));
      return new Promise<Article>((resolve, reject) => {
        queue.push({ request: { id: nextId++, input, options }, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      const stopped = new Error("the extract pool was closed");
      for (const job of queue.splice(0)) job.reject(stopped);
      for (const job of busy.values()) job.reject(stopped);
      busy.clear();
      await Promise.all([...live].map((w) => w.terminate()));
      live.clear();
    },
  };
}

/**
 * A pool of `workers` threads extracting pages (see `ExtractPool`); with 0 workers, extraction in
 * the calling thread behind the same interface.
 */
export function createExtractPool(options: ExtractPoolOptions = {}): ExtractPool {
  const workers = Math.max(0, Math.floor(options.workers ?? 0));
  return workers === 0 ? inlinePool() : workerPool(workers);
}
