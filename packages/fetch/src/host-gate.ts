import { sleep } from "./sleep.js";

/**
 * Per-host politeness: at most `concurrency` requests at once to one host, and at least
 * `delayMs` between the end of one request and the start of the next.
 */
export class HostGate {
  #active = 0;
  readonly #waiters: Array<() => void> = [];
  #nextAt = 0;
  delayMs: number;
  readonly #concurrency: number;

  constructor(concurrency: number, delayMs: number) {
    this.#concurrency = Math.max(1, concurrency);
    this.delayMs = delayMs;
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.#active >= this.#concurrency) {
      await new Promise<void>((resolve) => this.#waiters.push(resolve));
    }
    this.#active += 1;
    try {
      await sleep(this.#nextAt - Date.now(), signal);
      return await task();
    } finally {
      this.#nextAt = Date.now() + this.delayMs;
      this.#active -= 1;
      this.#waiters.shift()?.();
    }
  }
}
