import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type QueuedRow, spreadAcrossHosts } from "../src/collection/claim-order.js";
import { Collection } from "../src/index.js";

/**
 * What the batch is by definition (the window query `claim` ran before): every host's URLs
 * ranked by (priority descending, id), those ranked past `perHost` and those of excluded hosts
 * dropped, the rest ordered by (priority descending, rank, id), the first `limit`.
 */
function reference(
  rows: readonly QueuedRow[],
  limit: number,
  perHost: number,
  exclude: ReadonlySet<string>,
): number[] {
  const byHost = new Map<string, QueuedRow[]>();
  for (const r of rows) byHost.set(r.host, [...(byHost.get(r.host) ?? []), r]);
  const ranked: { row: QueuedRow; n: number }[] = [];
  for (const list of byHost.values()) {
    list.sort((a, b) => b.priority - a.priority || a.id - b.id);
    list.forEach((row, i) => {
      ranked.push({ row, n: i + 1 });
    });
  }
  return ranked
    .filter(({ row, n }) => n <= perHost && !exclude.has(row.host))
    .sort((a, b) => b.row.priority - a.row.priority || a.n - b.n || a.row.id - b.row.id)
    .slice(0, limit)
    .map(({ row }) => row.id);
}

const queue = fc
  .array(
    fc.record({
      host: fc.constantFrom("a", "b", "c", "d", "e", "f"),
      priority: fc.constantFrom(0, 0, 1, 2),
    }),
    {
      maxLength: 60,
    },
  )
  .map((rows) =>
    rows
      .map((r, i) => ({ ...r, id: i + 1 }))
      .sort((x, y) => y.priority - x.priority || x.id - y.id),
  );

describe("the batch a claim takes", () => {
  it("is the window query's, read only as far as needed", () => {
    fc.assert(
      fc.property(
        queue,
        fc.integer({ min: 0, max: 12 }),
        fc.integer({ min: 1, max: 3 }),
        fc.subarray(["a", "b", "c", "d", "e", "f"]),
        (rows, limit, perHost, excluded) => {
          const exclude = new Set(excluded);
          expect(spreadAcrossHosts(rows, limit, perHost, exclude).map((r) => r.id)).toEqual(
            reference(rows, limit, perHost, exclude),
          );
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("stops reading once the batch is known, when the queue's head spans hosts", () => {
    let read = 0;
    function* rows(): Generator<QueuedRow> {
      for (let id = 1; id <= 50_000; id++) {
        read += 1;
        yield { id, host: `h${id % 100}`, priority: 0 };
      }
    }
    expect(spreadAcrossHosts(rows(), 32, 2, new Set(["h1"])).length).toBe(32);
    expect(read).toBeLessThan(40);
  });

  it("claims from a collection what the window query names, and marks them fetching", () => {
    const dir = mkdtempSync(join(tmpdir(), "vellum-claim-"));
    try {
      const collection = Collection.open(dir, { lock: true });
      // One host heads the queue; requisites (priority 1) go first.
      collection.addUrls(
        Array.from({ length: 30 }, (_, i) => ({
          url: `https://a.test/${i}`,
          kind: "page" as const,
        })),
      );
      collection.addUrls(
        Array.from({ length: 30 }, (_, i) => ({
          url: `https://${["b", "c", "d"][i % 3]}.test/${i}`,
          kind: "page" as const,
        })),
      );
      collection.addUrls([{ url: "https://cdn.test/logo.png", kind: "requisite" }]);
      const claimed = collection.claim(6, 2, new Set(["d.test"])).map((u) => u.url);
      expect(claimed).toEqual([
        "https://cdn.test/logo.png",
        "https://a.test/0",
        "https://b.test/0",
        "https://c.test/1",
        "https://a.test/1",
        "https://b.test/3",
      ]);
      expect(collection.countUrls().fetching).toBe(6);
      collection.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
