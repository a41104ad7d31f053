import type { SnapshotEvent } from "@vellum/crawl";
import type { SnapshotReport, UrlReport } from "@vellum/model";
import cliProgress from "cli-progress";
import type { TextSink } from "../context.js";

export interface Display {
  onEvent(event: SnapshotEvent): void;
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

export function summaryLine(report: SnapshotReport): string {
  const { ok, failed, notDone, total } = report.counts;
  const parts = [`${ok}/${total} captured`];
  if (failed > 0) parts.push(`${failed} failed`);
  if (notDone > 0) parts.push(`${notDone} not done (stopped)`);
  const files = report.warcFiles.length;
  return `${parts.join(", ")}; ${files} WARC file${files === 1 ? "" : "s"}, report.json written`;
}

/** One JSON object per line on stdout, for scripts (`--json`). */
export function jsonDisplay(stdout: TextSink): Display {
  return {
    onEvent(event) {
      stdout.write(`${JSON.stringify(event)}\n`);
    },
    stop() {},
  };
}

/** A progress bar on the terminal (stderr); a line for each finished page above it. */
export function terminalDisplay(stderr: TextSink): Display {
  const bars = new cliProgress.MultiBar(
    {
      stream: stderr as unknown as NodeJS.WritableStream,
      format: " {bar} {value}/{total} pages | {failed} failed | {last}",
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | null = null;
  let failed = 0;
  return {
    onEvent(event) {
      if (event.event === "start") {
        bar = bars.create(event.total, 0, { failed: 0, last: "" });
      } else if (event.event === "page") {
        if (event.report.outcome !== "ok") failed += 1;
        bars.log(`${pageLine(event.report)}\n`);
        bar?.increment(1, { failed, last: event.report.url.slice(0, 60) });
        // log() only queues the line until the next timed redraw; draw now so no line is lost.
        bars.update();
      } else if (event.event === "retry") {
        bar?.update({ last: `retry ${event.url.slice(0, 50)} in ${event.delayMs} ms` });
      }
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
    stop() {},
  };
}
