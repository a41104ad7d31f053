import type { ValidationReport } from "./types.js";

/** One line per finding, `error  $['@graph'][1].author  author-name-prefix  message`, then a summary. */
export function formatReport(report: ValidationReport, label?: string): string {
  const prefix = label === undefined ? "" : `${label}: `;
  const lines = report.findings.map(
    (f) => `${prefix}${f.severity.padEnd(7)} ${f.path}  ${f.code}  ${f.message}`,
  );
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  lines.push(
    `${prefix}${report.valid ? "valid" : "invalid"}: ${plural(report.errors, "error")}, ${plural(report.warnings, "warning")}${report.infos > 0 ? `, ${report.infos} info` : ""}`,
  );
  return `${lines.join("\n")}\n`;
}

/** A `<script type="application/ld+json">` block ready to paste into a page's `<head>`. */
export function embedJsonLd(doc: unknown): string {
  // `<` escaped so that "</script>" inside a value cannot end the block (HTML §4.12.1.3).
  const json = JSON.stringify(doc, null, 2).replace(/</g, "\\u003c");
  return `<script type="application/ld+json">\n${json}\n</script>\n`;
}
