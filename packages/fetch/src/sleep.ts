import { VellumError } from "@vellum/model";

export function interrupted(value?: string): VellumError {
  return new VellumError("interrupted", "Stopped before the request finished", {
    ...(value === undefined ? {} : { value }),
    hint: "run again to capture what was not done",
  });
}

/** Waits `ms`, or rejects with an `interrupted` error as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(interrupted());
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(interrupted());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
