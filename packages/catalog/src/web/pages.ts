import type { ChangeRecord, DiffPart } from "@vellum/crawl";
import type { ArticleView, FacetView, ResultItem, SearchResult } from "../catalog.js";
import { MARK_END, MARK_START } from "../search/keys.js";
import { type FacetName, type SearchQuery, SORT_ORDERS, toggleFilter } from "../search/query.js";
import type { CatalogDoc, CatalogPerson } from "../search/search-index.js";
import { escapeHtml, type Html, html, raw, safeHref } from "./html.js";
import { type DownloadFormat, paths } from "./paths.js";

/*
 * The catalog's pages, rendered on the server: each works without JavaScript (forms are GET,
 * facets and pages are links, the URL holds the whole state); `catalog.js` only adds small
 * conveniences (sort applies on change, JSON-LD copies with a button).
 */

const FACET_TITLES: Record<FacetName, string> = {
  site: "Site",
  author: "Author",
  year: "Year",
  month: "Month",
  language: "Language",
  section: "Section",
  person: "People quoted",
};

const SORT_TITLES: Record<string, string> = {
  relevance: "Relevance",
  newest: "Newest first",
  oldest: "Oldest first",
  captured: "Recently captured",
};

const DOWNLOAD_TITLES: Record<DownloadFormat, string> = {
  csv: "CSV",
  jsonl: "JSON Lines",
  "bag.zip": "BagIt zip",
  wacz: "WACZ",
};

export interface PageOptions {
  readonly title: string;
  /** Extra `<head>` markup (the replay script). */
  readonly head?: Html;
  readonly query?: string;
}

/** The frame every page shares: header with the search box, the body, the footer. */
export function layout(options: PageOptions, body: Html): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title} · Vellum catalog</title>
<link rel="stylesheet" href="${paths.asset("catalog.css")}">
<script src="${paths.asset("catalog.js")}" defer></script>
${options.head}
</head>
<body>
<header class="top">
  <a class="brand" href="/">Vellum catalog</a>
  <form class="searchbox" action="/" method="get" role="search">
    <input type="search" name="q" value="${options.query ?? ""}" placeholder="Search headlines, text, authors, people quoted" aria-label="Search">
    <button type="submit">Search</button>
  </form>
</header>
<main>
${body}
</main>
<footer>Served by Vellum from archived captures. Replay by <a href="https://replayweb.page/">ReplayWeb.page</a> (AGPL-3.0).</footer>
</body>
</html>
`.value;
}

/** Text with the index's highlight markers turned into `<mark>` (the text itself escaped). */
export function marked(text: string): Html {
  return raw(escapeHtml(text).split(MARK_START).join("<mark>").split(MARK_END).join("</mark>"));
}

function dateOnly(date: string | null): string | null {
  return date === null ? null : date.slice(0, 10);
}

function byline(doc: CatalogDoc): Html {
  const authors = doc.authors.map(
    (a, i) => html`${i > 0 ? ", " : ""}<a href="${paths.author(a)}">${a}</a>`,
  );
  return html`<span class="meta">
    <a href="${paths.site(doc.site)}">${doc.siteName ?? doc.site}</a>
    ${authors.length > 0 ? html` · by ${authors}` : ""}
    ${doc.published !== null ? html` · <time datetime="${doc.published}">${dateOnly(doc.published)}</time>` : ""}
    · captured ${doc.captures} ${doc.captures === 1 ? "time" : "times"}${doc.changes > 0 ? html`, <span class="edited">${doc.changes} ${doc.changes === 1 ? "edit" : "edits"}</span>` : ""}
  </span>`;
}

function resultItem(item: ResultItem): Html {
  const { doc } = item;
  return html`<li class="result">
  <h2><a href="${paths.article(item.collection, doc.slug)}">${marked(item.headline ?? doc.url)}</a></h2>
  ${byline(doc)}
  <p class="snippet">${marked(item.snippet)}</p>
</li>`;
}

function facet(query: SearchQuery, view: FacetView): Html {
  return html`<section class="facet" data-facet="${view.name}">
  <h3>${FACET_TITLES[view.name]}</h3>
  <ul>${view.values.map(
    (v) =>
      html`<li><a href="${paths.search(toggleFilter(query, view.name, v.value))}" class="${v.selected ? "selected" : ""}" aria-pressed="${v.selected ? "true" : "false"}">${v.label}</a> <span class="count">${v.count}</span></li>`,
  )}</ul>
</section>`;
}

function pager(result: SearchResult): Html {
  const { query, pages } = result;
  if (pages <= 1) return html``;
  const links: Html[] = [];
  if (query.page > 1)
    links.push(
      html`<a rel="prev" href="${paths.search(query, { page: query.page - 1 })}">← Previous</a>`,
    );
  links.push(html`<span>Page ${query.page} of ${pages}</span>`);
  if (query.page < pages)
    links.push(
      html`<a rel="next" href="${paths.search(query, { page: query.page + 1 })}">Next →</a>`,
    );
  return html`<nav class="pager">${links}</nav>`;
}

function hiddenState(query: SearchQuery): Html {
  const inputs: Html[] = [];
  for (const [name, values] of Object.entries(query.filters)) {
    for (const v of values) inputs.push(html`<input type="hidden" name="${name}" value="${v}">`);
  }
  for (const c of query.collections)
    inputs.push(html`<input type="hidden" name="collection" value="${c}">`);
  return html`${inputs}`;
}

/** The search page: box, sort, facets, results with highlighted snippets, pages, downloads. */
export function searchPage(result: SearchResult): string {
  const { query } = result;
  const sorts = SORT_ORDERS.filter((s) => s !== "relevance" || result.terms.length > 0);
  const body = html`<div class="search">
<aside class="facets">${result.facets.map((f) => facet(query, f))}</aside>
<section class="results">
  <form class="controls" action="/" method="get">
    <input type="hidden" name="q" value="${query.text}">
    ${hiddenState(query)}
    <label>Sort <select name="sort" data-autosubmit>${sorts.map(
      (s) =>
        html`<option value="${s}"${raw(s === query.sort ? " selected" : "")}>${SORT_TITLES[s]}</option>`,
    )}</select></label>
    <noscript><button type="submit">Sort</button></noscript>
  </form>
  <p class="summary" id="summary">${result.total} ${result.total === 1 ? "article" : "articles"}${query.text !== "" ? html` for “${query.text}”` : ""}${result.indexing ? " (still indexing: more may appear)" : ""}</p>
  <p class="downloads">Download this result: ${(["csv", "jsonl", "bag.zip", "wacz"] as const).map(
    (f, i) =>
      html`${i > 0 ? " · " : ""}<a href="${paths.resultDownload(query, f)}" download>${DOWNLOAD_TITLES[f]}</a>`,
  )}</p>
  <ol class="result-list">${result.items.map(resultItem)}</ol>
  ${pager(result)}
  <p class="downloads">Download a whole collection: ${result.collections.map(
    (c, i) =>
      html`${i > 0 ? "; " : ""}${c} (<a href="${paths.collectionDownload(c, "wacz")}" download>WACZ</a> · <a href="${paths.collectionDownload(c, "bag.zip")}" download>BagIt zip</a>)`,
  )}</p>
</section>
</div>`;
  return layout(
    { title: query.text === "" ? "All articles" : query.text, query: query.text },
    body,
  );
}

function diffParts(parts: readonly DiffPart[]): Html {
  return html`${parts.map((p) =>
    p.op === "add"
      ? html`<ins>${p.text}</ins>`
      : p.op === "remove"
        ? html`<del>${p.text}</del>`
        : html`${p.text}`,
  )}`;
}

function change(c: ChangeRecord): Html {
  return html`<li class="change">
  <p><time datetime="${c.fromCapturedAt}">${c.fromCapturedAt}</time> → <time datetime="${c.toCapturedAt}">${c.toCapturedAt}</time>:
  ${c.fields.join(", ")} changed${c.silent ? html` <strong class="silent">without a new dateModified</strong>` : ""}</p>
  ${c.diff.fields.map((f) => html`<div class="diff" data-field="${f.field}"><h4>${f.field}</h4><p>${diffParts(f.parts)}</p></div>`)}
</li>`;
}

/** An article: metadata, clean text, JSON-LD, captures, edits, the replayed page, downloads. */
export function articlePage(view: ArticleView): string {
  const { doc, article, extras, collection } = view;
  const link = safeHref(doc.url);
  const paragraphs = article.bodyText.split(/\n\s*\n/).filter((p) => p.trim() !== "");
  const replayCapture = view.captures.find((c) => c.id === doc.captureId) ?? view.captures.at(-1);
  const replayTs = replayCapture?.startedAt?.replace(/\D/g, "").slice(0, 14) ?? "";
  const body = html`<article class="article">
<h1>${doc.headline ?? doc.url}</h1>
${doc.dek !== null ? html`<p class="dek">${doc.dek}</p>` : ""}
<dl class="facts">
  <dt>URL</dt><dd>${link === null ? doc.url : html`<a href="${link}" rel="noopener noreferrer nofollow" target="_blank">${doc.url}</a>`}</dd>
  <dt>Site</dt><dd><a href="${paths.site(doc.site)}">${doc.siteName ?? doc.site}</a></dd>
  ${doc.authors.length > 0 ? html`<dt>Authors</dt><dd>${doc.authors.map((a, i) => html`${i > 0 ? ", " : ""}<a href="${paths.author(a)}">${a}</a>`)}</dd>` : ""}
  ${doc.published !== null ? html`<dt>Published</dt><dd><time datetime="${doc.published}">${doc.published}</time></dd>` : ""}
  ${doc.modified !== null ? html`<dt>Modified</dt><dd><time datetime="${doc.modified}">${doc.modified}</time></dd>` : ""}
  ${doc.language !== null ? html`<dt>Language</dt><dd>${doc.language}</dd>` : ""}
  ${doc.section !== null ? html`<dt>Section</dt><dd>${doc.section}</dd>` : ""}
  ${doc.publisher !== null ? html`<dt>Publisher</dt><dd>${doc.publisher}</dd>` : ""}
  <dt>Words</dt><dd>${doc.wordCount}</dd>
  ${extras.quoted.length > 0 ? html`<dt>People quoted</dt><dd>${extras.quoted.map((p, i) => html`${i > 0 ? "; " : ""}<a href="/?person=${encodeURIComponent(p.name)}">${p.name}</a>${p.jobTitle !== null ? html`, ${p.jobTitle}` : ""}${p.worksFor !== null ? html` (${p.worksFor})` : ""}`)}</dd>` : ""}
</dl>
<p class="downloads">Download: <a href="${paths.articleBag(collection, doc.slug)}" download>BagIt zip</a> · <a href="${paths.articleWacz(collection, doc.slug)}" download>WACZ</a> · <a href="${paths.articleFile(collection, doc.slug, "article.json")}">JSON</a> · <a href="${paths.articleFile(collection, doc.slug, "article.jsonld")}">JSON-LD</a> · <a href="${paths.articleFile(collection, doc.slug, "article.md")}">Markdown</a></p>
<nav class="tabs"><a href="#text">Text</a> · <a href="#replay">As served</a> · <a href="#captures">Captures (${view.captures.length})</a> · <a href="#changes">Edits (${view.changes.length})</a> · <a href="#jsonld">JSON-LD</a></nav>
<section id="text" class="text">${paragraphs.map((p) => html`<p>${p}</p>`)}</section>
<section id="replay">
  <h2>As served</h2>
  <p class="note">The page replayed from its WARC records by ReplayWeb.page, in a sandboxed frame.</p>
  <replay-web-page source="${paths.articleWacz(collection, doc.slug)}" url="${doc.url}" ts="${replayTs}" replayBase="${paths.replayBase}" embed="replayonly" sandbox></replay-web-page>
</section>
<section id="captures"><h2>Captures</h2>
<table><thead><tr><th>Time</th><th>HTTP status</th><th>Outcome</th><th>Bytes</th><th>Redirects</th></tr></thead><tbody>
${view.captures.map((c) => html`<tr><td><time datetime="${c.startedAt ?? ""}">${c.startedAt ?? "—"}</time></td><td>${c.status ?? "—"}</td><td>${c.outcome}${c.error !== null ? html`: ${c.error.reason}` : ""}</td><td>${c.bytes ?? "—"}</td><td>${c.redirects}</td></tr>`)}
</tbody></table></section>
<section id="changes"><h2>Edits between captures</h2>
${view.changes.length === 0 ? html`<p>No edit found between captures.</p>` : html`<ol>${view.changes.map(change)}</ol>`}
</section>
<section id="jsonld"><h2>JSON-LD</h2>
${view.jsonld === null ? html`<p>None stored.</p>` : html`<button type="button" class="copy" data-copy="jsonld-text" hidden>Copy</button><pre id="jsonld-text">${view.jsonld}</pre>`}
</section>
</article>`;
  return layout(
    {
      title: doc.headline ?? doc.url,
      head: html`<script src="${paths.replayBase}ui.js"></script>`,
    },
    body,
  );
}

/** An author: who they are (bio, links) and their articles. */
export function authorPage(person: CatalogPerson, result: SearchResult): string {
  const links = [safeHref(person.url), ...person.sameAs.map(safeHref)].filter(
    (u): u is string => u !== null,
  );
  const body = html`<section class="person">
<h1>${person.name}</h1>
<p class="kind">${person.type}${person.jobTitle !== null ? html` · ${person.jobTitle}` : ""}</p>
${person.description !== null ? html`<p class="bio">${person.description}</p>` : ""}
${links.length > 0 ? html`<ul class="links">${links.map((u) => html`<li><a href="${u}" rel="noopener noreferrer nofollow">${u}</a></li>`)}</ul>` : ""}
<h2>${result.total} ${result.total === 1 ? "article" : "articles"}</h2>
<ol class="result-list">${result.items.map(resultItem)}</ol>
${pager(result)}
<p><a href="${paths.search(result.query)}">Search within these articles</a></p>
</section>`;
  return layout({ title: person.name }, body);
}

/** A site: its articles, authors and sections. */
export function sitePage(site: string, result: SearchResult): string {
  const body = html`<section class="site">
<h1>${site}</h1>
<div class="search">
<aside class="facets">${result.facets.filter((f) => f.name !== "site").map((f) => facet(result.query, f))}</aside>
<section class="results">
<p class="summary">${result.total} ${result.total === 1 ? "article" : "articles"}</p>
<ol class="result-list">${result.items.map(resultItem)}</ol>
${pager(result)}
</section></div></section>`;
  return layout({ title: site }, body);
}

/** A page for an error (404, a bad parameter): what was wrong and what to do. */
export function errorPage(status: number, message: string, hint: string | null): string {
  return layout(
    { title: status === 404 ? "Not found" : "Cannot show this" },
    html`<section class="error"><h1>${status === 404 ? "Not found" : "Cannot show this"}</h1><p>${message}</p>${hint !== null ? html`<p>${hint}</p>` : ""}<p><a href="/">Back to the search</a></p></section>`,
  );
}
