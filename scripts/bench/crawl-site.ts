/**
 * The crawl bench's loopback site: `--pages N` article pages spread over `--hosts H` host names
 * on 127.0.1.1 … 127.0.1.H (all of 127.0.0.0/8 is loopback on Linux), one port. Each host has a
 * robots.txt naming its sitemap; 127.0.1.1 also serves `/sitemap-index.xml` listing every host's
 * sitemap. Pages are generated articles of ~600 words, the same bytes for the same URL on every
 * request (so a recapture is unchanged). Prints `{"port":…}` once listening; `GET /__hits` on any
 * host answers the request count per path, for the resume check.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const PAGES = option("pages", 10_000);
const HOSTS = option("hosts", 100);
const PORT = option("port", 0);

const WORDS =
  "council budget harbour museum library river school bridge market station mayor citizens plan road ferry storm festival archive minister report tram winter summer students doctors".split(
    " ",
  );

function sentence(seed: number, n: number): string {
  const words: string[] = [];
  let s = seed;
  for (let i = 0; i < n; i += 1) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    words.push(WORDS[s % WORDS.length] as string);
  }
  const text = words.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function article(host: number, id: number): string {
  const paragraphs = Array.from(
    { length: 8 },
    (_, p) =>
      `<p>${Array.from({ length: 5 }, (_, k) => sentence(id * 101 + p * 7 + k, 15)).join(" ")}</p>`,
  ).join("\n");
  const title = sentence(id, 7).replace(/\.$/, "");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta property="og:title" content="${title}"><meta name="author" content="Reporter ${id % 37}">
<meta property="article:published_time" content="2026-0${1 + (id % 9)}-1${id % 10}T08:00:00Z">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"${title}","datePublished":"2026-0${1 + (id % 9)}-1${id % 10}T08:00:00Z","author":{"@type":"Person","name":"Reporter ${id % 37}"}}</script>
</head><body><header><nav><a href="/">Site ${host}</a> <a href="/news/">News</a></nav></header>
<article><h1>${title}</h1><p class="byline">By Reporter ${id % 37}</p>
${paragraphs}
</article><footer>© Site ${host}</footer></body></html>`;
}

const hits = new Map<string, number>();
const pagesOf = (host: number) => {
  const out: number[] = [];
  for (let id = host - 1; id < PAGES; id += HOSTS) out.push(id);
  return out;
};

function answer(req: IncomingMessage, res: ServerResponse) {
  const hostHeader = req.headers.host ?? "";
  const hostIp = hostHeader.split(":")[0] ?? "";
  const host = Number(hostIp.split(".")[3] ?? "0");
  const path = req.url ?? "/";
  if (path === "/__hits") {
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(JSON.stringify(Object.fromEntries(hits)));
    return;
  }
  hits.set(`${hostIp}${path}`, (hits.get(`${hostIp}${path}`) ?? 0) + 1);
  const origin = `http://${hostHeader}`;
  if (path === "/robots.txt") {
    res.writeHead(200, { "Content-Type": "text/plain" });
    res.end(`User-agent: *\nAllow: /\nSitemap: ${origin}/sitemap.xml\n`);
  } else if (path === "/sitemap-index.xml") {
    const port = hostHeader.split(":")[1] ?? "80";
    const entries = Array.from(
      { length: HOSTS },
      (_, i) => `<sitemap><loc>http://127.0.1.${i + 1}:${port}/sitemap.xml</loc></sitemap>`,
    ).join("");
    res.writeHead(200, { "Content-Type": "application/xml" });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries}</sitemapindex>`,
    );
  } else if (path === "/sitemap.xml") {
    const entries = pagesOf(host)
      .map((id) => `<url><loc>${origin}/news/${id}.html</loc><lastmod>2026-11-20</lastmod></url>`)
      .join("");
    res.writeHead(200, { "Content-Type": "application/xml" });
    res.end(
      `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${entries}</urlset>`,
    );
  } else {
    const m = /^\/news\/(\d+)\.html$/.exec(path);
    const id = m === null ? -1 : Number(m[1]);
    if (id < 0 || id >= PAGES || id % HOSTS !== host - 1) {
      res.writeHead(404, { "Content-Type": "text/plain" });
      res.end("not found");
      return;
    }
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
    res.end(article(host, id));
  }
}

function listen(port: number, address: string): Promise<number> {
  const server = createServer({ keepAliveTimeout: 30_000 }, answer);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, address, () => {
      const bound = server.address();
      resolve(bound !== null && typeof bound === "object" ? bound.port : port);
    });
  });
}

// The first host picks a free port (or --port); every other host listens on the same one.
const port = await listen(PORT, "127.0.1.1");
for (let i = 2; i <= HOSTS; i += 1) await listen(port, `127.0.1.${i}`);
process.stdout.write(`${JSON.stringify({ port })}\n`);
process.on("SIGTERM", () => process.exit(0));
