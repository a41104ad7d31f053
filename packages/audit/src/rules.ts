import { VellumError } from "@vellum/model";
import { type Rule, VALIDATION_RULES } from "@vellum/schema";

/** What a rule looks at: the markup's syntax and vocabulary, Google's guidance, the page. */
export type RuleGroup = "syntax" | "vocabulary" | "google" | "consistency" | "page";

/** A rule of the audit: the validator's rules, the consistency checks and the page checks. */
export interface AuditRule extends Rule {
  readonly group: RuleGroup;
}

const ARTICLE = "https://developers.google.com/search/docs/appearance/structured-data/article";
const POLICIES = "https://developers.google.com/search/docs/appearance/structured-data/sd-policies";
const VISIBLE = `${POLICIES}#content`;

const SYNTAX = new Set([
  "invalid-json",
  "invalid-jsonld",
  "missing-context",
  "foreign-context",
  "http-context",
  "invalid-graph",
  "graph-with-properties",
  "invalid-keyword",
  "invalid-type",
  "invalid-id",
  "relative-id",
  "dangling-id",
  "nested-array",
]);

function groupOf(rule: Rule): RuleGroup {
  if (SYNTAX.has(rule.id)) return "syntax";
  if (/^(?:headline|image|date|modified|author)-/.test(rule.id)) return "google";
  return "vocabulary";
}

/**
 * The audit's own rules: the markup held against the page it sits on, and the page as a whole.
 * A disagreement between markup and the visible page is what Google's policies call marking up
 * content that is not visible to readers.
 */
const OWN_RULES: readonly AuditRule[] = [
  {
    id: "markup-headline-differs",
    severity: "error",
    group: "consistency",
    summary: "The markup's headline is not the headline the page shows.",
    guidance: VISIBLE,
  },
  {
    id: "markup-author-differs",
    severity: "error",
    group: "consistency",
    summary: "The markup names authors other than those the page shows.",
    guidance: VISIBLE,
  },
  {
    id: "markup-date-differs",
    severity: "error",
    group: "consistency",
    summary: "The markup's datePublished is another day than the date the page shows.",
    guidance: `${ARTICLE}#datePublished`,
  },
  {
    id: "markup-image-differs",
    severity: "warning",
    group: "consistency",
    summary: "None of the markup's images is the page's lead image.",
    guidance: `${ARTICLE}#image`,
  },
  {
    id: "markup-description-differs",
    severity: "warning",
    group: "consistency",
    summary: "The markup's description is not the page's own description.",
    guidance: VISIBLE,
  },
  {
    id: "no-structured-data",
    severity: "warning",
    group: "page",
    summary: "The page has no JSON-LD, microdata or RDFa: search engines get no article data.",
    guidance: ARTICLE,
  },
  {
    id: "no-article-markup",
    severity: "warning",
    group: "page",
    summary: "The page's structured data describes no Article (NewsArticle, BlogPosting …).",
    guidance: ARTICLE,
  },
  {
    id: "page-not-audited",
    severity: "error",
    group: "page",
    summary: "The page could not be fetched or read, so it was not audited.",
    guidance: "https://developers.google.com/search/docs/crawling-indexing/http-network-errors",
  },
];

/** Every rule, in the order `vellum audit --rules` lists them. */
export const AUDIT_RULES: readonly AuditRule[] = [
  ...VALIDATION_RULES.map((r) => ({ ...r, group: groupOf(r) })),
  ...OWN_RULES,
];

const BY_ID: ReadonlyMap<string, AuditRule> = new Map(AUDIT_RULES.map((r) => [r.id, r]));

export function auditRule(id: string): AuditRule | undefined {
  return BY_ID.get(id);
}

/** The severity of a rule's findings: the catalog is the one place it is set. */
export function severityOf(id: string): AuditRule["severity"] {
  const rule = BY_ID.get(id);
  if (rule === undefined) throw new Error(`audit rule ${id} is not in the catalog`);
  return rule.severity;
}

/** The ids named by `--disable`, checked: a misspelt rule must not silently disable nothing. */
export function disabledRules(ids: readonly string[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const raw of ids) {
    for (const id of raw.split(",").map((s) => s.trim())) {
      if (id === "") continue;
      if (!BY_ID.has(id)) {
        throw new VellumError("usage", "no such audit rule", {
          value: id,
          hint: "vellum audit --rules lists them",
        });
      }
      out.add(id);
    }
  }
  return out;
}
