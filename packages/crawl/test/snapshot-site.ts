import { readFileSync } from "node:fs";
import type { ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { type Route, redirectTo } from "./snapshot-helpers.js";

/*
 * The loopback site the snapshot tests of @vellum/crawl (the engine) and @vellum/cli (the
 * command) both capture: a page of each kind a capture must handle.
 */

export const page = (title: string, extra = "") =>
  `<!doctype html><html><head><title>${title}</title>${extra}</head><body><article><h1>${title}</h1>` +
  `<p>${"The council met on Tuesday to discuss the budget for the coming year. ".repeat(8)}</p>` +
  `<p>${"Residents asked questions about roads, schools and the new library. ".repeat(8)}</p>` +
  "</article></body></html>";
const cp1251 = readFileSync(new URL("./fixtures/cp1251.html", import.meta.url));
export const gzipped = gzipSync(page("Gzipped story"));

/** Fetch options for a fast loopback capture. */
export const fast = { allowPrivate: true, delayMs: 0, retries: 0, bodyIdleTimeoutMs: 300 };

/** A windows-1251 page that names its charset only in `<meta>`, with an image named in Cyrillic. */
const metaCharset = Buffer.from(
  page("Meta charset story", '<meta charset="windows-1251">').replace(
    "</h1>",
    // "фото" in windows-1251 bytes, written as latin1 characters so Buffer keeps each byte.
    '</h1><img src="/\xf4\xee\xf2\xee.jpg">',
  ),
  "latin1",
);

export function snapshotSite(): Record<string, Route> {
  return {
    "/meta-charset": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(metaCharset);
    },
    // The WHATWG URL parser writes a path in UTF-8 whatever the page's encoding.
    "/%D1%84%D0%BE%D1%82%D0%BE.jpg": (_q, res) => {
      res.writeHead(200, { "Content-Type": "image/jpeg" });
      res.end("jpeg");
    },
    "/robots.txt": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/plain" });
      res.end("User-agent: *\nDisallow: /members/\n");
    },
    "/story": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" });
      res.end(page("Council story"));
    },
    "/gzip": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html", "Content-Encoding": "gzip" });
      res.end(gzipped);
    },
    "/chunked": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      const html = page("Chunked story");
      res.write(html.slice(0, 100));
      setTimeout(() => res.end(html.slice(100)), 5);
    },
    "/old": redirectTo(301, "/older"),
    "/older": redirectTo(302, "/story"),
    "/loop": redirectTo(302, "/loop2"),
    "/loop2": redirectTo(302, "/loop"),
    "/broken": (_q, res) => {
      res.writeHead(500, { "Content-Type": "text/html" });
      res.end("<p>oops</p>");
    },
    "/data.json": (_q, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"ok":true}');
    },
    "/members/secret": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(page("Secret"));
    },
    "/stall": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.write("<p>start");
    },
    "/reset": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html", "Content-Length": "5000" });
      res.write("<p>partial", () => res.socket?.resetAndDestroy());
    },
    "/huge": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(page("Huge story").padEnd(20_000, " "));
    },
    "/cyrillic": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html; charset=windows-1251" });
      res.end(cp1251);
    },
    "/styled": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end(
        page(
          "Styled story",
          '<link rel="stylesheet" href="/site.css"><link rel="icon" href="/favicon.ico"><script src="/app.js"></script>',
        ).replace(
          "</h1>",
          '</h1><img src="/lead.jpg" srcset="/lead-2x.jpg 2x"><img src="/missing.png">',
        ),
      );
    },
    "/site.css": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/css" });
      res.end(
        '@import "/extra.css"; body { background: url(/bg.png) } @font-face { src: url("/f.woff2") }',
      );
    },
    "/extra.css": (_q, res) => {
      res.writeHead(200, { "Content-Type": "text/css" });
      res.end("h1 { color: red }");
    },
    ...Object.fromEntries(
      ["/favicon.ico", "/app.js", "/lead.jpg", "/lead-2x.jpg", "/bg.png", "/f.woff2"].map((p) => [
        p,
        (_q: unknown, res: ServerResponse) => {
          res.writeHead(200, { "Content-Type": "application/octet-stream" });
          res.end(Buffer.from(p));
        },
      ]),
    ),
  };
}
