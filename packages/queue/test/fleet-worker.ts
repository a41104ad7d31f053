/**
 * A fleet worker process for the tests: the real queue, gate and robots cache, with a capture
 * that is a plain GET and a "collection" that is one append-only file per worker (a line per
 * committed URL, fsynced before the job is acknowledged). Run with `node --import tsx`.
 *
 *   fleet-worker.ts QUEUE_URL OUT_DIR DELAY_MS CONCURRENCY LOCK_MS
 */
import {
  appendFileSync,
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { defaultWorkerId, parseQueueUrl, startWorker } from "../src/index.js";

const [queueUrl, out, delay, concurrency, lock] = process.argv.slice(2) as [
  string,
  string,
  string,
  string,
  string,
];
const committedIn = (worker: string) => {
  const file = join(out, `${worker}.log`);
  return existsSync(file) ? readFileSync(file, "utf8").split("\n") : [];
};

const id = defaultWorkerId();
const worker = await startWorker({
  workerId: id,
  queue: parseQueueUrl(queueUrl),
  concurrency: Number(concurrency),
  lockMs: Number(lock),
  gate: { delayMs: Number(delay), leaseMs: Number(lock) },
  robotsCache: { lockMs: Number(lock) },
  robots: {
    async fetch(origin) {
      const res = await fetch(`${origin}/robots.txt`);
      return {
        status: res.status,
        contentType: res.headers.get("content-type"),
        finalUrl: res.url,
        body: await res.text(),
        error: null,
        fetchedAt: new Date().toISOString(),
      };
    },
    judge(robots, url) {
      const path = new URL(url).pathname;
      const disallowed = [...robots.body.matchAll(/^Disallow:\s*(\S+)/gim)].map((m) => m[1] ?? "");
      const delayLine = /^Crawl-delay:\s*([\d.]+)/im.exec(robots.body);
      return {
        allowed: !disallowed.some((d) => path.startsWith(d)),
        crawlDelayMs: delayLine?.[1] === undefined ? null : Number(delayLine[1]) * 1000,
      };
    },
  },
  async capture(job) {
    const res = await fetch(job.url);
    await res.arrayBuffer();
    const fd = openSync(join(out, `${id}.log`), "a");
    try {
      writeSync(fd, `${job.url}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    const throttled = res.status === 429 || res.status === 503;
    return { outcome: res.ok ? "done" : "failed", throttled };
  },
  async previousAttempt(job, owner) {
    return committedIn(owner).includes(job.url) ? "committed" : "absent";
  },
  async refused(job) {
    appendFileSync(join(out, "refused.log"), `${job.url}\n`);
  },
});
process.stdout.write(`${JSON.stringify({ id: worker.id })}\n`);
process.on("SIGTERM", () => {
  void worker.close();
});
await worker.finished;
process.exit(0);
