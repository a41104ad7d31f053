import type { Severity } from "@vellum/schema";
import type { AuditFinding, PageAudit, PageStatus } from "./types.js";

export type SeverityCounts = Record<Severity, number>;

/** What the index page's table shows of a page: kept for every page, so kept small. */
export interface PageRow {
  readonly index: number;
  readonly url: string;
  readonly section: string;
  readonly status: PageStatus;
  readonly httpStatus: number | null;
  readonly headline: string | null;
  readonly counts: SeverityCounts;
  /** Rule ids with findings on the page, for the table's rule filter. */
  readonly rules: readonly string[];
  /** The page's report, relative to the report directory. */
  readonly report: string;
}

/** The audit's figures, as `audit.json` opens with them. */
export interface AuditSummary {
  readonly pages: number;
  readonly audited: number;
  readonly failed: number;
  readonly pagesWithErrors: number;
  readonly pagesWithWarnings: number;
  readonly findings: SeverityCounts;
  /** Findings left out because the baseline had them. */
  readonly known: number;
  readonly byRule: Readonly<Record<string, { readonly findings: number; readonly pages: number }>>;
  readonly bySection: Readonly<
    Record<string, { readonly pages: number } & Readonly<SeverityCounts>>
  >;
}

export const noCounts = (): SeverityCounts => ({ error: 0, warning: 0, info: 0 });

export function countBySeverity(findings: readonly AuditFinding[]): SeverityCounts {
  const counts = noCounts();
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** Adds up pages as they are written, in constant memory per rule and section. */
export class Tally {
  private pages = 0;
  private audited = 0;
  private failed = 0;
  private withErrors = 0;
  private withWarnings = 0;
  private known = 0;
  private readonly findings = noCounts();
  private readonly byRule = new Map<string, { findings: number; pages: number }>();
  private readonly bySection = new Map<string, { pages: number } & SeverityCounts>();

  add(page: PageAudit, known: number): void {
    this.pages += 1;
    if (page.status === "audited") this.audited += 1;
    else this.failed += 1;
    this.known += known;
    const counts = countBySeverity(page.findings);
    if (counts.error > 0) this.withErrors += 1;
    if (counts.warning > 0) this.withWarnings += 1;
    const section = this.bySection.get(page.section) ?? { pages: 0, ...noCounts() };
    section.pages += 1;
    for (const s of ["error", "warning", "info"] as const) {
      this.findings[s] += counts[s];
      section[s] += counts[s];
    }
    this.bySection.set(page.section, section);
    const seen = new Set<string>();
    for (const f of page.findings) {
      const rule = this.byRule.get(f.rule) ?? { findings: 0, pages: 0 };
      rule.findings += 1;
      if (!seen.has(f.rule)) rule.pages += 1;
      seen.add(f.rule);
      this.byRule.set(f.rule, rule);
    }
  }

  summary(): AuditSummary {
    const sorted = <T>(map: Map<string, T>, order: (a: [string, T], b: [string, T]) => number) =>
      Object.fromEntries([...map.entries()].sort(order));
    return {
      pages: this.pages,
      audited: this.audited,
      failed: this.failed,
      pagesWithErrors: this.withErrors,
      pagesWithWarnings: this.withWarnings,
      findings: { ...this.findings },
      known: this.known,
      byRule: sorted(
        this.byRule,
        (a, b) => b[1].findings - a[1].findings || a[0].localeCompare(b[0]),
      ),
      bySection: sorted(
        this.bySection,
        (a, b) => b[1].pages - a[1].pages || a[0].localeCompare(b[0]),
      ),
    };
  }
}

export function rowOf(page: PageAudit, report: string): PageRow {
  return {
    index: page.index,
    url: page.url,
    section: page.section,
    status: page.status,
    httpStatus: page.httpStatus,
    headline: page.headline === null ? null : page.headline.slice(0, 200),
    counts: countBySeverity(page.findings),
    rules: [...new Set(page.findings.map((f) => f.rule))].sort(),
    report,
  };
}
