import type { Exchange, VellumErrorOptions } from "@vellum/model";
import { VellumError } from "@vellum/model";
import type { SpooledPayload } from "./payload.js";

/**
 * A capture that failed after responses had arrived: a redirect loop, too many redirects, a hop
 * to a refused address, a later hop's network failure, a stop while waiting to retry. The error
 * is the failure as it would be without them (same code, message, value, hint); `received` holds
 * what the site did send, so an archive can keep it. The receiver owns those exchanges: release
 * them with `releaseExchanges` (spooled bodies otherwise go only at process exit).
 */
export class PartialCaptureError extends VellumError {
  /** Every exchange received before the failure, in order, retried answers included. */
  readonly received: readonly Exchange[];

  constructor(failure: VellumError, received: readonly Exchange[]) {
    super(failure.code, failure.message, sameOptions(failure));
    this.received = received;
  }
}

/**
 * The failure without the exchanges, for a caller that has already handed them on (robots.txt's
 * to `onRobotsFailure`): passing them twice would archive them twice or read released bodies.
 */
export function withoutReceived(error: VellumError): VellumError {
  if (!(error instanceof PartialCaptureError)) return error;
  return new VellumError(error.code, error.message, sameOptions(error));
}

function sameOptions(error: VellumError): VellumErrorOptions {
  return {
    ...(error.value === undefined ? {} : { value: error.value }),
    ...(error.hint === undefined ? {} : { hint: error.hint }),
    ...(error.cause === undefined ? {} : { cause: error.cause }),
  };
}

/** Deletes the temporary files holding these exchanges' bodies (each once, however listed). */
export async function releaseExchanges(exchanges: Iterable<Exchange>): Promise<void> {
  for (const exchange of new Set(exchanges)) {
    const body = exchange.body as Partial<SpooledPayload>;
    await body.dispose?.();
  }
}
