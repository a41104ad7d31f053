import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { countingIds, fixedClock } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collectionBundle } from "../src/bundle.js";
import { Collection } from "../src/collection/collection.js";
import { snapshot } from "../src/snapshot/run.js";
import { answer, type Route, startServer, type TestServer } from "./snapshot-helpers.js";
import { fast } from "./snapshot-site.js";

const article = (title: string) =>
  `<!doctype html><html><head><title>${title}</title></head><body><article><h1>${title}</h1><p>The harbour reopened on Monday after a week of repairs, the port authority said in a statement.</p><p>Ferries run on the summer timetable again.</p></article></body></html>`;

/** Answers only once `release` is called: the page named first is captured last. */
function held(body: string): { route: Route; release: () => void } {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  return {
    route: (req, res) => {
      void released.then(() => answer(200, { "Content-Type": "text/html" }, body)(req, res));
    },
    release,
  };
}

let first: TestServer;
let second: TestServer;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "vellum-bundle-"));
  const gate = held(article("Named first"));
  first = await startServer({ "/first": gate.route });
  // Two hosts, so both are fetched at once; the first answers once the second is captured.
  second = await startServer({
    "/second": answer(200, { "Content-Type": "text/html" }, article("Named second")),
  });
  await snapshot({
    urls: [`${first.origin}/first`, `${second.origin}/second`],
    outDir: dir,
    fetch: { ...fast, concurrency: 2, respectRobots: false },
    clock: fixedClock("2026-11-25T10:00:00Z"),
    ids: countingIds(),
    onEvent: (e) => {
      if (e.event === "page") gate.release();
    },
  });
}, 60_000);

afterAll(async () => {
  await first.close();
  await second.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("collectionBundle", () => {
  it("lists pages in the order the user named them, so the WACZ's main page is the first named", () => {
    const collection = Collection.open(dir, { create: false });
    try {
      // Captured in the other order.
      expect([...collection.articles()].map((a) => a.url)).toEqual([
        `${second.origin}/second`,
        `${first.origin}/first`,
      ]);
      expect(collectionBundle(collection).pages.map((p) => [p.url, p.title])).toEqual([
        [`${first.origin}/first`, "Named first"],
        [`${second.origin}/second`, "Named second"],
      ]);
    } finally {
      collection.close();
    }
  });
});
