import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  FleetKeys,
  FleetQueue,
  type FleetWorker,
  jobIdFor,
  parseQueueUrl,
  startWorker,
  type UrlJob,
} from "../src/index.js";
import { RedisServer } from "./redis.js";

// What a capture finds (a page's requisites) becomes jobs of the fleet: queued before the page's
// job is acknowledged, once for the whole fleet however many pages find it, and queued again
// when the worker that found them died between its commit and queueing them.

let redis: RedisServer;

beforeAll(async () => {
  redis = await RedisServer.start();
});
afterAll(async () => {
  await redis.stop();
});

const site = (host: number, path: string) => `http://h${host}.example/${path}`;

/** A worker whose "capture" commits nothing but a list entry, and finds what `finds` says. */
async function fakeWorker(
  db: number,
  captured: UrlJob[],
  finds: (job: UrlJob) => UrlJob[],
  more: Partial<Parameters<typeof startWorker>[0]> = {},
): Promise<FleetWorker> {
  return startWorker({
    queue: at(db),
    concurrency: 2,
    gate: { delayMs: 0, perHost: 10, leaseMs: 2_000 },
    robots: null,
    async capture(job) {
      captured.push(job);
      return { outcome: "done", found: finds(job) };
    },
    ...more,
  });
}

const at = (db: number) => parseQueueUrl(`redis://127.0.0.1:${redis.port}/${db}`);

/** Until nothing is waiting, delayed or in flight (a minute at most: the checks then fail). */
const drain = (fleet: FleetQueue) => fleet.drained(50, AbortSignal.timeout(60_000));

describe("URLs a capture finds", () => {
  test("are captured too, each once for the fleet, with what the page said of them", async () => {
    const fleet = await FleetQueue.open(at(3));
    const pages = [0, 1, 2, 3].map((p) => site(p % 2, `news/${p}`));
    await fleet.add(pages.map((url) => ({ url })));
    const captured: UrlJob[] = [];
    const worker = await fakeWorker(3, captured, (job) =>
      job.kind === "requisite"
        ? job.requisiteKind === "stylesheet"
          ? [{ url: site(9, "base.css"), kind: "requisite", page: job.page ?? "", depth: 2 }]
          : []
        : [
            // Every page uses the shared logo and stylesheet, and an image of its own.
            { url: site(9, "logo.png"), kind: "requisite", page: job.url, requisiteKind: "image" },
            {
              url: site(9, "site.css"),
              kind: "requisite",
              page: job.url,
              requisiteKind: "stylesheet",
            },
            { url: `${job.url}.jpg`, kind: "requisite", page: job.url, requisiteKind: "image" },
          ],
    );
    await drain(fleet);
    await worker.close();
    await fleet.close();

    const urls = captured.map((j) => j.url);
    expect(new Set(urls).size).toBe(urls.length);
    expect(urls.sort()).toEqual(
      [
        ...pages,
        ...pages.map((p) => `${p}.jpg`),
        site(9, "logo.png"),
        site(9, "site.css"),
        site(9, "base.css"),
      ].sort(),
    );
    const logo = captured.find((j) => j.url === site(9, "logo.png"));
    expect(logo).toMatchObject({ kind: "requisite", requisiteKind: "image" });
    expect(pages).toContain(logo?.page);
    expect(captured.find((j) => j.url === site(9, "base.css"))).toMatchObject({ depth: 2 });
  });

  test("by an attempt that committed and died before queueing them: queued by the next worker", async () => {
    const fleet = await FleetQueue.open(at(4));
    const page = site(1, "news/lost");
    await fleet.add([{ url: page }]);
    // The job's previous owner (a worker no longer beating) committed the page.
    await fleet.redis.hset(new FleetKeys("vellum").owners, jobIdFor(page), "dead-worker");
    const captured: UrlJob[] = [];
    const asked: string[] = [];
    const worker = await fakeWorker(4, captured, () => [], {
      async previousAttempt(job, owner) {
        asked.push(`${owner} ${job.url}`);
        return "committed";
      },
      async foundBy(job) {
        return [
          { url: `${job.url}.jpg`, kind: "requisite", page: job.url, requisiteKind: "image" },
        ];
      },
    });
    await drain(fleet);
    await worker.close();
    await fleet.close();
    expect(asked).toEqual([`dead-worker ${page}`]);
    expect(captured.map((j) => j.url)).toEqual([`${page}.jpg`]);
  });
});
