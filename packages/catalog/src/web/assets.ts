/**
 * The catalog's own stylesheet and script, served from `/assets/`. The script is progressive
 * enhancement only: every page works without it.
 */

export const CATALOG_CSS = `
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5f6368; --line: #dadce0; --accent: #0b57d0; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: var(--ink); background: #fff; }
a { color: var(--accent); }
header.top { display: flex; gap: 1rem; align-items: center; padding: .75rem 1.5rem; border-bottom: 1px solid var(--line); background: #f8f9fa; }
.brand { font-weight: 700; text-decoration: none; color: var(--ink); }
.searchbox { display: flex; flex: 1; gap: .5rem; max-width: 48rem; }
.searchbox input { flex: 1; padding: .45rem .6rem; font-size: 1rem; border: 1px solid var(--line); border-radius: 4px; }
button { padding: .4rem .8rem; font-size: .95rem; border: 1px solid var(--line); border-radius: 4px; background: #fff; cursor: pointer; }
main { padding: 1rem 1.5rem; max-width: 72rem; margin: 0 auto; }
footer { padding: 1rem 1.5rem; color: var(--muted); font-size: .85rem; border-top: 1px solid var(--line); }
.search { display: grid; grid-template-columns: 15rem 1fr; gap: 2rem; }
.facet h3 { font-size: .85rem; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); margin: 1rem 0 .25rem; }
.facet ul { list-style: none; margin: 0; padding: 0; font-size: .92rem; }
.facet a.selected { font-weight: 700; color: var(--ink); }
.facet a.selected::before { content: "✓ "; }
.count { color: var(--muted); font-size: .8rem; }
.controls { float: right; }
.summary { color: var(--muted); }
.downloads { font-size: .9rem; }
.result-list { list-style: none; padding: 0; }
.result { margin: 0 0 1.25rem; }
.result h2 { font-size: 1.15rem; margin: 0; }
.meta { color: var(--muted); font-size: .88rem; }
.snippet { margin: .25rem 0 0; }
mark { background: #fde68a; color: inherit; padding: 0 .1em; }
.pager { display: flex; gap: 1rem; }
.article h1 { font-size: 1.9rem; line-height: 1.2; margin-bottom: .25rem; }
.dek { font-size: 1.15rem; color: var(--muted); margin-top: 0; }
.facts { display: grid; grid-template-columns: 9rem 1fr; gap: .2rem 1rem; font-size: .92rem; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.text { max-width: 44rem; font-size: 1.05rem; }
replay-web-page { display: block; width: 100%; height: 36rem; border: 1px solid var(--line); }
table { border-collapse: collapse; font-size: .9rem; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .6rem; text-align: left; }
pre { background: #f8f9fa; padding: .75rem; overflow: auto; max-height: 30rem; font-size: .82rem; }
ins { background: #d1fae5; text-decoration: none; }
del { background: #fee2e2; }
.silent { color: #b91c1c; }
@media (max-width: 50rem) { .search { grid-template-columns: 1fr; } }
`;

export const CATALOG_JS = `
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form && select.form.submit());
  }
  for (const button of document.querySelectorAll("button[data-copy]")) {
    const target = document.getElementById(button.getAttribute("data-copy") || "");
    if (!target || !navigator.clipboard) continue;
    button.hidden = false;
    button.addEventListener("click", async () => {
      await navigator.clipboard.writeText(target.textContent || "");
      button.textContent = "Copied";
    });
  }
});
`;
