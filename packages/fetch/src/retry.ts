/** 429 and the gateway errors are worth another try; other statuses are the page's answer. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/**
 * `Retry-After` in milliseconds from `now`, per RFC 9110 §10.2.3: either delay-seconds or an
 * HTTP-date. Null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now.getTime());
}

export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
  /** In [0, 1); injected so tests are deterministic. */
  readonly random: () => number;
}

/**
 * Delay before retry number `attempt` (1-based): exponential with "equal jitter" (half fixed,
 * half random) so many clients that failed together do not come back together. A server's
 * `Retry-After` wins when it asks for longer, capped at `maxMs` so a hostile value cannot stall
 * the run.
 */
export function backoffDelay(
  attempt: number,
  retryAfterMs: number | null,
  options: BackoffOptions,
): number {
  const exp = Math.min(options.maxMs, options.baseMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + (exp / 2) * options.random();
  const wanted = retryAfterMs === null ? jittered : Math.max(jittered, retryAfterMs);
  return Math.round(Math.min(options.maxMs, wanted));
}
