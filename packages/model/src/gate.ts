import type { Exchange } from "./capture.js";

/**
 * What a politeness gate reads in the answer to a request: its status (a 429 or 503 slows the
 * host) and headers (`Retry-After`). A status of 0 says no answer came (the request failed or
 * was given up).
 */
export type RequestAnswer = Pick<Exchange, "status" | "responseHeaders">;

/**
 * Runs one request (one hop, one attempt) to `url` through a politeness gate kept outside the
 * one making it, such as a fleet's in Redis: it may wait before calling `request`, holds the
 * host's slot until the promise `request` returned settles, and reads the answer it settled
 * with (status, `Retry-After`) before letting the next request to that host go. The fetcher
 * (`@vellum/fetch`) passes every hop of a capture through one; the browser (`@vellum/browser`)
 * every request a page makes, its slot held until the response has been read.
 */
export type RequestGate = <T extends RequestAnswer>(
  url: URL,
  request: () => Promise<T>,
  signal: AbortSignal | undefined,
) => Promise<T>;
