import { PartialCaptureError } from "@vellum/fetch";
import type { Capture, Exchange } from "@vellum/model";

/**
 * What the WARC gets for a capture: every exchange in the order it arrived. A retried 503 comes
 * before the attempt that replaced it, and the final response is last, so its record is the one
 * the page's metadata records point at. (Why replay still opens the final one: see
 * `sortCdxjLines` in @vellum/archive.)
 */
export function receivedOf(capture: Capture): readonly Exchange[] {
  return capture.attempts ?? capture.exchanges;
}

/** What a failed capture received before it failed: redirect hops, retried answers; or nothing. */
export function receivedBefore(error: unknown): readonly Exchange[] {
  return error instanceof PartialCaptureError ? error.received : [];
}
