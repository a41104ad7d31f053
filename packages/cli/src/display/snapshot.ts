import {
  describeProblem,
  type SnapshotEvent,
  type SourceEvent,
  type SourceSummary,
} from "@vellum/crawl";
import type { SnapshotReport, UrlReport } from "@vellum/model";
import cliProgress from "cli-progress";
import type { TextSink } from "../context.js";

export interface Display {
  onEvent(event: SnapshotEvent): void;
  /** A sitemap, feed or list read, or a problem with one. */
  onSource(event: SourceEvent): void;
  /** Stops the bar, if any, so the summary is not drawn over. */
  stop(): void;
}

function pageLine(report: UrlReport): string {
  if (report.outcome === "ok") {
    const where = report.articleDir === null ? "archived" : report.articleDir;
    const notes = report.notes.length === 0 ? "" : ` (${report.notes.join("; ")})`;
    return `ok   ${report.status} ${report.url} → ${where}${notes}`;
  }
  const label = report.outcome === "not-done" ? "stop" : "FAIL";
  // With no final response, say that what did arrive (hops before a loop …) was still kept.
  const kept =
    report.status === null && report.exchanges > 0
      ? ` (${report.exchanges} response${report.exchanges === 1 ? "" : "s"} archived)`
      : "";
  return `${label} ${report.url}: ${report.error?.reason ?? "unknown error"}${kept}`;
}

const count = (n: number) => n.toLocaleString("en-US");
const plural = (n: number, word: string) => `${count(n)} ${word}${n === 1 ? "" : "s"}`;

/** `read sitemap https://…/sitemap.xml: 1,234 entries (urlset, 2.1 MiB)` */
export function sourceLine(event: SourceEvent): string {
  if (event.type === "problem") return describeProblem(event.problem);
  const size =
    event.bytes >= 1024 * 1024
      ? `${(event.bytes / 1024 / 1024).toFixed(1)} MiB`
      : `${Math.ceil(event.bytes / 1024)} KiB`;
  const entries = `${count(event.entries)} ${event.entries === 1 ? "entry" : "entries"}`;
  return `read ${event.source.kind} ${event.source.location}: ${entries} (${event.format}, ${size})`;
}

/** What the sources came to, for the summary: documents, URLs, what was dropped, problems. */
function sourcesPart(read: SourceSummary): string {
  const dropped =
    read.filtered.date + read.filtered.match + read.filtered.exclude + read.filtered.scope;
  const notes = [
    dropped > 0 ? `${count(dropped)} filtered out` : "",
    read.duplicates > 0 ? `${count(read.duplicates)} duplicates` : "",
    read.limited ? "stopped at --limit" : "",
  ].filter((n) => n !== "");
  const errors = read.problems.filter((p) => p.severity === "error").length;
  const warnings = read.problems.length - errors;
  const problems = [
    errors > 0 ? plural(errors, "source error") : "",
    warnings > 0 ? plural(warnings, "warning") : "",
  ].filter((p) => p !== "");
  return `; sources: ${plural(read.documents, "document")} read, ${plural(read.emitted, "URL")} found${notes.length === 0 ? "" : ` (${notes.join(", ")})`}${problems.length === 0 ? "" : `, ${problems.join(", ")}`}`;
}

/**
 * The summary after a run: the collection's pages and what the sources came to, then what this
 * run did (captured, stored as revisits, failed by reason, edits found).
 */
export function summaryLine(report: SnapshotReport, sources: SourceSummary | null = null): string {
  const { ok, failed, notDone, total } = report.counts;
  const parts = [`${ok}/${total} captured`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (notDone > 0) parts.push(`${notDone} not done (run the same command again to resume)`);
  const files = report.warcFiles.length;
  const read = sources === null ? "" : sourcesPart(sources);
  let line = `${parts.join(", ")}; ${files} WARC file${files === 1 ? "" : "s"}, report.json written${read}`;
  const run = report.run;
  if (run !== undefined) {
    const reasons = Object.entries(run.failedBy)
      .map(([code, n]) => `${code} ${n}`)
      .join(", ");
    const edits =
      run.changes === 0
        ? "no edits found"
        : `${run.changes} edit${run.changes === 1 ? "" : "s"} found${run.silentChanges > 0 ? ` (${run.silentChanges} silent)` : ""} (vellum changes)`;
    line += `\nthis run: ${run.captured} captured, ${run.revisits} stored as revisits, ${run.failed} failed${reasons === "" ? "" : ` (${reasons})`}; ${edits}`;
  }
  return line;
}

/** Pages per second over the last few seconds, for the rate and the ETA. */
class Rate {
  readonly #marks: [number, number][] = [];
  constructor(readonly windowMs: number) {}
  add(now: number, total: number): void {
    this.#marks.push([now, total]);
    while (this.#marks.length > 2 && now - (this.#marks[0]?.[0] ?? now) > this.windowMs)
      this.#marks.shift();
  }
  perSecond(): number {
    const first = this.#marks[0];
    const last = this.#marks.at(-1);
    if (first === undefined || last === undefined || last[0] <= first[0]) return 0;
    return ((last[1] - first[1]) * 1000) / (last[0] - first[0]);
  }
}

function eta(queued: number, rate: number): string {
  if (rate <= 0 || queued === 0) return "--";
  const s = Math.round(queued / rate);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`;
}

/** One JSON object per line on stdout, for scripts (`--json`). */
export function jsonDisplay(stdout: TextSink): Display {
  return {
    onEvent(event) {
      stdout.write(`${JSON.stringify(event)}\n`);
    },
    onSource(event) {
      const line =
        event.type === "problem"
          ? { event: "source-problem", ...event.problem }
          : {
              event: "source-document",
              source: event.source,
              format: event.format,
              entries: event.entries,
              bytes: event.bytes,
            };
      stdout.write(`${JSON.stringify(line)}\n`);
    },
    stop() {},
  };
}

/**
 * A progress bar on the terminal (stderr): done, failed and queued counts, pages per second and
 * an ETA; a line for each finished page above it. The total grows as sources discover URLs and
 * pages name requisites.
 */
export function terminalDisplay(
  stderr: TextSink,
  now: () => number = () => performance.now(),
): Display {
  const bars = new cliProgress.MultiBar(
    {
      stream: stderr as unknown as NodeJS.WritableStream,
      format:
        " {bar} {value}/{total} | {failed} failed | {queued} queued | {rate} pages/s | ETA {eta} | {last}",
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | null = null;
  const rate = new Rate(10_000);
  const fields = { failed: 0, queued: 0, rate: "0.0", eta: "--", last: "" };
  let done = 0;
  const progress = (p: { captured: number; failed: number; queued: number }, last: string) => {
    done = p.captured + p.failed;
    rate.add(now(), done);
    const perSecond = rate.perSecond();
    Object.assign(fields, {
      failed: p.failed,
      queued: p.queued,
      rate: perSecond.toFixed(1),
      eta: eta(p.queued, perSecond),
      last: last.slice(0, 50),
    });
    bar?.setTotal(done + p.queued);
    bar?.update(done, fields);
  };
  return {
    onEvent(event) {
      if (event.event === "start") {
        bar = bars.create(event.total, 0, { ...fields, queued: event.total });
        rate.add(now(), 0);
      } else if (event.event === "discovered") {
        bar?.setTotal(done + event.queued);
      } else if (event.event === "page") {
        bars.log(`${pageLine(event.report)}\n`);
        progress(event.progress, event.report.url);
        // log() only queues the line until the next timed redraw; draw now so no line is lost.
        bars.update();
      } else if (event.event === "requisite") {
        progress(event.progress, event.url);
      } else if (event.event === "retry") {
        bar?.update({ ...fields, last: `retry ${event.url.slice(0, 40)} in ${event.delayMs} ms` });
      }
    },
    onSource(event) {
      bars.log(`${sourceLine(event)}\n`);
      bars.update();
    },
    stop() {
      bars.update();
      bars.stop();
    },
  };
}

/** Plain lines: results on stdout, failures also named on stderr. */
export function lineDisplay(stdout: TextSink, stderr: TextSink): Display {
  return {
    onEvent(event) {
      if (event.event !== "page") return;
      const line = pageLine(event.report);
      if (event.report.outcome === "failed") stderr.write(`vellum: ${line}\n`);
      else stdout.write(`${line}\n`);
    },
    onSource(event) {
      if (event.type === "problem") stderr.write(`vellum: ${sourceLine(event)}\n`);
      else stdout.write(`${sourceLine(event)}\n`);
    },
    stop() {},
  };
}
