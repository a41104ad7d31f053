import { embedJsonLd } from "@vellum/schema";
import type { AuditRule } from "./rules.js";
import type { AuditSummary, PageRow, SeverityCounts } from "./summary.js";
import type { PageAudit } from "./types.js";

/** What the report says about the run itself. */
export interface ReportMeta {
  readonly title: string;
  /** What was audited, e.g. "3 URLs", "sitemap https://…", "collection ./snap". */
  readonly source: string;
  readonly generatedAt: string;
  readonly software: string;
  /** The baseline the findings were compared with, if any. */
  readonly baseline: string | null;
  readonly disabled: readonly string[];
  readonly interrupted: boolean;
}

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

const e = escapeHtml;

/** One stylesheet for every page of the report, inlined: the report opens offline, anywhere. */
const STYLE = `
:root{--error:#c62828;--warning:#b26a00;--info:#1565c0;--ok:#2e7d32;--line:#d9dce1;--muted:#5f6670;--bg:#f6f7f9}
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2127;background:#fff}
header{background:#1f2a37;color:#fff;padding:18px 28px}header h1{margin:0 0 4px;font-size:20px}header p{margin:0;color:#c6ccd5}
header a{color:#c6ccd5}main{padding:20px 28px;max-width:1400px}h2{font-size:16px;margin:28px 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{border:1px solid var(--line);border-radius:8px;padding:12px 16px;min-width:150px;background:var(--bg)}
.card b{display:block;font-size:24px}.card span{color:var(--muted)}.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:20px}
.chart{border:1px solid var(--line);border-radius:8px;padding:12px}.chart h3{margin:0 0 8px;font-size:14px}svg text{font:12px system-ui,sans-serif;fill:#1d2127}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top}
th{background:var(--bg);font-weight:600;white-space:nowrap}th[data-sort]{cursor:pointer;user-select:none}th[data-sort]::after{content:" \\2195";color:var(--muted)}
th.asc::after{content:" \\25B2"}th.desc::after{content:" \\25BC"}td.num,th.num{text-align:right}
.sev{display:inline-block;border-radius:4px;padding:0 6px;color:#fff;font-size:12px}.sev.error{background:var(--error)}.sev.warning{background:var(--warning)}.sev.info{background:var(--info)}
.n-error{color:var(--error);font-weight:600}.n-warning{color:var(--warning);font-weight:600}.n-info{color:var(--info)}.zero{color:#aab0b8}
.filters{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0 12px;align-items:center}.filters input,.filters select{font:inherit;padding:5px 8px;border:1px solid var(--line);border-radius:6px}
.filters input{min-width:280px}.muted{color:var(--muted)}code,pre{font:12px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
pre{background:var(--bg);border:1px solid var(--line);border-radius:8px;padding:12px;overflow:auto;max-height:520px}
.url{word-break:break-all}.agree{color:var(--ok)}.disagree{color:var(--error);font-weight:600}
.op-add{color:var(--ok)}.op-remove{color:var(--error)}.op-replace{color:var(--warning)}button{font:inherit;padding:4px 10px;border:1px solid var(--line);border-radius:6px;background:#fff;cursor:pointer}
.legend span{margin-right:12px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px}
`;

const COLORS = { error: "#c62828", warning: "#b26a00", info: "#1565c0" } as const;
const SEVERITIES = ["error", "warning", "info"] as const;

function document(title: string, body: string, script = ""): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
${script === "" ? "" : `<script>${script}</script>`}
</body>
</html>
`;
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en")} ${word}${n === 1 ? "" : "s"}`;
}

function count(n: number, severity: keyof SeverityCounts): string {
  return n === 0 ? `<span class="zero">0</span>` : `<span class="n-${severity}">${n}</span>`;
}

interface Bar {
  readonly label: string;
  readonly parts: SeverityCounts;
  readonly title?: string;
}

/** A horizontal stacked bar chart as inline SVG: no script, no library, prints as it shows. */
function barChart(bars: readonly Bar[], label: string): string {
  if (bars.length === 0) return `<p class="muted">No findings.</p>`;
  const row = 22;
  const labelWidth = 230;
  const width = 640;
  const plot = width - labelWidth - 60;
  const max = Math.max(...bars.map((b) => b.parts.error + b.parts.warning + b.parts.info), 1);
  const height = bars.length * row + 6;
  const rows = bars.map((bar, i) => {
    const y = i * row + 3;
    let x = labelWidth;
    const total = bar.parts.error + bar.parts.warning + bar.parts.info;
    const rects = SEVERITIES.filter((s) => bar.parts[s] > 0).map((s) => {
      const w = Math.max(1, (bar.parts[s] / max) * plot);
      const rect = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${row - 6}" fill="${COLORS[s]}"><title>${e(`${bar.label}: ${bar.parts[s]} ${s}`)}</title></rect>`;
      x += w;
      return rect;
    });
    const name = bar.label.length > 34 ? `${bar.label.slice(0, 33)}…` : bar.label;
    return `<g><text x="${labelWidth - 6}" y="${y + row / 2}" text-anchor="end">${e(name)}<title>${e(bar.title ?? bar.label)}</title></text>${rects.join("")}<text x="${(x + 4).toFixed(1)}" y="${y + row / 2}">${total}</text></g>`;
  });
  return `<svg role="img" aria-label="${e(label)}" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMinYMin meet">${rows.join("")}</svg>`;
}

const legend = `<p class="legend muted">${SEVERITIES.map((s) => `<span><i style="background:${COLORS[s]}"></i>${s}</span>`).join("")}</p>`;

/** Sorting and filtering of the page table, in the page: the report works from a file. */
const TABLE_SCRIPT = `
(function(){
  var table=document.getElementById("pages"),body=table.tBodies[0],rows=Array.prototype.slice.call(body.rows);
  var q=document.getElementById("q"),sev=document.getElementById("severity"),sec=document.getElementById("section"),rule=document.getElementById("rule"),shown=document.getElementById("shown");
  function apply(){
    var text=q.value.trim().toLowerCase(),s=sev.value,c=sec.value,r=rule.value,n=0;
    rows.forEach(function(row){
      var d=row.dataset,ok=true;
      if(text&&d.text.indexOf(text)<0)ok=false;
      if(s==="error"&&+d.error===0)ok=false;
      if(s==="warning"&&+d.warning===0)ok=false;
      if(s==="clean"&&(+d.error>0||+d.warning>0||d.status!=="audited"))ok=false;
      if(s==="failed"&&d.status!=="failed")ok=false;
      if(c&&d.section!==c)ok=false;
      if(r&&(" "+d.rules+" ").indexOf(" "+r+" ")<0)ok=false;
      row.hidden=!ok;if(ok)n++;
    });
    shown.textContent=n+" of "+rows.length+" pages";
  }
  [q,sev,sec,rule].forEach(function(el){el.addEventListener("input",apply);el.addEventListener("change",apply);});
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th){
    if(!th.dataset.sort)return;
    th.addEventListener("click",function(){
      var key=th.dataset.sort,num=th.dataset.type==="number",dir=th.classList.contains("asc")?-1:1;
      Array.prototype.forEach.call(table.tHead.rows[0].cells,function(o){o.classList.remove("asc","desc");});
      th.classList.add(dir===1?"asc":"desc");
      rows.sort(function(a,b){
        var x=a.dataset[key],y=b.dataset[key];
        if(num){x=+x;y=+y;return (x-y)*dir||(+a.dataset.index-+b.dataset.index);}
        return x.localeCompare(y)*dir||(+a.dataset.index-+b.dataset.index);
      });
      rows.forEach(function(row){body.appendChild(row);});
    });
  });
  apply();
})();
`;

function options(values: readonly string[], all: string): string {
  return [
    `<option value="">${e(all)}</option>`,
    ...values.map((v) => `<option value="${e(v)}">${e(v)}</option>`),
  ].join("");
}

/** `index.html`: the summary, the charts, the rules that fired and the table of pages. */
export function indexHtml(
  meta: ReportMeta,
  summary: AuditSummary,
  rules: readonly AuditRule[],
  rows: readonly PageRow[],
): string {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const ruleBars: Bar[] = Object.entries(summary.byRule).map(([id, v]) => {
    const severity = byId.get(id)?.severity ?? "info";
    return {
      label: id,
      parts: { error: 0, warning: 0, info: 0, [severity]: v.findings },
      title: byId.get(id)?.summary ?? id,
    };
  });
  const sections = Object.entries(summary.bySection);
  const sectionBars: Bar[] = sections
    .map(([name, v]) => ({
      label: `${name} (${plural(v.pages, "page")})`,
      parts: { error: v.error, warning: v.warning, info: v.info },
    }))
    .slice(0, 25);
  const total = summary.findings.error + summary.findings.warning + summary.findings.info;
  const ruleRows = Object.entries(summary.byRule)
    .map(([id, v]) => {
      const r = byId.get(id);
      return `<tr><td><a href="${e(r?.guidance ?? "#")}"><code>${e(id)}</code></a></td><td><span class="sev ${r?.severity ?? "info"}">${r?.severity ?? ""}</span></td><td>${e(r?.summary ?? "")}</td><td class="num">${v.findings}</td><td class="num">${v.pages}</td></tr>`;
    })
    .join("\n");
  const pageRows = rows
    .map((row) => {
      const text = `${row.url} ${row.headline ?? ""}`.toLowerCase();
      return `<tr data-index="${row.index}" data-url="${e(row.url)}" data-section="${e(row.section)}" data-status="${row.status}" data-error="${row.counts.error}" data-warning="${row.counts.warning}" data-info="${row.counts.info}" data-rules="${e(row.rules.join(" "))}" data-text="${e(text)}"><td class="url"><a href="${e(row.report)}">${e(row.url)}</a>${row.headline === null ? "" : `<br><span class="muted">${e(row.headline)}</span>`}</td><td>${e(row.section)}</td><td class="num">${count(row.counts.error, "error")}</td><td class="num">${count(row.counts.warning, "warning")}</td><td class="num">${count(row.counts.info, "info")}</td><td>${row.status === "failed" ? `<span class="n-error">not audited</span>` : row.httpStatus === null ? "audited" : `HTTP ${row.httpStatus}`}</td></tr>`;
    })
    .join("\n");
  const sectionNames = [...new Set(rows.map((r) => r.section))].sort();
  const ruleNames = Object.keys(summary.byRule).sort();
  const notes = [
    meta.baseline === null
      ? ""
      : `Only findings new since the baseline <code>${e(meta.baseline)}</code> are listed; ${plural(summary.known, "known finding")} left out.`,
    meta.disabled.length === 0
      ? ""
      : `Rules turned off: ${meta.disabled.map((d) => `<code>${e(d)}</code>`).join(", ")}.`,
    meta.interrupted
      ? `<span class="n-error">The audit was stopped before every page was audited.</span>`
      : "",
  ].filter(Boolean);
  const body = `<header><h1>${e(meta.title)}</h1><p>${e(meta.source)} · ${e(meta.generatedAt)} · ${e(meta.software)}</p></header>
<main>
${notes.length === 0 ? "" : `<p>${notes.join(" ")}</p>`}
<section class="cards" aria-label="summary">
<div class="card"><b>${summary.audited}</b><span>pages audited</span></div>
<div class="card"><b class="${summary.pagesWithErrors > 0 ? "n-error" : ""}">${summary.pagesWithErrors}</b><span>pages with errors</span></div>
<div class="card"><b class="${summary.pagesWithWarnings > 0 ? "n-warning" : ""}">${summary.pagesWithWarnings}</b><span>pages with warnings</span></div>
<div class="card"><b>${total}</b><span>${summary.findings.error} errors · ${summary.findings.warning} warnings · ${summary.findings.info} info</span></div>
${summary.failed > 0 ? `<div class="card"><b class="n-error">${summary.failed}</b><span>pages not audited</span></div>` : ""}
</section>
<h2>Findings</h2>
${legend}
<div class="charts">
<div class="chart" id="chart-rules"><h3>By rule</h3>${barChart(ruleBars, "findings by rule")}</div>
<div class="chart" id="chart-sections"><h3>By section of the site</h3>${barChart(sectionBars, "findings by section")}${sections.length > 25 ? `<p class="muted">The 25 largest of ${sections.length} sections.</p>` : ""}</div>
</div>
<h2>Rules that fired</h2>
<table id="rules"><thead><tr><th>rule</th><th>severity</th><th>why it matters</th><th class="num">findings</th><th class="num">pages</th></tr></thead><tbody>
${ruleRows}
</tbody></table>
<h2>Pages</h2>
<div class="filters">
<input id="q" type="search" placeholder="Filter by URL or headline" aria-label="filter by URL or headline">
<select id="severity" aria-label="filter by severity"><option value="">all pages</option><option value="error">with errors</option><option value="warning">with warnings</option><option value="clean">without errors or warnings</option><option value="failed">not audited</option></select>
<select id="section" aria-label="filter by section">${options(sectionNames, "all sections")}</select>
<select id="rule" aria-label="filter by rule">${options(ruleNames, "all rules")}</select>
<span id="shown" class="muted"></span>
</div>
<table id="pages"><thead><tr><th data-sort="url">page</th><th data-sort="section">section</th><th class="num" data-sort="error" data-type="number">errors</th><th class="num" data-sort="warning" data-type="number">warnings</th><th class="num" data-sort="info" data-type="number">info</th><th data-sort="status">status</th></tr></thead><tbody>
${pageRows}
</tbody></table>
<p class="muted">Also in this folder: <a href="audit.json">audit.json</a>, <a href="findings.csv">findings.csv</a>, <a href="pages.csv">pages.csv</a>.</p>
</main>`;
  return document(meta.title, body, TABLE_SCRIPT);
}

function where(f: PageAudit["findings"][number]): string {
  if (f.source === "page") return "page";
  const name =
    f.source === "jsonld"
      ? "JSON-LD block"
      : f.source === "microdata"
        ? "microdata item"
        : "RDFa item";
  return `${name} ${(f.item ?? 0) + 1}${f.line === null ? "" : `, line ${f.line}`}`;
}

function shortJson(value: unknown, max = 300): string {
  const text = JSON.stringify(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const COPY_SCRIPT = `
document.querySelectorAll("button[data-copy]").forEach(function(b){
  b.addEventListener("click",function(){
    var text=document.getElementById(b.dataset.copy).textContent;
    (navigator.clipboard?navigator.clipboard.writeText(text):Promise.reject()).then(function(){b.textContent="Copied";},function(){b.textContent="Select the text and copy it";});
  });
});
`;

/** A page of the report for one URL: its findings, the markup against the page, and the fix. */
export function pageHtml(
  meta: ReportMeta,
  page: PageAudit,
  rules: readonly AuditRule[],
  fixFile: string | null,
): string {
  const byId = new Map(rules.map((r) => [r.id, r]));
  const findingRows = page.findings
    .map((f) => {
      const r = byId.get(f.rule);
      return `<tr><td><span class="sev ${f.severity}">${f.severity}</span></td><td><a href="${e(r?.guidance ?? "#")}" title="${e(r?.summary ?? "")}"><code>${e(f.rule)}</code></a></td><td>${e(where(f))}</td><td><code>${e(f.path)}</code></td><td>${e(f.message)}</td></tr>`;
    })
    .join("\n");
  const comparisonRows = page.comparisons
    .map(
      (c) =>
        `<tr><td>${e(c.field)}</td><td>${e(c.source)} ${c.item + 1}</td><td>${e(c.markup)}</td><td>${c.visible === null ? `<span class="muted">not shown</span>` : e(c.visible)}</td><td>${c.agrees === null ? `<span class="muted">—</span>` : c.agrees ? `<span class="agree">agrees</span>` : `<span class="disagree">differs</span>`}</td></tr>`,
    )
    .join("\n");
  const patch = page.fix?.patch ?? [];
  const patchLines = patch
    .map((op) => {
      const value =
        "value" in op ? ` ${shortJson(op.value)}` : "from" in op ? ` from ${op.from}` : "";
      return `<span class="op-${op.op}">${e(op.op.padEnd(7))} ${e(op.path)}${e(value)}</span>`;
    })
    .join("\n");
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of page.findings) counts[f.severity] += 1;
  const body = `<header><h1>${e(page.headline ?? page.url)}</h1><p class="url"><a href="${e(page.url)}">${e(page.url)}</a> · section ${e(page.section)} · <a href="../index.html">all pages</a></p></header>
<main>
<section class="cards" aria-label="summary">
<div class="card"><b class="${counts.error > 0 ? "n-error" : ""}">${counts.error}</b><span>errors</span></div>
<div class="card"><b class="${counts.warning > 0 ? "n-warning" : ""}">${counts.warning}</b><span>warnings</span></div>
<div class="card"><b>${counts.info}</b><span>info</span></div>
<div class="card"><b>${page.markup.jsonld} · ${page.markup.microdata} · ${page.markup.rdfa}</b><span>JSON-LD blocks · microdata · RDFa items</span></div>
</section>
<h2>Findings</h2>
${page.findings.length === 0 ? `<p class="agree">No findings.</p>` : `<table id="findings"><thead><tr><th>severity</th><th>rule</th><th>where</th><th>path</th><th>message</th></tr></thead><tbody>\n${findingRows}\n</tbody></table>`}
${page.comparisons.length === 0 ? "" : `<h2>The markup against the page</h2><table id="comparisons"><thead><tr><th>field</th><th>markup</th><th>the markup says</th><th>the page shows</th><th></th></tr></thead><tbody>\n${comparisonRows}\n</tbody></table>`}
${
  page.fix === null
    ? ""
    : `<h2>The fix</h2>
<p>The JSON-LD Vellum would put on this page: its own graph, merged with the page's sound values, plus the page's other nodes unchanged.${fixFile === null ? "" : ` Also as <a href="${e(fixFile)}">${e(fixFile)}</a>.`}</p>
<h3>What changes (JSON Patch, RFC 6902, from the page's JSON-LD gathered into one <code>@graph</code>)</h3>
${patch.length === 0 ? `<p class="agree">Nothing: the page's JSON-LD is already what Vellum would write.</p>` : `<pre id="patch">${patchLines}</pre>`}
<h3>The block to paste <button type="button" data-copy="fix">Copy</button></h3>
<pre id="fix">${e(embedJsonLd(page.fix.graph))}</pre>`
}
</main>`;
  return document(
    `${page.headline ?? page.url} — ${meta.title}`,
    body,
    page.fix === null ? "" : COPY_SCRIPT,
  );
}
