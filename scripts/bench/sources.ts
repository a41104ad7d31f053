/**
 * Sources bench: reading a sitemap of the protocol's full 50 MB (about 175,000 URLs with lastmod
 * and an image each), as a file and gzipped, and over loopback HTTP through the fetcher, beside
 * the `sitemap` npm package's streaming parser (`XMLToSitemapItemStream`, on sax) over the same
 * bytes in the same run; then the three maintained streaming XML parsers alone (saxes, sax,
 * htmlparser2 in XML mode) with the same trivial handler, which is how saxes was chosen. Each
 * step runs in its own process so its peak RSS is its own. `--mb 50` sets the size.
 * Run with `pnpm bench sources` or `node --import tsx scripts/bench/sources.ts`.
 */
import { spawnSync } from "node:child_process";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import {
  discoverUrls,
  type FetchedDocument,
  fetcherSource,
  type SourceFetcher,
} from "@vellum/crawl";
import { createFetcher } from "@vellum/fetch";
import { printTable } from "../lib/table.js";

const SCRIPT = fileURLToPath(import.meta.url);

interface Measure {
  readonly seconds: number;
  /** User + system CPU time: steadier than wall time on a machine shared with other work. */
  readonly cpuSeconds: number;
  readonly rssMb: number;
  readonly urls: number;
}

/** The protocol's limit: the peer stops there (and warns once per URL past it). */
const ENTRIES = 50_000;
const WORDS =
  "the council said on tuesday that the harbour bridge would reopen after repairs to its deck ".split(
    " ",
  );

/**
 * Writes a news sitemap of 50,000 entries filling about `mb` MiB, as a large newsroom's is: each
 * entry with lastmod, a Google News block (name, language, date, title) and an image with its
 * caption, the caption's length set so that the file reaches the size. Streamed: the generator
 * does not hold it either.
 */
async function generate(path: string, mb: number): Promise<number> {
  const out = createWriteStream(path);
  let failure: Error | null = null;
  out.on("error", (error) => {
    failure = error;
  });
  const write = (s: string) =>
    new Promise<void>((resolve, reject) => {
      if (failure !== null) reject(failure);
      else if (out.write(s)) resolve();
      else out.once("drain", resolve);
    });
  await write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">\n',
  );
  const perEntry = Math.floor((mb * 1024 * 1024) / ENTRIES);
  for (let n = 0; n < ENTRIES; n += 1) {
    const day = String((n % 28) + 1).padStart(2, "0");
    const head = `<url><loc>https://www.bench.example/news/2024/05/${n}/an-article-slug-of-some-words-${n}.html?ref=a&amp;b=${n % 7}</loc><lastmod>2024-05-${day}T10:00:00+00:00</lastmod><news:news><news:publication><news:name>The Bench Example</news:name><news:language>en</news:language></news:publication><news:publication_date>2024-05-${day}T08:00:00+00:00</news:publication_date><news:title>Harbour bridge to reopen after repairs, council says (${n})</news:title></news:news><image:image><image:loc>https://img.bench.example/${n}.jpg</image:loc><image:caption>`;
    const tail = "</image:caption></image:image></url>\n";
    let caption = "";
    for (let w = n; head.length + caption.length + tail.length < perEntry; w += 1)
      caption += `${WORDS[w % WORDS.length]} `;
    await write(head + caption.trimEnd() + tail);
  }
  await write("</urlset>\n");
  await new Promise<void>((resolve) => out.end(resolve));
  return ENTRIES;
}

/** A fetcher that hands over a local file, so parsing is measured apart from HTTP. */
function fileSource(path: string, headers: [string, string][]): SourceFetcher {
  return {
    async document(url): Promise<FetchedDocument> {
      return {
        url,
        status: 200,
        headers,
        body: createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Uint8Array>,
        truncated: false,
        release: async () => undefined,
      };
    },
    async robotsSitemaps() {
      return { sitemaps: [], outcome: "none" };
    },
  };
}

async function countVellum(fetcher: SourceFetcher, url: string): Promise<number> {
  let n = 0;
  const run = discoverUrls([{ kind: "sitemap", location: url }], { fetcher });
  for await (const _ of run) n += 1;
  const errors = run.summary().problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new Error(`sources bench: ${errors[0]?.message}`);
  return n;
}

async function runChild(step: string, file: string): Promise<number> {
  switch (step) {
    case "vellum-file":
      return countVellum(
        fileSource(file, [["Content-Type", "application/xml"]]),
        "https://www.bench.example/sitemap.xml",
      );
    case "vellum-gzip":
      return countVellum(
        fileSource(file, [["Content-Type", "application/x-gzip"]]),
        "https://www.bench.example/sitemap.xml.gz",
      );
    case "vellum-http": {
      const size = (await stat(file)).size;
      const server = createServer((_req, res) => {
        res.writeHead(200, { "Content-Type": "application/xml", "Content-Length": String(size) });
        createReadStream(file).pipe(res);
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      const { port } = server.address() as AddressInfo;
      try {
        const fetcher = createFetcher({
          allowPrivate: true,
          delayMs: 0,
          respectRobots: false,
          maxBytes: 200 * 1024 * 1024,
        });
        return await countVellum(fetcherSource(fetcher), `http://127.0.0.1:${port}/sitemap.xml`);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    }
    case "peer-sitemap": {
      const { XMLToSitemapItemStream } = await import("sitemap");
      let n = 0;
      await new Promise<void>((resolve, reject) => {
        createReadStream(file)
          .pipe(new XMLToSitemapItemStream())
          .on("data", () => {
            n += 1;
          })
          .on("end", resolve)
          .on("error", reject);
      });
      return n;
    }
    case "saxes":
    case "sax":
    case "htmlparser2":
      return parserOnly(step, file);
    case "baseline":
      // The modules loaded, nothing read: what every row's peak RSS starts from.
      return 0;
    default:
      throw new Error(`unknown step ${step}`);
  }
}

/** Counts `<loc>` texts with each parser and a handler that does nothing else. */
async function parserOnly(which: "saxes" | "sax" | "htmlparser2", file: string): Promise<number> {
  let n = 0;
  let inLoc = false;
  let text = "";
  const decoder = new TextDecoder();
  const chunks = createReadStream(file, { highWaterMark: 64 * 1024 }) as AsyncIterable<Uint8Array>;
  if (which === "saxes") {
    const { SaxesParser } = await import("saxes");
    const p = new SaxesParser({ xmlns: false });
    p.on("opentag", (t) => {
      if (t.name === "loc") {
        inLoc = true;
        text = "";
      }
    });
    p.on("text", (t) => {
      if (inLoc) text += t;
    });
    p.on("closetag", (t) => {
      if (inLoc && t.name === "loc") {
        inLoc = false;
        if (text !== "") n += 1;
      }
    });
    for await (const c of chunks) p.write(decoder.decode(c, { stream: true }));
    p.close();
  } else if (which === "sax") {
    const sax = (await import("sax")).default;
    const p = sax.parser(true);
    p.onopentag = (t) => {
      if (t.name === "loc") {
        inLoc = true;
        text = "";
      }
    };
    p.ontext = (t) => {
      if (inLoc) text += t;
    };
    p.onclosetag = (name) => {
      if (inLoc && name === "loc") {
        inLoc = false;
        if (text !== "") n += 1;
      }
    };
    for await (const c of chunks) p.write(decoder.decode(c, { stream: true }));
    p.close();
  } else {
    const { Parser } = await import("htmlparser2");
    const p = new Parser(
      {
        onopentag(name) {
          if (name === "loc") {
            inLoc = true;
            text = "";
          }
        },
        ontext(t) {
          if (inLoc) text += t;
        },
        onclosetag(name) {
          if (inLoc && name === "loc") {
            inLoc = false;
            if (text !== "") n += 1;
          }
        },
      },
      { xmlMode: true },
    );
    for await (const c of chunks) p.write(decoder.decode(c, { stream: true }));
    p.end();
  }
  return n;
}

function child(step: string, file: string): Measure {
  const r = spawnSync(process.execPath, ["--import", "tsx", SCRIPT, "--child", step, file], {
    encoding: "utf8",
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) throw new Error(`sources bench step ${step} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "{}") as Measure;
}

/** The best of `runs` (least disturbed by other work on the machine), peak RSS the largest. */
function best(step: string, file: string, runs: number): Measure {
  const all = Array.from({ length: runs }, () => child(step, file));
  const fastest = all.reduce((a, b) => (b.cpuSeconds < a.cpuSeconds ? b : a));
  return {
    ...fastest,
    seconds: Math.min(...all.map((m) => m.seconds)),
    rssMb: Math.max(...all.map((m) => m.rssMb)),
  };
}

export async function benchSources(): Promise<void> {
  const argv = process.argv.slice(2);
  const mbArg = argv[argv.indexOf("--mb") + 1];
  const mb = argv.includes("--mb") && mbArg !== undefined ? Number(mbArg) : 50;
  const runs = 3;
  const root = await mkdtemp(join(tmpdir(), "vellum-bench-sources-"));
  try {
    const xml = join(root, "sitemap.xml");
    const urls = await generate(xml, mb);
    const gz = join(root, "sitemap.xml.gz");
    await writeFile(gz, gzipSync(await readFile(xml)));
    const bytes = (await stat(xml)).size;
    const gzBytes = (await stat(gz)).size;
    const mib = bytes / 1024 / 1024;
    const baseline = best("baseline", xml, 1);
    const peer = best("peer-sitemap", xml, runs);
    const rows: [string, Measure][] = [
      ["vellum: file", best("vellum-file", xml, runs)],
      ["vellum: file, gzipped", best("vellum-gzip", gz, runs)],
      ["vellum: loopback HTTP + fetcher", best("vellum-http", xml, runs)],
      ["peer: sitemap XMLToSitemapItemStream", peer],
    ];
    console.log(
      `sources bench: one news sitemap of ${mib.toFixed(1)} MiB (${(gzBytes / 1024 / 1024).toFixed(1)} MiB gzipped), ${urls.toLocaleString("en-US")} URLs, each with a news block and an image; best of ${runs} runs, each in its own process. Rates are per CPU second (user + system), steadier than wall time on a shared machine; wall time beside them.`,
    );
    printTable(
      ["reader", "URLs", "MiB/CPU-s", "URLs/CPU-s", "vs peer", "wall s", "peak RSS"],
      rows.map(([name, m]) => [
        name,
        m.urls.toLocaleString("en-US"),
        (mib / m.cpuSeconds).toFixed(1),
        Math.round(m.urls / m.cpuSeconds).toLocaleString("en-US"),
        `${(peer.cpuSeconds / m.cpuSeconds).toFixed(2)}x`,
        m.seconds.toFixed(2),
        `${m.rssMb.toFixed(0)} MB`,
      ]),
    );
    console.log(
      `(peak RSS of the same process with the modules loaded and nothing read: ${baseline.rssMb.toFixed(0)} MB)`,
    );
    for (const [name, m] of rows)
      if (m.urls !== urls)
        throw new Error(`sources bench: ${name} read ${m.urls} URLs, expected ${urls}`);
    console.log("\nstreaming XML parsers alone (count <loc> texts, no other work), same file:");
    const parsers = (["saxes", "sax", "htmlparser2"] as const).map(
      (p) => [p, best(p, xml, runs)] as const,
    );
    const fastest = Math.min(...parsers.map(([, m]) => m.cpuSeconds));
    printTable(
      ["parser", "MiB/CPU-s", "vs fastest", "peak RSS", "reports malformed XML"],
      parsers.map(([name, m]) => [
        name,
        (mib / m.cpuSeconds).toFixed(1),
        `${(fastest / m.cpuSeconds).toFixed(2)}x`,
        `${m.rssMb.toFixed(0)} MB`,
        name === "htmlparser2" ? "no (forgiving)" : "yes, line and column",
      ]),
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const i = process.argv.indexOf("--child");
  if (i >= 0) {
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    const urls = await runChild(process.argv[i + 1] ?? "", process.argv[i + 2] ?? "");
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    console.log(
      JSON.stringify({ seconds, cpuSeconds, rssMb: process.resourceUsage().maxRSS / 1024, urls }),
    );
  } else {
    await benchSources();
  }
}
