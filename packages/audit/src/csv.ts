import { stringify } from "csv-stringify/sync";
import type { PageRow } from "./summary.js";
import type { AuditFinding } from "./types.js";

/**
 * A spreadsheet runs a cell that starts with = + - @ as a formula (OWASP "CSV injection"); a
 * page's headline or an author name is the page's text, so such a cell gets a leading quote.
 */
function cell(value: string | number | null): string {
  if (value === null) return "";
  const text = String(value);
  return /^[=+\-@\t\r]/.test(text) && typeof value === "string" ? `'${text}` : text;
}

const line = (cells: ReadonlyArray<string | number | null>): string =>
  stringify([cells.map(cell)], { record_delimiter: "\r\n" });

export const FINDINGS_HEADER = line([
  "url",
  "section",
  "rule",
  "severity",
  "source",
  "item",
  "line",
  "path",
  "message",
]);

export function findingLine(url: string, section: string, f: AuditFinding): string {
  return line([url, section, f.rule, f.severity, f.source, f.item, f.line, f.path, f.message]);
}

export const PAGES_HEADER = line([
  "url",
  "section",
  "status",
  "http_status",
  "headline",
  "errors",
  "warnings",
  "infos",
  "rules",
  "report",
]);

export function pageLine(row: PageRow): string {
  return line([
    row.url,
    row.section,
    row.status,
    row.httpStatus,
    row.headline,
    row.counts.error,
    row.counts.warning,
    row.counts.info,
    row.rules.join(" "),
    row.report,
  ]);
}
