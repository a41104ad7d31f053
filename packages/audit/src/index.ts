export { AUDIT_FORMAT, fingerprint, readBaseline } from "./baseline.js";
export { collectionSource } from "./collection.js";
export type { ReportMeta } from "./html.js";
export type { AuditPageOptions } from "./page.js";
export { auditPage } from "./page.js";
export type { AuditRule, RuleGroup } from "./rules.js";
export { AUDIT_RULES, auditRule, disabledRules } from "./rules.js";
export type { AuditOptions, AuditResult, FailOn } from "./run.js";
export { runAudit } from "./run.js";
export { sectionOf } from "./section.js";
export { discoveredSource, fileSource, pageFromResponse, urlSource } from "./sources.js";
export type { AuditSummary, PageRow, SeverityCounts } from "./summary.js";
export type {
  AuditFinding,
  AuditFix,
  AuditInput,
  AuditInputFailure,
  AuditItem,
  AuditSource,
  ConsistencyField,
  FieldComparison,
  FindingSource,
  PageAudit,
  PageStatus,
  PatchOperation,
} from "./types.js";
