import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { verifyWarc, WarcWriter } from "@vellum/archive";
import { createFetcher } from "@vellum/fetch";
import { countingIds, systemClock } from "@vellum/model";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { commandLine, descendants } from "../../../scripts/lib/processes.js";
import { startServer, type TestServer } from "../../../test/support/route-server.js";
import { type BrowserCapturer, openBrowser } from "../src/index.js";
import { record } from "./record.js";
import { ARTICLE_TEXT, browserSite, prefixRoutes } from "./site.js";

/** Renderer processes of Chromiums started by this process. */
async function renderersOfOurBrowsers(): Promise<number[]> {
  const below = await descendants(process.pid);
  const commands = await Promise.all(below.map(commandLine));
  return below.filter((_, i) => commands[i]?.includes("--type=renderer"));
}

describe("pages that misbehave each end with one clear line, and the run goes on", () => {
  let server: TestServer;
  let dir: string;
  let warc: WarcWriter;
  let browser: BrowserCapturer;

  beforeAll(async () => {
    server = await startServer(prefixRoutes(browserSite()));
    dir = await mkdtemp(join(tmpdir(), "vellum-browser-faults-"));
    warc = await WarcWriter.open({
      dir,
      prefix: "f",
      clock: systemClock,
      ids: countingIds(),
      info: { software: "test" },
    });
    const fetcher = createFetcher({
      allowPrivateHosts: ["127.0.0.1"],
      resolver: async (host) => [
        { address: host === "intranet.test" ? "10.1.2.3" : "127.0.0.1", family: 4 },
      ],
      delayMs: 0,
      retries: 0,
      concurrency: 2,
    });
    browser = await openBrowser({ fetcher, timeoutMs: 4_000, screenshot: "viewport" });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("a page that never settles is captured as it was when the timeout came", async () => {
    const page = await record(warc, browser.capture(`${server.origin}/never`));
    expect(page.error).toBeNull();
    expect(page.html).toContain(ARTICLE_TEXT.trim());
    expect(page.notes.join("\n")).toMatch(/never went quiet within 4000 ms/);
    expect(page.durationMs).toBeLessThan(30_000);
  }, 60_000);

  it("1,000 sub-requests: the page's cap refuses what is over it", async () => {
    const fetcher = createFetcher({ allowPrivateHosts: ["127.0.0.1"], delayMs: 0, retries: 0 });
    const capped = await openBrowser({ fetcher, timeoutMs: 6_000, maxRequestsPerPage: 200 });
    try {
      const page = await record(warc, capped.capture(`${server.origin}/many`));
      expect(page.error).toBeNull();
      expect(page.notes.join("\n")).toMatch(/over the limit of requests/);
      expect(server.hits.filter((h) => h.startsWith("/n/")).length).toBeLessThanOrEqual(200);
    } finally {
      await capped.close();
    }
  }, 60_000);

  it("an infinite scroll stops after the most screens allowed", async () => {
    const fetcher = createFetcher({ allowPrivateHosts: ["127.0.0.1"], delayMs: 0, retries: 0 });
    const scroller = await openBrowser({ fetcher, timeoutMs: 20_000, maxScrolls: 5 });
    try {
      const page = await record(warc, scroller.capture(`${server.origin}/infinite`));
      expect(page.error).toBeNull();
      expect(page.notes.join("\n")).toMatch(/kept growing after 5 screens \(infinite scroll\)/);
    } finally {
      await scroller.close();
    }
  }, 60_000);

  it("alert and confirm dialogs are dismissed and named", async () => {
    const page = await record(warc, browser.capture(`${server.origin}/dialogs`));
    expect(page.error).toBeNull();
    expect(page.notes.join("\n")).toMatch(
      /dialogs dismissed: alert "Subscribe now"; confirm "Leave\?"/,
    );
    expect(page.finalUrl).toBe(`${server.origin}/dialogs`);
  }, 60_000);

  it("a download given as the URL is archived and said to be no page", async () => {
    const page = await record(warc, browser.capture(`${server.origin}/download`));
    expect(page.error).toBeNull();
    expect(page.html).toBeNull();
    expect(page.notes.join("\n")).toMatch(/a download \(.*\), not a page/);
    expect(page.exchanges.length).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it("a page that navigates itself away says where it went", async () => {
    const page = await record(warc, browser.capture(`${server.origin}/away`));
    expect(page.error).toBeNull();
    expect(page.finalUrl).toBe(`${server.origin}/article`);
    expect(page.notes.join("\n")).toMatch(/navigated itself to .*\/article/);
  }, 60_000);

  it("sub-requests to private addresses and robots-forbidden paths are refused", async () => {
    const before = server.hits.length;
    const page = await record(warc, browser.capture(`${server.origin}/refused-subrequests`));
    expect(page.error).toBeNull();
    expect(page.notes.join("\n")).toMatch(/1 by robots.txt, 1 to private addresses/);
    const hits = server.hits.slice(before);
    expect(hits).not.toContain("/private/secret.png");
    expect(hits).not.toContain("/img/new.png");
  }, 60_000);

  it("service workers are blocked: the page's requests go to the network and are recorded", async () => {
    const page = await record(warc, browser.capture(`${server.origin}/service-worker`));
    expect(page.error).toBeNull();
    // The worker never ran: its script was never fetched, and the page's own fetch was answered
    // by the site (and recorded) with the article text.
    expect(server.hits).not.toContain("/sw.js");
    expect(page.html).toContain(ARTICLE_TEXT.trim());
  }, 60_000);

  it("a page whose robots.txt forbids it, or on a refused address, fails before loading", async () => {
    const robots = await record(warc, browser.capture(`${server.origin}/private/secret.png`));
    expect(robots.error?.code).toBe("robots-disallowed");
    const local = await record(
      warc,
      browser.capture(`http://intranet.test:${server.port}/article`),
    );
    expect(local.error?.code).toBe("private-address");
  }, 60_000);

  it("a renderer crash fails that page only; the next page is captured", async () => {
    // A budget no busy machine reaches, so the page is still loading when its renderer dies.
    const fetcher = createFetcher({ allowPrivateHosts: ["127.0.0.1"], delayMs: 0, retries: 0 });
    const patient = await openBrowser({ fetcher, timeoutMs: 120_000, screenshot: "viewport" });
    try {
      const before = server.hits.length;
      const crashing = patient.capture(`${server.origin}/never`);
      // Kill the renderers once this page's script runs.
      const ticking = () => server.hits.slice(before).some((h) => h.startsWith("/tick"));
      for (let i = 0; i < 1200 && !ticking(); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      for (const pid of await renderersOfOurBrowsers()) process.kill(pid, "SIGKILL");
      const page = await record(warc, crashing);
      expect(page.error).toEqual({ code: "fetch-failed", reason: "The page's renderer crashed" });
      const next = await record(warc, patient.capture(`${server.origin}/article`));
      expect(next.error).toBeNull();
      expect(next.html).toContain(ARTICLE_TEXT.trim());
    } finally {
      await patient.close();
    }
  }, 180_000);

  it("Chromium itself dying fails that page only; the next page gets a new Chromium", async () => {
    const fetcher = createFetcher({ allowPrivateHosts: ["127.0.0.1"], delayMs: 0, retries: 0 });
    const patient = await openBrowser({ fetcher, timeoutMs: 120_000, screenshot: "viewport" });
    try {
      const before = server.hits.length;
      const crashing = patient.capture(`${server.origin}/never`);
      const ticking = () => server.hits.slice(before).some((h) => h.startsWith("/tick"));
      for (let i = 0; i < 1200 && !ticking(); i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      // The browser process: the one Chromium below us with no --type (its helpers have one).
      const mains: number[] = [];
      for (const pid of await descendants(process.pid)) {
        const command = await commandLine(pid);
        if (/chromium/.test(command) && !command.includes("--type=")) mains.push(pid);
      }
      expect(mains.length).toBeGreaterThan(0);
      for (const pid of mains) process.kill(pid, "SIGKILL");
      const page = await record(warc, crashing);
      expect(page.error?.code).toBe("browser-failed");
      expect(page.error?.reason).toMatch(/Chromium closed/);
      const next = await record(warc, patient.capture(`${server.origin}/article`));
      expect(next.error).toBeNull();
      expect(next.html).toContain(ARTICLE_TEXT.trim());
    } finally {
      await patient.close();
    }
  }, 180_000);

  it("leaves a WARC that verifies", async () => {
    await warc.close();
    for (const file of warc.files) expect((await verifyWarc(join(dir, file))).ok).toBe(true);
  });
});
