import type { WarcWriter } from "@vellum/archive";
import { PartialCaptureError, releaseExchanges } from "@vellum/fetch";
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

/** Exchanges written so far, and the record id of the last response written. */
export interface Written {
  count: number;
  lastResponseId: string | null;
}

/**
 * Writes exchanges in order, response then request each (the writer's rule). `written` is
 * updated after each one, so a caller whose write failed halfway still knows what is in the WARC.
 */
export async function writeExchanges(
  warc: WarcWriter,
  exchanges: readonly Exchange[],
  written: Written = { count: 0, lastResponseId: null },
): Promise<Written> {
  for (const exchange of exchanges) {
    written.lastResponseId = (await warc.writeExchange(exchange)).response.recordId;
    written.count += 1;
  }
  return written;
}

/**
 * Archives what a failed capture had received and releases it, whatever happens. Answers how
 * many exchanges were written and, when writing failed, the error (the capture's own failure
 * stays the one to report).
 */
export async function archiveReceived(
  warc: WarcWriter,
  error: unknown,
): Promise<{ readonly written: number; readonly writeError: unknown }> {
  const received = receivedBefore(error);
  const written: Written = { count: 0, lastResponseId: null };
  try {
    await writeExchanges(warc, received, written);
    return { written: written.count, writeError: null };
  } catch (writeError) {
    return { written: written.count, writeError };
  } finally {
    await releaseExchanges(received);
  }
}
