import type { ServerResponse } from "node:http";
import { gzipSync } from "node:zlib";
import { answer, type Route, redirectTo } from "../../../test/support/route-server.js";

/*
 * The loopback site the browser capture tests load: pages whose content only a browser sees,
 * and pages that misbehave. The article text of /article exists only in /api/article.json, which
 * a script fetches and inserts.
 */

export const ARTICLE_TEXT =
  "The harbour council voted on Tuesday to rebuild the old pier before the winter storms. ";

const para = (text: string) => `<p>${text.repeat(6)}</p>`;

const html = (title: string, body: string, head = "") =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>${head}</head><body>${body}</body></html>`;

const png = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const image: Route = answer(
  200,
  { "Content-Type": "image/png", "Content-Length": String(png.byteLength) },
  png,
);

function sendHtml(res: ServerResponse, text: string, headers: Record<string, string> = {}) {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", ...headers });
  res.end(text);
}

/** A page whose body is filled by a script from JSON, with lazy images and a consent overlay. */
export const articlePage = html(
  "Pier to be rebuilt",
  `<div id="consent" style="position:fixed;inset:0;background:#fff;z-index:9">We use cookies.
     <button onclick="this.parentNode.remove()">Accept</button></div>
   <header><nav><a href="/">Home</a></nav></header>
   <article><h1>Pier to be rebuilt</h1><p class="byline">By Mara Lind</p>
     <div id="body">Loading…</div>
     <img src="/img/old.png" alt="pier">
     <div style="height:3000px"></div>
     <img loading="lazy" src="/img/lazy-native.png" alt="lazy">
     <img class="lazy" data-src="/img/lazy-js.png" alt="lazy js" style="min-height:10px">
   </article>
   <script>
     fetch('/api/article.json').then((r) => r.json()).then((data) => {
       const body = document.getElementById('body');
       body.innerHTML = data.paragraphs.map((p) => '<p>' + p + '</p>').join('');
     });
     const io = new IntersectionObserver((entries) => {
       for (const e of entries) if (e.isIntersecting) { e.target.src = e.target.dataset.src; io.unobserve(e.target); }
     });
     document.querySelectorAll('img.lazy').forEach((img) => io.observe(img));
   </script>`,
  '<link rel="stylesheet" href="/site.css">',
);

const articleJson = gzipSync(
  JSON.stringify({ paragraphs: [ARTICLE_TEXT.repeat(5), ARTICLE_TEXT.repeat(4)] }),
);

export function browserSite(): Record<string, Route> {
  return {
    "/robots.txt": answer(
      200,
      { "Content-Type": "text/plain" },
      "User-agent: *\nDisallow: /private/\n",
    ),
    "/article": (_q, res) => sendHtml(res, articlePage),
    "/api/article.json": answer(
      200,
      { "Content-Type": "application/json", "Content-Encoding": "gzip" },
      articleJson,
    ),
    "/site.css": answer(200, { "Content-Type": "text/css" }, "body{font:16px serif}"),
    "/img/old.png": redirectTo(302, "/img/new.png"),
    "/img/new.png": image,
    "/img/lazy-native.png": image,
    "/img/lazy-js.png": image,
    "/moved": redirectTo(301, "/article"),
    "/plain": (_q, res) =>
      sendHtml(
        res,
        html(
          "Harbour opens",
          `<article><h1>Harbour opens</h1><p class="byline">By Ida Berg</p>${para(ARTICLE_TEXT)}${para(ARTICLE_TEXT)}</article>`,
        ),
      ),
    "/refused-subrequests": (_q, res) =>
      sendHtml(
        res,
        html(
          "Refusals",
          // The tests' resolver puts intranet.test on a private address no option opens.
          `<p>${"Words. ".repeat(50)}</p><img src="/private/secret.png"><img src="http://intranet.test:${res.req.socket.localPort}/img/new.png">`,
        ),
      ),
    "/private/secret.png": image,
    "/never": (_q, res) =>
      sendHtml(
        res,
        html(
          "Never settles",
          `${para(ARTICLE_TEXT)}<script>setInterval(() => fetch('/tick?' + Math.random()), 100)</script>`,
        ),
      ),
    "/many": (_q, res) =>
      sendHtml(
        res,
        html(
          "Many requests",
          `${para(ARTICLE_TEXT)}<script>for (let i = 0; i < 1000; i++) fetch('/n/' + i)</script>`,
        ),
      ),
    "/infinite": (_q, res) =>
      sendHtml(
        res,
        html(
          "Endless",
          `${para(ARTICLE_TEXT)}<div id="feed"></div><script>
            let n = 0;
            const grow = () => { for (let i = 0; i < 5; i++) { const d = document.createElement('div');
              d.style.height = '400px'; d.textContent = 'item ' + (n++); feed.append(d); } };
            grow();
            addEventListener('scroll', () => {
              if (scrollY + innerHeight > document.body.scrollHeight - 800) grow();
            });
          </script>`,
        ),
      ),
    "/dialogs": (_q, res) =>
      sendHtml(
        res,
        html(
          "Dialogs",
          `${para(ARTICLE_TEXT)}<script>alert('Subscribe now'); if (confirm('Leave?')) location = '/article';</script>`,
        ),
      ),
    "/download": answer(
      200,
      {
        "Content-Type": "application/pdf",
        "Content-Disposition": 'attachment; filename="report.pdf"',
      },
      "%PDF-1.4 not really",
    ),
    "/away": (_q, res) =>
      sendHtml(
        res,
        html(
          "Leaving",
          `${para(ARTICLE_TEXT)}<script>setTimeout(() => { location = '/article'; }, 50)</script>`,
        ),
      ),
    "/service-worker": (_q, res) =>
      sendHtml(
        res,
        html(
          "Worker",
          `<div id="out">waiting</div><script>
            navigator.serviceWorker.register('/sw.js')
              .then(() => 'registered', (e) => 'refused: ' + e.name)
              .then((state) => fetch('/api/article.json').then((r) => r.json())
                .then((d) => { out.textContent = state + ' ' + d.paragraphs[0]; }));
          </script>`,
        ),
      ),
    "/sw.js": answer(
      200,
      { "Content-Type": "text/javascript" },
      "self.addEventListener('fetch', () => {});",
    ),
    "/tick": answer(200, { "Content-Type": "text/plain" }, "ok"),
  };
}

/** `/n/0` … `/n/999` and `/tick?…` are answered by prefix. */
export function prefixRoutes(routes: Record<string, Route>): Record<string, Route> {
  return new Proxy(routes, {
    get(target, key: string) {
      if (key in target) return target[key];
      if (typeof key === "string" && (key.startsWith("/n/") || key.startsWith("/tick?"))) {
        return answer(200, { "Content-Type": "text/plain" }, "ok");
      }
      return undefined;
    },
  });
}
