import { once } from "node:events";
import { createReadStream, createWriteStream, type WriteStream, writeFileSync } from "node:fs";
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { availableParallelism } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { writeAtomically } from "@vellum/archive";
import { slugFor } from "@vellum/crawl";
import { type Clock, systemClock, userAgent, VellumError } from "@vellum/model";
import { embedJsonLd } from "@vellum/schema";
import { AUDIT_FORMAT, fingerprint, readBaseline, reportable } from "./baseline.js";
import { FINDINGS_HEADER, findingLine, PAGES_HEADER, pageLine } from "./csv.js";
import { indexHtml, pageHtml, type ReportMeta } from "./html.js";
import { failedPage } from "./page.js";
import { createPool } from "./pool.js";
import { AUDIT_RULES, disabledRules } from "./rules.js";
import { sarifLog } from "./sarif.js";
import { type AuditSummary, type PageRow, rowOf, Tally } from "./summary.js";
import type { AuditSource, PageAudit } from "./types.js";

/** The severity from which a page fails the audit (exit 1). */
export type FailOn = "error" | "warning";

export interface AuditOptions {
  readonly source: AuditSource;
  /** What is audited, for the report's header: "3 URLs", "collection snap/". */
  readonly sourceLabel: string;
  /**
   * The report directory. Written whole or not at all: it appears under its name only when
   * complete, replacing an earlier report there. A directory that is not a report is refused.
   */
  readonly outDir: string;
  /** Rule ids to leave out. Default none. */
  readonly disable?: readonly string[];
  /** Default `error`: a page with an error fails the audit; `warning`: a warning does too. */
  readonly failOn?: FailOn;
  /** A previous `audit.json`: only findings it does not have are reported. Default none. */
  readonly baseline?: string | null;
  /** Also write `audit.sarif` (SARIF 2.1.0). Default false. */
  readonly sarif?: boolean;
  /** Worker threads auditing pages; 0 audits in this thread. Default: the cores, at most 4. */
  readonly workers?: number;
  /** Report title. Default "Structured-data audit". */
  readonly title?: string;
  /** For `generatedAt`. Default: the system clock. */
  readonly clock?: Clock;
  /** Stops taking new pages; the pages already audited are reported, marked interrupted. */
  readonly signal?: AbortSignal;
  /** Told about every page as it is written, in source order. */
  readonly onPage?: (row: PageRow) => void;
}

export interface AuditResult {
  readonly outDir: string;
  readonly summary: AuditSummary;
  /** True when some page has a finding at or above `failOn`: the exit code is then 1. */
  readonly failed: boolean;
  readonly interrupted: boolean;
  /** Files written, relative to `outDir`. */
  readonly files: readonly string[];
}

/** A stream written with back-pressure, so a large audit never queues its output in memory. */
class Output {
  private readonly stream: WriteStream;
  constructor(path: string) {
    this.stream = createWriteStream(path);
  }
  async write(text: string): Promise<void> {
    if (!this.stream.write(text)) await once(this.stream, "drain");
  }
  async end(): Promise<void> {
    await new Promise<void>((done, fail) => {
      this.stream.once("error", fail);
      this.stream.end(() => done());
    });
  }
}

async function checkOutDir(outDir: string): Promise<void> {
  const info = await stat(outDir).catch(() => null);
  if (info === null) return;
  const entries = info.isDirectory() ? await readdir(outDir) : null;
  // Replacing a directory removes it: only ever an earlier report, or an empty directory.
  if (entries === null || (entries.length > 0 && !entries.includes("audit.json"))) {
    throw new VellumError("usage", "the report directory exists and is not a vellum audit report", {
      value: outDir,
      hint: "name a new directory, or that of an earlier audit to replace it",
    });
  }
}

function pageFile(page: PageAudit): string {
  const slug = page.url.startsWith("http") ? slugFor(page.url) : slugFor(`file:${page.url}`);
  return `pages/${String(page.index + 1).padStart(5, "0")}-${slug}`;
}

async function* lines(path: string): AsyncGenerator<string> {
  const rl = createInterface({
    input: createReadStream(path),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of rl) if (line !== "") yield line;
}

/**
 * Audits every page of a source and writes the report: `index.html` with a page per URL under
 * `pages/` (and each page's fix as `.jsonld`), `findings.csv`, `pages.csv`, `audit.json` and,
 * when asked, `audit.sarif`. Pages are audited in parallel and reported in source order; memory
 * stays flat (each page's details go to disk as it is done).
 */
export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const outDir = resolve(options.outDir);
  const disabled = disabledRules(options.disable ?? []);
  const failOn = options.failOn ?? "error";
  const clock = options.clock ?? systemClock;
  await checkOutDir(outDir);
  const baseline = options.baseline ? await readBaseline(resolve(options.baseline)) : null;
  const rules = AUDIT_RULES.filter((r) => !disabled.has(r.id));
  const workers = options.workers ?? Math.min(availableParallelism(), 4);
  const generatedAt = clock.now().toISOString();
  const software = userAgent();
  const tally = new Tally();
  const rows: PageRow[] = [];
  let interrupted = false;

  await mkdir(dirname(outDir), { recursive: true });
  await writeAtomically(outDir, async (dir) => {
    await mkdir(join(dir, "pages"), { recursive: true });
    const meta = (): ReportMeta => ({
      title: options.title ?? "Structured-data audit",
      source: options.sourceLabel,
      generatedAt,
      software,
      baseline: options.baseline ?? null,
      disabled: [...disabled],
      interrupted,
    });
    const findingsCsv = new Output(join(dir, "findings.csv"));
    const pagesCsv = new Output(join(dir, "pages.csv"));
    // Each page's full entry, one JSON per line, until audit.json can open with the summary.
    const spoolPath = join(dir, ".pages.ndjson");
    const spool = new Output(spoolPath);
    await findingsCsv.write(FINDINGS_HEADER);
    await pagesCsv.write(PAGES_HEADER);

    const write = async (audited: PageAudit) => {
      const { page, known } = reportable(audited, disabled, baseline);
      const base = pageFile(page);
      const fixFile = page.fix === null ? null : `${base.slice("pages/".length)}.jsonld`;
      // Synchronous: two small files a page, each written whole; through `fs/promises` every
      // one was a FileHandle opened, written and closed in three trips through the thread pool,
      // about 1 ms of CPU a page on the thread that also feeds the workers.
      if (page.fix !== null) {
        writeFileSync(join(dir, `${base}.jsonld`), `${JSON.stringify(page.fix.graph, null, 2)}\n`);
      }
      writeFileSync(join(dir, `${base}.html`), pageHtml(meta(), page, rules, fixFile));
      const row = rowOf(page, `${base}.html`);
      rows.push(row);
      tally.add(page, known);
      for (const f of page.findings)
        await findingsCsv.write(findingLine(page.url, page.section, f));
      await pagesCsv.write(pageLine(row));
      const entry = {
        index: page.index,
        url: page.url,
        section: page.section,
        status: page.status,
        httpStatus: page.httpStatus,
        headline: page.headline,
        markup: page.markup,
        counts: row.counts,
        report: row.report,
        findings: page.findings.map((f) => ({ ...f, fingerprint: fingerprint(page.url, f) })),
        comparisons: page.comparisons,
        fix:
          page.fix === null
            ? null
            : { file: `${base}.jsonld`, embed: embedJsonLd(page.fix.graph), patch: page.fix.patch },
      };
      await spool.write(`${JSON.stringify(entry)}\n`);
      options.onPage?.(row);
    };

    // Pages finish in any order and are written in source order.
    const pool = createPool(workers);
    const done = new Map<number, PageAudit>();
    let next = 0;
    let writing: Promise<void> = Promise.resolve();
    const flush = () => {
      writing = writing.then(async () => {
        for (let page = done.get(next); page !== undefined; page = done.get(next)) {
          done.delete(next);
          next += 1;
          await write(page);
        }
      });
      return writing;
    };
    const inFlight = new Set<Promise<void>>();
    const limit = Math.max(2, workers * 2);
    let count = 0;
    try {
      for await (const item of options.source) {
        if (options.signal?.aborted) {
          interrupted = true;
          break;
        }
        const index = count++;
        const audited: Promise<PageAudit> =
          item.kind === "failure"
            ? Promise.resolve(failedPage(item, index))
            : pool.run(item, index).catch((error: unknown) =>
                failedPage(
                  {
                    kind: "failure",
                    url: item.url,
                    label: item.label,
                    status: item.status,
                    reason: `internal error while auditing: ${error instanceof Error ? error.message : String(error)}`,
                  },
                  index,
                ),
              );
        // A page leaves the window once it is written, not once it is audited: when writing
        // falls behind, audited pages would otherwise pile up in memory waiting for their turn.
        const job: Promise<void> = audited
          .then((page) => {
            done.set(index, page);
            return flush();
          })
          .finally(() => inFlight.delete(job));
        inFlight.add(job);
        // Audited pages held back behind a slower earlier one count against the window too.
        while (inFlight.size > 0 && inFlight.size + done.size >= limit) {
          await Promise.race(inFlight);
        }
      }
      if (options.signal?.aborted) interrupted = true;
      await Promise.all(inFlight);
      await writing;
    } finally {
      await pool.close();
    }
    await Promise.all([findingsCsv.end(), pagesCsv.end(), spool.end()]);

    const summary = tally.summary();
    const json = new Output(join(dir, "audit.json"));
    const head = {
      format: AUDIT_FORMAT,
      software,
      generatedAt,
      source: options.sourceLabel,
      interrupted,
      failOn,
      baseline: options.baseline ?? null,
      disabled: [...disabled],
      summary,
      rules: rules.filter((r) => summary.byRule[r.id] !== undefined),
    };
    await json.write(`${JSON.stringify(head, null, 2).replace(/\n}$/, ',\n  "pages": [\n')}`);
    let first = true;
    for await (const line of lines(spoolPath)) {
      await json.write(`${first ? "" : ",\n"}${line}`);
      first = false;
    }
    await json.write("\n  ]\n}\n");
    await json.end();

    if (options.sarif === true) {
      // The log's shell from the SARIF builder, its results streamed in from the spool.
      const shell = JSON.stringify(sarifLog(rules, []), null, 2);
      const [before, after] = shell.split('"results": []');
      const sarif = new Output(join(dir, "audit.sarif"));
      await sarif.write(`${before}"results": [\n`);
      let firstResult = true;
      for await (const line of lines(spoolPath)) {
        const page = JSON.parse(line) as PageAudit;
        for (const result of sarifLog(rules, [page]).runs[0]?.results ?? []) {
          await sarif.write(`${firstResult ? "" : ",\n"}${JSON.stringify(result)}`);
          firstResult = false;
        }
      }
      await sarif.write(`\n]${after}\n`);
      await sarif.end();
    }
    await rm(spoolPath);
    await writeFile(join(dir, "index.html"), indexHtml(meta(), summary, rules, rows));
  });

  const summary = tally.summary();
  const failed =
    summary.pagesWithErrors > 0 || (failOn === "warning" && summary.pagesWithWarnings > 0);
  const files = ["index.html", "findings.csv", "pages.csv", "audit.json"];
  if (options.sarif === true) files.push("audit.sarif");
  return { outDir, summary, failed, interrupted, files };
}
