/**
 * A server of the serve bench, in its own process so the load tool and the server do not share
 * an event loop, and its RSS is its own: `serve-child.ts vellum DIR` runs `vellum serve`'s
 * server over the collection; `serve-child.ts peer DIR PEER_DB` runs the peer, a bare node:http server
 * answering the same search from a plain FTS5 table (PEER_DB, built by the driver) and
 * streaming the collection's WARC files as they are, with no catalog logic around either.
 * Prints `{"port":…}` once listening.
 */
import { createReadStream, readdirSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { serveCatalog } from "@vellum/catalog";
import Database from "better-sqlite3";

const [mode, dir, peerDb] = process.argv.slice(2) as [string, string, string | undefined];

if (mode === "vellum") {
  const served = await serveCatalog({ dirs: [dir], port: 0 });
  process.stdout.write(`${JSON.stringify({ port: Number(new URL(served.url).port) })}\n`);
} else {
  const db = new Database(peerDb ?? join(dir, "peer.db"), { readonly: true });
  const search = db.prepare(
    `SELECT rowid AS id, headline, snippet(fts, 1, '<b>', '</b>', '…', 40) AS snippet
     FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT 20`,
  );
  const count = db.prepare("SELECT count(*) AS n FROM fts WHERE fts MATCH ?");
  const warcs = readdirSync(dir)
    .filter((f) => /\.warc(\.gz)?$/.test(f))
    .sort();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (url.pathname === "/api/search") {
      const q = `"${(url.searchParams.get("q") ?? "").replace(/"/g, '""')}"`;
      const body = JSON.stringify({
        total: (count.get(q) as { n: number }).n,
        items: search.all(q),
      });
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end(body);
    } else if (url.pathname === "/warcs") {
      res.writeHead(200, { "Content-Type": "application/octet-stream" });
      const next = (i: number) => {
        const name = warcs[i];
        if (name === undefined) return res.end();
        const s = createReadStream(join(dir, name));
        s.pipe(res, { end: false });
        s.on("end", () => next(i + 1));
      };
      next(0);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    const port = typeof address === "object" && address !== null ? address.port : 0;
    process.stdout.write(`${JSON.stringify({ port })}\n`);
  });
}
