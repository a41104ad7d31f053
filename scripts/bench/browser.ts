/**
 * `pnpm bench browser [--pages 500] [--concurrency 2]`: `vellum snapshot --browser` over loopback
 * article pages whose text a script fetches as JSON, each with 20 sub-resources (that JSON, 12
 * images, 3 stylesheets and 3 scripts of its own, and the site's stylesheet), at `--concurrency
 * 2`. Measures pages/s (from the first page reported to the last), peak RSS of Vellum plus
 * Chromium (the sum of RSS over the capturing process and every process below it, sampled every
 * 100 ms over the whole run; and the sum of PSS, which counts a page Chromium's processes share
 * once rather than in each), CPU seconds per page of that tree (each process's user + system time as
 * last sampled, so a lower bound: the last 100 ms of a process that ended are missed; split by
 * Chromium's process type, and the most pages/s two cores allow at that cost), and WARC bytes per page (gzipped, as written: the page's exchanges,
 * its screenshot, thumbnail and rendered DOM, the article's records). The peer, in the same run on the same
 * pages: a plain playwright-core `goto` + `content()` loop in the same Chromium
 * (scripts/bench/browser-peer.ts), which loads the pages and records nothing. browsertrix-crawler
 * cannot run here (it is a Docker image; there is no Docker), so WARC sizes are not compared
 * with it. Vellum runs from the TypeScript sources through tsx, as `pnpm vellum` does.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { descendants } from "../lib/processes.js";
import { printTable } from "../lib/table.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = fileURLToPath(new URL("../../packages/cli/src/bin.ts", import.meta.url));
const PEER = fileURLToPath(new URL("./browser-peer.ts", import.meta.url));
const { values } = parseArgs({
  options: {
    pages: { type: "string", default: "500" },
    concurrency: { type: "string", default: "2" },
  },
});
const PAGES = Number(values.pages);
const CONCURRENCY = Number(values.concurrency);
const IMAGES = 12;
const STYLES = 3;
const SCRIPTS = 3;

const sentence =
  "The harbour council voted on Tuesday to rebuild the old pier before the winter storms, after a long debate. ";

/** A small SVG, different for every page and image (so nothing is stored as a revisit). */
const svg = (page: number, k: number) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect width="120" height="80" fill="#${((page * 37 + k * 101) % 0xffffff).toString(16).padStart(6, "0")}"/><text x="8" y="44">${page}-${k}</text></svg>`;

function articlePage(n: number): string {
  const images = Array.from(
    { length: IMAGES },
    (_, k) => `<img src="/img/${n}-${k}.svg" alt="figure ${k}" width="120" height="80">`,
  ).join("");
  const styles = Array.from(
    { length: STYLES },
    (_, k) => `<link rel="stylesheet" href="/css/${n}-${k}.css">`,
  ).join("");
  const scripts = Array.from(
    { length: SCRIPTS },
    (_, k) => `<script src="/js/${n}-${k}.js"></script>`,
  ).join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Story ${n}</title>
<link rel="stylesheet" href="/site.css">${styles}</head><body><header><nav><a href="/">Home</a></nav></header>
<article><h1>Story ${n}: the pier</h1><p class="byline">By Mara Lind</p><div id="body">Loading…</div>${images}</article>
${scripts}<script>fetch('/api/${n}.json').then((r) => r.json()).then((d) => {
  document.getElementById('body').innerHTML = d.paragraphs.map((p) => '<p>' + p + '</p>').join('');
});</script></body></html>`;
}

function startSite(): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const send = (type: string, body: string) => {
      res.writeHead(200, { "Content-Type": type, "Cache-Control": "max-age=3600" });
      res.end(body);
    };
    const [, kind = "", a = "0", b = "0"] =
      /^\/(a|api|img|css|js)\/(\d+)(?:-(\d+))?(?:\.\w+)?$/.exec(path) ?? [];
    const n = Number(a);
    const k = Number(b);
    if (path === "/robots.txt") return send("text/plain", "User-agent: *\nAllow: /\n");
    if (path === "/site.css") return send("text/css", "body{font:17px/1.5 serif;max-width:40em}");
    if (kind === "a") return send("text/html; charset=utf-8", articlePage(n));
    if (kind === "api") {
      const paragraphs = Array.from({ length: 8 }, (_, i) => `${n}.${i} ${sentence.repeat(4)}`);
      return send("application/json", JSON.stringify({ paragraphs }));
    }
    if (kind === "img") return send("image/svg+xml", svg(n, k));
    if (kind === "css") return send("text/css", `.s${n}-${k}{color:#333}\n`.repeat(20));
    if (kind === "js")
      return send("text/javascript", `window.s${n}_${k} = ${JSON.stringify(sentence)};\n`);
    res.writeHead(404).end();
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      resolve({ server, origin: `http://127.0.0.1:${port}` });
    }),
  );
}

/** Clock ticks per second of `/proc/PID/stat` times (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** Fields of `/proc/PID/stat` after the command name; [11] utime, [12] stime. */
async function statFields(pid: number): Promise<string[] | null> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  return stat === null ? null : stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** The kind of a process of the tree, for the CPU split: Chromium's `--type`, or Node. */
async function kindOf(pid: number): Promise<string> {
  const cmd = (await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "")).replace(/\0/g, " ");
  const type = /--type=(\S+)/.exec(cmd)?.[1];
  if (type !== undefined) return `chromium ${type}`;
  return /chrom/.test(cmd) ? "chromium browser" : "node";
}

/** A process's RSS and PSS in KiB (PSS shares each shared page among the processes mapping it). */
async function memoryKb(pid: number): Promise<{ rss: number; pss: number }> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, "utf8").catch(() => "");
  return {
    rss: Number(/^Rss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0),
    pss: Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0),
  };
}

interface Measured {
  pages: number;
  failed: number;
  seconds: number;
  pagesPerSecond: number;
  peakRssMb: number;
  peakPssMb: number;
  /** CPU seconds of the whole process tree, summed over `cpuByKind`. */
  cpuSeconds: number;
  /** CPU seconds by kind of process, as last sampled (a lower bound: the last 100 ms of a process that ended are missed). */
  cpuByKind: Record<string, number>;
}

/**
 * Runs a capturing process, sampling the RSS of its process tree; `isPage`/`isFailure` read its
 * stdout lines.
 */
function measure(
  argv: readonly string[],
  isPage: (event: Record<string, unknown>) => boolean,
  isFailure: (event: Record<string, unknown>) => boolean,
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const cpu = new Map<number, { kind: string; seconds: number }>();
    const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", ...argv], {
      cwd: ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let peak = 0;
    let peakPss = 0;
    let sampling = false;
    const timer = setInterval(async () => {
      if (sampling || child.pid === undefined) return;
      sampling = true;
      try {
        const pids = [child.pid, ...(await descendants(child.pid))];
        const each = await Promise.all(pids.map(memoryKb));
        for (const pid of pids) {
          const f = await statFields(pid);
          if (f === null) continue;
          const kind = cpu.get(pid)?.kind ?? (await kindOf(pid));
          cpu.set(pid, { kind, seconds: (Number(f[11]) + Number(f[12])) / TICKS });
        }
        peak = Math.max(
          peak,
          each.reduce((sum, m) => sum + m.rss, 0),
        );
        peakPss = Math.max(
          peakPss,
          each.reduce((sum, m) => sum + m.pss, 0),
        );
      } finally {
        sampling = false;
      }
    }, 100);
    let first: number | null = null;
    let last = started;
    let pages = 0;
    let failed = 0;
    let buffered = "";
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      for (const line of lines) {
        let event: Record<string, unknown>;
        try {
          event = JSON.parse(line);
        } catch {
          continue;
        }
        if (!isPage(event)) continue;
        pages += 1;
        if (isFailure(event)) failed += 1;
        first ??= performance.now();
        last = performance.now();
      }
    });
    child.once("error", reject);
    child.once("close", () => {
      clearInterval(timer);
      const capturing = (last - (first ?? started)) / 1000;
      const cpuByKind: Record<string, number> = {};
      for (const { kind, seconds } of cpu.values()) {
        cpuByKind[kind] = (cpuByKind[kind] ?? 0) + seconds;
      }
      resolve({
        cpuSeconds: Object.values(cpuByKind).reduce((sum, x) => sum + x, 0),
        cpuByKind,
        pages,
        failed,
        seconds: (performance.now() - started) / 1000,
        pagesPerSecond: pages <= 1 ? 0 : (pages - 1) / capturing,
        peakRssMb: peak / 1024,
        peakPssMb: peakPss / 1024,
      });
    });
  });
}

const work = mkdtempSync(join(tmpdir(), "vellum-bench-browser-"));
const { server, origin } = await startSite();
try {
  const list = join(work, "urls.txt");
  await writeFile(list, Array.from({ length: PAGES }, (_, n) => `${origin}/a/${n}`).join("\n"));
  const load = loadavg()[0] ?? 0;
  const peer = await measure(
    [PEER, "--list", list, "--concurrency", String(CONCURRENCY)],
    (e) => typeof e.page === "number",
    () => false,
  );
  const out = join(work, "snap");
  const vellum = await measure(
    [
      ...[BIN, "snapshot", "--browser", "--input", list, "--out", out, "--json"],
      ...["--allow-private", "--delay", "0", "--per-host", "8", "--retries", "0"],
      ...["--concurrency", String(CONCURRENCY)],
    ],
    (e) => e.event === "page",
    (e) => (e.report as { error?: unknown } | undefined)?.error != null,
  );
  const warcBytes = readdirSync(out)
    .filter((f) => /\.warc(\.gz)?$/.test(f))
    .reduce((sum, f) => sum + statSync(join(out, f)).size, 0);
  const row = (label: string, m: Measured, perPage: string) => [
    label,
    String(m.pages),
    String(m.failed),
    m.seconds.toFixed(1),
    m.pagesPerSecond.toFixed(2),
    m.peakRssMb.toFixed(0),
    m.peakPssMb.toFixed(0),
    (m.cpuSeconds / Math.max(1, m.pages)).toFixed(2),
    perPage,
  ];
  console.log(
    `browser bench: ${PAGES} pages, ${1 + IMAGES + STYLES + SCRIPTS + 1} sub-resources each, --concurrency ${CONCURRENCY}; load average ${load.toFixed(1)} at the start${load > 1 ? " (LOADED: figures are not the quiet machine's)" : ""}`,
  );
  printTable(
    [
      "run",
      "pages",
      "failed",
      "seconds",
      "pages/s",
      "peak RSS MB (tree)",
      "peak PSS MB (tree)",
      "CPU s/page (tree, at least)",
      "WARC KB/page",
    ],
    [
      row(
        "vellum snapshot --browser",
        vellum,
        (warcBytes / 1024 / Math.max(1, vellum.pages)).toFixed(1),
      ),
      row("peer: playwright goto+content", peer, "- (records nothing)"),
    ],
  );
  console.log(
    [
      `vellum / peer pages/s: ${(vellum.pagesPerSecond / Math.max(1e-9, peer.pagesPerSecond)).toFixed(2)}x`,
      ...[
        ["vellum", vellum],
        ["peer", peer],
      ].map(
        ([label, m]) =>
          `${label} CPU s/page by process (sampled, a lower bound): ${Object.entries(
            (m as Measured).cpuByKind,
          )
            .sort((a, b) => b[1] - a[1])
            .map(([kind, s]) => `${kind} ${(s / Math.max(1, (m as Measured).pages)).toFixed(2)}`)
            .join(", ")}`,
      ),
      `2 cores at full use allow at most ${(2 / Math.max(1e-9, vellum.cpuSeconds / Math.max(1, vellum.pages))).toFixed(2)} pages/s at Vellum's CPU per page`,
      "browsertrix-crawler: not run (a Docker image; no Docker on this machine)",
    ].join("\n"),
  );
} finally {
  server.close();
  await rm(work, { recursive: true, force: true });
}
