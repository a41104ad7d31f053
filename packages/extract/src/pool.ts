import { Worker } from "node:worker_threads";
import type { Article } from "@vellum/model";
import { type ExtractOptions, extractHanded } from "./extract.js";

/**
 * What a pool's `extract` takes besides the page: `ExtractOptions` less the callbacks, which
 * cannot cross to a worker thread.
 */
export type PoolExtractOptions = Omit<ExtractOptions, "onAuthorCandidates" | "onDocumentRead">;

/**
 * Extracts pages on worker threads (or in this thread), several at once: `extract` answers each
 * page's `Article` exactly as the function `extract` does, in whatever order the pages finish.
 * For a caller with many pages and cores to spare (`vellum extract --jobs`, a capture pipeline).
 */
export interface ExtractPool {
  /**
   * `extract(input, options)` on the next free thread. Rejects if the page cannot be sent to a
   * worker, if extraction throws, or if its worker dies.
   */
  extract(input: Uint8Array | string, options?: PoolExtractOptions): Promise<Article>;
  /** Ends the worker threads; pages still in progress are rejected. */
  close(): Promise<void>;
}

/** A pool `createExtractPool` made: an `ExtractPool` that also counts where its pages went. */
export interface CountingExtractPool extends ExtractPool {
  /** Pages extracted so far in the calling thread (`here`) and on the worker threads. */
  readonly extracted: { readonly here: number; readonly onWorkers: number };
}

export interface ExtractPoolOptions {
  /**
   * Worker threads. 0 extracts in the calling thread only (one page at a time, each answered
   * after it is done). Default 0.
   */
  readonly workers?: number;
  /**
   * With workers, whether the calling thread extracts too: it takes pages from the same queue,
   * one at a time between its other work, from the first page on, while the workers start in
   * the background and join the queue once their extractor is loaded. For a caller that has
   * nothing else to do with its thread (`vellum extract`): it saves a thread and the start of one
   * worker, and the first pages do not wait for a thread to start. Default false.
   */
  readonly callingThread?: boolean;
  /**
   * `ExtractOptions.onDocumentRead` for the pages extracted in the calling thread (a worker
   * thread has a heap of its own, and a function cannot cross to it). Default none.
   */
  readonly onDocumentRead?: ExtractOptions["onDocumentRead"];
}

/** A page sent to a worker (for extract-worker.ts; not part of the package API). */
export interface ExtractRequest {
  readonly id: number;
  readonly input: Uint8Array | string;
  readonly options: PoolExtractOptions;
}

/**
 * A worker's message (for extract-worker.ts): `ready` once its extractor is loaded, then one
 * answer per page, in the order the pages were sent.
 */
export type ExtractReply =
  | { readonly ready: true }
  | { readonly id: number; readonly article: Article }
  | { readonly id: number; readonly error: string };

/** The options of a page extracted in the calling thread. */
function here(options: PoolExtractOptions, onDocumentRead: ExtractPoolOptions["onDocumentRead"]) {
  return onDocumentRead === undefined ? options : { ...options, onDocumentRead };
}

function inlinePool(onDocumentRead: ExtractPoolOptions["onDocumentRead"]): CountingExtractPool {
  const extracted = { here: 0, onWorkers: 0 };
  return {
    // In a macrotask of its own, so that nothing that led here holds the page's bytes while
    // they are parsed (`extractHanded` lets them go once decoded): neither this call's frame, nor
    // the request of an `fs.readFile` that has just delivered them, which keeps them until its
    // callback and the promise jobs it runs have returned.
    extract: (input, options = {}) => {
      const page = { input };
      return new Promise((resolve, reject) => {
        setImmediate(() => {
          try {
            const article = extractHanded(page, here(options, onDocumentRead));
            extracted.here++;
            resolve(article);
          } catch (error) {
            reject(error);
          }
        });
      });
    },
    close: async () => {},
    extracted,
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
 * for the same CPU time, at 8 MB (with this thread extracting beside one worker) 247–263 MB
 * against 273–285 MB at 16, CPU time within the noise: extraction's garbage is short-lived.
 */
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 } as const;

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
  /** The page; "" once this thread has decoded it (`extractHanded`). */
  input: Uint8Array | string;
  readonly options: PoolExtractOptions;
  readonly resolve: (article: Article) => void;
  readonly reject: (error: Error) => void;
}

/**
 * Pages a ready worker holds at once: the one it extracts and the next, so that it need not wait
 * for this thread (busy extracting a page of its own, or printing) to send it another.
 */
const WORKER_DEPTH = 2;

interface Lane {
  readonly worker: Worker;
  /** Set by the worker's `ready` message: until then it is sent nothing. */
  ready: boolean;
  /** Sent and not answered yet, oldest first (a worker answers in the order it was sent). */
  readonly sent: { readonly id: number; readonly job: Job }[];
}

/**
 * `size` worker threads, each extracting one page at a time (extraction is CPU-bound and
 * synchronous: threads are what uses another core), and with `callingThread` this thread too.
 * Every thread takes the oldest waiting page when it is free. A worker is sent pages only once
 * it is ready; one that dies fails the page it was extracting only (those sent after it go back
 * to the head of the queue) and is replaced.
 */
function sharedPool(
  size: number,
  callingThread: boolean,
  onDocumentRead: ExtractPoolOptions["onDocumentRead"],
): CountingExtractPool {
  const queue: Job[] = [];
  const lanes = new Set<Lane>();
  let nextId = 0;
  let closed = false;
  let inlineScheduled = false;
  /** Why no worker could start, when there is no thread left to extract. */
  let broken: Error | null = null;
  const extracted = { here: 0, onWorkers: 0 };

  const send = (lane: Lane, job: Job): void => {
    const id = nextId++;
    try {
      lane.worker.postMessage({ id, input: job.input, options: job.options } as ExtractRequest);
    } catch (error) {
      // Options that cannot be cloned: this page fails, the worker is untouched.
      job.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    lane.sent.push({ id, job });
  };
  /**
   * A worker keeps the process alive while it holds pages, or while it is still starting and
   * pages wait for it; an idle one must not. Without the second, a caller awaiting pages that
   * only workers can take (no `callingThread`) saw its process end with the await unsettled.
   */
  const keepAlive = (): void => {
    for (const lane of lanes) {
      if (lane.sent.length > 0 || (!lane.ready && queue.length > 0)) lane.worker.ref();
      else lane.worker.unref();
    }
  };
  const dispatch = (): void => {
    for (let depth = 1; depth <= WORKER_DEPTH && queue.length > 0; depth++) {
      for (const lane of lanes) {
        if (queue.length === 0) break;
        if (lane.ready && lane.sent.length < depth) send(lane, queue.shift() as Job);
      }
    }
    if (callingThread && queue.length > 0 && !inlineScheduled) {
      inlineScheduled = true;
      // A macrotask per page: between two pages this thread reads files, hears from the
      // workers and prints what is finished.
      setImmediate(runInline);
    }
    keepAlive();
  };
  const runInline = (): void => {
    inlineScheduled = false;
    const job = queue.shift();
    if (job === undefined) return;
    try {
      const article = extractHanded(job, here(job.options, onDocumentRead));
      extracted.here++;
      job.resolve(article);
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
    }
    dispatch();
  };
  const spawn = (): void => {
    const lane: Lane = { worker: startWorker(), ready: false, sent: [] };
    lanes.add(lane);
    lane.worker.on("message", (reply: ExtractReply) => {
      if ("ready" in reply) {
        lane.ready = true;
        dispatch();
        return;
      }
      const head = lane.sent[0];
      if (head === undefined || head.id !== reply.id) return;
      lane.sent.shift();
      if ("article" in reply) {
        extracted.onWorkers++;
        head.job.resolve(reply.article);
      } else head.job.reject(new Error(reply.error));
      dispatch();
    });
    lane.worker.on("error", (error) => {
      lanes.delete(lane);
      const [failed, ...unstarted] = lane.sent.splice(0);
      failed?.job.reject(error);
      if (closed) return;
      queue.unshift(...unstarted.map((s) => s.job));
      // One that never loaded would fail again: the other threads go on without it, and with
      // none left the waiting pages fail with its error.
      if (lane.ready) spawn();
      else if (lanes.size === 0 && !callingThread) {
        broken = error;
        for (const job of queue.splice(0)) job.reject(error);
      }
      dispatch();
    });
    keepAlive();
  };
  for (let i = 0; i < size; i++) spawn();
  return {
    extract(input, options = {}) {
      if (closed) return Promise.reject(new Error("the extract pool is closed"));
      if (broken !== null) return Promise.reject(broken);
      return new Promise<Article>((resolve, reject) => {
        queue.push({ input, options, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      const stopped = new Error("the extract pool was closed");
      for (const job of queue.splice(0)) job.reject(stopped);
      const workers = [...lanes].map((lane) => lane.worker);
      for (const lane of lanes) for (const { job } of lane.sent.splice(0)) job.reject(stopped);
      lanes.clear();
      await Promise.all(workers.map((w) => w.terminate()));
    },
    extracted,
  };
}

/**
 * A pool of `workers` threads extracting pages (see `ExtractPool`), with `callingThread` this
 * thread among them; with 0 workers, extraction in the calling thread behind the same interface.
 */
export function createExtractPool(options: ExtractPoolOptions = {}): CountingExtractPool {
  const workers = Math.max(0, Math.floor(options.workers ?? 0));
  return workers === 0
    ? inlinePool(options.onDocumentRead)
    : sharedPool(workers, options.callingThread ?? false, options.onDocumentRead);
}
