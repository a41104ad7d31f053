/**
 * Time and identifiers are injected so that the same input gives the same bytes: tests and
 * reproducible bundles pass a fixed clock and a counting id source.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that always answers the same instant, or steps by `stepMs` on every call. */
export function fixedClock(iso: string, stepMs = 0): Clock {
  let t = Date.parse(iso);
  if (Number.isNaN(t)) throw new RangeError(`fixedClock needs an ISO 8601 instant, got ${iso}`);
  return {
    now() {
      const d = new Date(t);
      t += stepMs;
      return d;
    },
  };
}

export interface IdSource {
  /** A new URN-style unique id, e.g. for `WARC-Record-ID` (`<urn:uuid:…>` is added by the writer). */
  next(): string;
}

export const randomIds: IdSource = { next: () => crypto.randomUUID() };

/** Deterministic UUID-shaped ids: 00000000-0000-4000-8000-000000000001, …02, … */
export function countingIds(start = 1): IdSource {
  let n = start;
  return {
    next() {
      const tail = (n++).toString(16).padStart(12, "0");
      return `00000000-0000-4000-8000-${tail}`;
    },
  };
}
