import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fixedClock } from "@vellum/model";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Collection } from "../src/collection/collection.js";
import type { UrlRecord } from "../src/collection/types.js";
import { Frontier } from "../src/snapshot/frontier.js";

let dir: string;
let collection: Collection;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "vellum-frontier-"));
  collection = Collection.open(dir, { lock: true, clock: fixedClock("2026-12-06T10:00:00Z", 1) });
});
afterEach(() => {
  vi.useRealTimers();
  collection.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The URL a `next()` handed out. */
async function taken(next: ReturnType<Frontier["next"]>): Promise<UrlRecord> {
  const got = await next;
  if (got === null) throw new Error("the frontier handed out nothing");
  return got.entry;
}

/** `count` pages of one host, queued in order, as one host's sitemap lists them. */
function queueHost(host: string, count: number): void {
  collection.addUrls(
    Array.from({ length: count }, (_, i) => ({
      url: `http://${host}/news/${i}.html`,
      kind: "page" as const,
    })),
  );
}

describe("Frontier", () => {
  it("hands out one host's pages one at a time with one slot per host", async () => {
    queueHost("a.example", 3);
    const frontier = new Frontier(collection, { concurrency: 2, perHost: 1, delayMs: 0 });
    const signal = new AbortController().signal;
    const first = await taken(frontier.next(signal));
    expect(first.url).toBe("http://a.example/news/0.html");
    frontier.done(first);
    const second = await frontier.next(signal);
    expect(second?.entry.url).toBe("http://a.example/news/1.html");
  });

  it("does not read the queue again while nothing has changed that could give it more", async () => {
    vi.useFakeTimers();
    queueHost("a.example", 50);
    const frontier = new Frontier(collection, { concurrency: 2, perHost: 1, delayMs: 0 });
    const claim = vi.spyOn(collection, "claim");
    const stop = new AbortController();
    // The one host is busy with the first page: the second worker waits for it.
    const first = await taken(frontier.next(stop.signal));
    const waiting = frontier.next(stop.signal);
    await vi.advanceTimersByTimeAsync(2_000);
    // The first claim took all the queue could give (the host's first URLs, up to its share);
    // eight rounds of waiting since read nothing (each would read all of the host's URLs again).
    expect(claim).toHaveBeenCalledTimes(1);
    // A finished capture frees the host: the waiting worker gets the next page.
    frontier.done(first);
    const second = await waiting;
    expect(second?.entry.url).toBe("http://a.example/news/1.html");
    stop.abort();
  });

  it("reads the queue again once URLs were added", async () => {
    vi.useFakeTimers();
    queueHost("a.example", 5);
    const frontier = new Frontier(collection, { concurrency: 2, perHost: 1, delayMs: 0 });
    const stop = new AbortController();
    const first = await frontier.next(stop.signal);
    const waiting = frontier.next(stop.signal);
    await vi.advanceTimersByTimeAsync(1_000);
    queueHost("b.example", 1);
    frontier.wake();
    const second = await waiting;
    expect(second?.entry.url).toBe("http://b.example/news/0.html");
    expect(first?.entry.host).toBe("a.example");
    stop.abort();
  });
});
