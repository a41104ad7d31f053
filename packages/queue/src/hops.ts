import type { HostGate, Lease } from "./gate.js";

/** What a request's answer tells the gate: a 429 or 503 slows its host (as long as `Retry-After` asks). */
export interface HopOutcome {
  readonly throttled?: boolean;
  readonly retryAfterMs?: number;
}

/**
 * The fleet gate for every request of one job. The job was started holding its host's slot
 * (granted without waiting, or the job was delayed in the queue instead): the first request to
 * that host uses it and lets it go once its answer is in, so the host's next start counts from
 * the end of that request, as from any other (the job's commit that follows is no load on the
 * host). A job that makes no request to its host holds the slot until `close()`, which then
 * says what the job learnt of the host (a 429 it met). Any other request (a redirect hop to
 * another host, a second hop to the same host, a retry, a browser page's sub-resources, which
 * may run at once) asks the gate for its own slot and waits the time the gate names (a timer,
 * no polling loop), so a cross-host redirect is as polite as a job of its own.
 */
export class HopGate {
  readonly #gate: HostGate;
  #first: Lease | null;
  #firstUsed = false;
  readonly #stopRenewing: () => void;
  readonly #renewEveryMs: number;
  #closed = false;

  constructor(gate: HostGate, first: Lease | null) {
    this.#gate = gate;
    this.#first = first;
    this.#renewEveryMs = Math.max(50, Math.floor(gate.leaseMs / 3));
    this.#stopRenewing = first === null ? () => undefined : this.#hold(first);
  }

  /** The host whose slot the job holds (null when none is held any more). */
  get heldHost(): string | null {
    return this.#first?.host ?? null;
  }

  #hold(lease: Lease): () => void {
    const timer = setInterval(() => {
      this.#gate.renew(lease).catch(() => undefined);
    }, this.#renewEveryMs);
    return () => clearInterval(timer);
  }

  async #releaseFirst(outcome: HopOutcome = {}): Promise<void> {
    const lease = this.#first;
    if (lease === null) return;
    this.#first = null;
    this.#stopRenewing();
    await this.#gate.release(lease, outcome);
  }

  /**
   * Runs one request to `host` (a URL's `host`, port included) once its slot is granted, and
   * frees the slot with what `judge` reads in the answer.
   */
  async run<T>(
    host: string,
    request: () => Promise<T>,
    judge: (answer: T) => HopOutcome,
    signal?: AbortSignal,
  ): Promise<T> {
    const key = host.toLowerCase();
    if (this.#closed) throw new Error("the job's gate is closed");
    if (this.#first !== null && this.#first.host === key && !this.#firstUsed) {
      this.#firstUsed = true;
      // The host is free once its answer is in: its next start counts from here, not from the
      // job's commit (WARC fsync, database) that follows.
      return this.#answered(request, judge, (outcome) => this.#releaseFirst(outcome));
    }
    // A second request to the held host while the first is still running (a browser page's
    // requests overlap) keeps that slot the first's: it waits for a slot of its own, which the
    // gate grants once the first's answer is in (and the delay passed).
    let lease: Lease;
    for (;;) {
      signal?.throwIfAborted();
      const answer = await this.#gate.acquire(key);
      if (answer.granted) {
        lease = answer.lease;
        break;
      }
      await wait(answer.waitMs, signal);
    }
    const stop = this.#hold(lease);
    return this.#answered(request, judge, async (outcome) => {
      stop();
      await this.#gate.release(lease, outcome);
    });
  }

  /** Runs a request, then frees its slot however it ended, with what `judge` read in the answer. */
  async #answered<T>(
    request: () => Promise<T>,
    judge: (answer: T) => HopOutcome,
    free: (outcome: HopOutcome) => Promise<void>,
  ): Promise<T> {
    let outcome: HopOutcome = {};
    try {
      const answer = await request();
      outcome = judge(answer);
      return answer;
    } finally {
      await free(outcome);
    }
  }

  /** Frees the job's own slot (if still held), with the job's outcome. Idempotent. */
  async close(outcome: HopOutcome = {}): Promise<void> {
    this.#closed = true;
    await this.#releaseFirst(outcome);
  }
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(done, Math.max(1, ms));
    function done() {
      signal?.removeEventListener("abort", abort);
      resolve();
    }
    function abort() {
      clearTimeout(timer);
      reject(signal?.reason);
    }
    signal?.addEventListener("abort", abort, { once: true });
  });
}
