import { setFlagsFromString } from "node:v8";

/**
 * How much V8 lets the old generation grow past what was alive at its last full collection
 * before it collects again, while `vellum snapshot` runs: 50%, where V8 on its own grows it up to
 * four times on a machine with the memory for a 2 GB heap. A capture's pages (their bytes, the
 * records written, the article) live through a few minor collections while they wait for the
 * extract worker and the group commit, so they die in the old generation; with the default, the
 * main thread's old generation and the buffers it holds swung from 28 to 60 MB and more between
 * full collections, and the extract worker's heap from 8 to 40 MB, which is what the peak RSS of a
 * long crawl was made of (255-290 MB at 10,000 pages, growing with the crawl's length as the
 * swings lined up). At 50%: 211-216 MB, flat, for the same CPU time; more full collections (73
 * against 33 in that crawl) but cheap ones, the live heap being some 30 MB.
 */
export const CRAWL_HEAP_GROWING_PERCENT = 50;

const FLAG = /--heap[-_]growing[-_]percent/;

/**
 * Sets `--heap-growing-percent` for the rest of the process (its worker threads included,
 * V8's flags being the process's) unless the user gave one to node (`node
 * --heap-growing-percent=… vellum.js`; node refuses it in `NODE_OPTIONS`). V8 reads it at each
 * full collection, so setting it once the process runs takes effect from the next one. Answers
 * whether it set it.
 */
export function boundHeapGrowth(execArgv: readonly string[] = process.execArgv): boolean {
  if (execArgv.some((a) => FLAG.test(a))) return false;
  setFlagsFromString(`--heap-growing-percent=${CRAWL_HEAP_GROWING_PERCENT}`);
  return true;
}
