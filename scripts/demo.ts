/**
 * `pnpm demo`: the main job on the bundled samples, offline.
 *
 * Serves samples/ on a loopback port with a sitemap and captures every page it lists into a
 * collection, as an archivist would a site: WARC 1.1 files, collection.db, and per page
 * `article.json`, `article.jsonld` and `article.md`. It checks each JSON-LD graph against
 * schema.org and Google's Article guidance; then edits a sentence of one sample on the server
 * (leaving its dateModified alone), captures the collection again, and prints the edit found
 * (a silent one) and what was stored as revisits; then packages the collection as a WACZ and as
 * a BagIt bag, verifies both, and prints what it produced.
 */
import { readFile, rm } from "node:fs/promises";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleSnapshot, verifyPath } from "@vellum/archive";
import { collectionSource, runAudit } from "@vellum/audit";
import { Catalog } from "@vellum/catalog";
import { Collection, discoverUrls, renderWordDiff, snapshot } from "@vellum/crawl";
import { randomIds, systemClock, VELLUM_VERSION } from "@vellum/model";
import { validateJsonLd } from "@vellum/schema";
import { startSampleServer } from "./lib/sample-server.js";
import { printTable } from "./lib/table.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(ROOT, "out", "demo");
const SNAPSHOT = join(OUT, "snapshot");
/** Tried first so that output paths (which name host and port) repeat from run to run. */
const PREFERRED_PORT = 47_801;

interface ArticleFile {
  headline: string | null;
  authors: { name: string }[];
  datePublished: string | null;
  wordCount: number;
}

async function run(): Promise<number> {
  await rm(OUT, { recursive: true, force: true });
  const server = await startSampleServer({ port: PREFERRED_PORT });
  const sampleOf = new Map(server.samples.map((s) => [server.urlOf(s), s.slug]));
  // Our own loopback server: no need to wait between requests.
  const fetch = { allowPrivate: true, delayMs: 0 };
  let report: Awaited<ReturnType<typeof snapshot>>;
  let recaptured: Awaited<ReturnType<typeof snapshot>>;
  let editedSlug: string | null = null;
  try {
    report = await snapshot({
      discover: (fetcher) =>
        discoverUrls([{ kind: "sitemap", location: server.sitemapUrl }], { fetcher }),
      outDir: SNAPSHOT,
      fetch,
      warcPrefix: "samples",
    });
    // Edit one sample as a newsroom might, without saying so: one word of a paragraph.
    for (const sample of server.samples) {
      const html = Buffer.from(sample.page).toString("utf8");
      const paragraph = /<p>([^<]{80,})<\/p>/.exec(html);
      if (paragraph?.[1] === undefined || !/charset=utf-8/i.test(sample.headers.flat().join(" ")))
        continue;
      const before = paragraph[1];
      const after = before.replace(/(\w+)([.!?])\s*$/, "revised$2");
      if (after === before) continue;
      server.edit(sample.slug, (page) => Buffer.from(page.toString("utf8").replace(before, after)));
      editedSlug = sample.slug;
      break;
    }
    recaptured = await snapshot({
      outDir: SNAPSHOT,
      fetch,
      warcPrefix: "samples",
      recapture: true,
    });
  } finally {
    await server.close();
  }

  let problems = 0;
  const rows: string[][] = [];
  for (const page of report.urls) {
    const slug = sampleOf.get(page.url) ?? page.url;
    if (page.outcome !== "ok" || page.articleDir === null) {
      problems += 1;
      rows.push([slug, `failed: ${page.error?.reason ?? page.outcome}`, "", "", "", ""]);
      continue;
    }
    const dir = join(SNAPSHOT, page.articleDir);
    const article = JSON.parse(await readFile(join(dir, "article.json"), "utf8")) as ArticleFile;
    const graph: unknown = JSON.parse(await readFile(join(dir, "article.jsonld"), "utf8"));
    const errors = validateJsonLd(graph).findings.filter((f) => f.severity === "error").length;
    if (errors > 0) problems += 1;
    rows.push([
      slug,
      truncate(article.headline ?? "—", 44),
      truncate(article.authors.map((a) => a.name).join(", ") || "—", 28),
      article.datePublished ?? "—",
      String(article.wordCount),
      errors === 0 ? "valid" : `${errors} errors`,
    ]);
  }
  printTable(["sample", "headline", "authors", "published", "words", "JSON-LD"], rows);

  console.log(
    `\nRecaptured ${recaptured.run?.captured ?? 0} pages after editing ${editedSlug ?? "no sample"} on the server: ` +
      `${recaptured.run?.revisits ?? 0} responses stored as revisits, ${recaptured.run?.changes ?? 0} edit(s) found`,
  );
  const collection = Collection.open(SNAPSHOT, { create: false });
  for (const change of collection.changes()) {
    console.log(
      `  ${change.url}: ${change.fields.join(", ")} changed${change.silent ? " (silent edit: dateModified unchanged)" : ""}`,
    );
    for (const field of change.diff.fields) {
      for (const para of renderWordDiff(field.parts, 50).split("\n\n"))
        console.log(`    ${field.field}: ${para.trim()}`);
    }
  }
  const edits = [...collection.changes()].length;
  collection.close();
  if (editedSlug !== null && edits !== 1) problems += 1;

  const bundles: string[][] = [];
  for (const [format, name] of [
    ["wacz", "samples.wacz"],
    ["bag", "samples-bag"],
  ] as const) {
    const path = join(OUT, name);
    const bundled = await bundleSnapshot({
      snapshotDir: SNAPSHOT,
      format,
      out: path,
      clock: systemClock,
      ids: randomIds,
      software: `Vellum ${VELLUM_VERSION}`,
      title: "Vellum sample pages",
    });
    const verified = await verifyPath(path);
    if (!verified.ok) problems += 1;
    bundles.push([
      format,
      relative(ROOT, path),
      `${bundled.payloadFiles} files, ${formatBytes(bundled.payloadBytes)}`,
      verified.ok ? "verified" : `${verified.findings.length} findings`,
    ]);
  }
  console.log("");
  printTable(["bundle", "path", "payload", "verify"], bundles);

  console.log(
    `\n${recaptured.counts.ok}/${recaptured.counts.total} pages captured into ${recaptured.warcFiles.length} WARC file(s) over 2 runs; ` +
      `articles, WARCs and report.json in ${relative(ROOT, SNAPSHOT)}/`,
  );

  // Last, what an SEO team runs: the structured-data audit of the captured collection, read from
  // its WARCs. Findings are the samples' own markup problems, reported, not demo failures.
  const audit = await runAudit({
    source: collectionSource(SNAPSHOT),
    sourceLabel: "the samples' collection",
    outDir: join(OUT, "audit"),
  });
  const s = audit.summary;
  const rules = Object.entries(s.byRule)
    .slice(0, 6)
    .map(([rule, v]) => [rule, String(v.findings), String(v.pages)]);
  console.log("");
  if (rules.length > 0) printTable(["rule", "findings", "pages"], rules);
  console.log(
    `\naudit: ${s.audited}/${s.pages} pages, ${s.pagesWithErrors} with errors, ${s.pagesWithWarnings} with warnings ` +
      `(${s.findings.error} errors, ${s.findings.warning} warnings, ${s.findings.info} info); ` +
      `report in ${relative(ROOT, join(OUT, "audit"))}/index.html`,
  );
  if (s.audited !== s.pages) problems += 1;

  // And what a researcher opens: the catalog. Index the collection now (what `vellum serve`
  // does on start), so its first page is instant, and say how to serve it.
  const catalog = Catalog.open({ dirs: [SNAPSHOT] });
  try {
    while (!catalog.sync()) {}
    const found = catalog.search(Catalog.browse({ text: "ceasefire", sort: "relevance" }));
    console.log(
      `\ncatalog: ${catalog.size} articles indexed; "ceasefire" finds ${found.total}. Search, read, replay and download them:\n` +
        `  pnpm vellum serve ${relative(ROOT, SNAPSHOT)}    # then open http://127.0.0.1:8080/`,
    );
    if (found.total === 0) problems += 1;
  } finally {
    catalog.close();
  }
  return problems === 0 ? 0 : 1;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024
    ? `${(bytes / 1024).toFixed(1)} KiB`
    : `${(bytes / 1048576).toFixed(1)} MiB`;
}

process.exitCode = await run();
