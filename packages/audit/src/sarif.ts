import { VELLUM_HOMEPAGE, VELLUM_VERSION } from "@vellum/model";
import type { Log, ReportingDescriptor, Result } from "sarif";
import { fingerprint } from "./baseline.js";
import type { AuditRule } from "./rules.js";
import type { PageAudit } from "./types.js";

const LEVEL = { error: "error", warning: "warning", info: "note" } as const;

/**
 * SARIF 2.1.0 (OASIS), the format code-scanning dashboards read: one run, the rules as the
 * tool's reporting descriptors, one result per finding located at the page URL (and the line
 * of its block) with the JSON path as a logical location.
 */
export function sarifLog(rules: readonly AuditRule[], pages: Iterable<PageAudit>): Log {
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const descriptors: ReportingDescriptor[] = rules.map((r) => ({
    id: r.id,
    shortDescription: { text: r.summary },
    helpUri: r.guidance,
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { tags: [r.group] },
  }));
  const results: Result[] = [];
  for (const page of pages) {
    for (const f of page.findings) {
      results.push({
        ruleId: f.rule,
        ...(ruleIndex.has(f.rule) ? { ruleIndex: ruleIndex.get(f.rule) as number } : {}),
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: page.url },
              ...(f.line === null ? {} : { region: { startLine: f.line } }),
            },
            logicalLocations: [
              {
                fullyQualifiedName:
                  f.source === "page" ? f.path : `${f.source}[${f.item ?? 0}]${f.path.slice(1)}`,
                kind: "member",
              },
            ],
          },
        ],
        partialFingerprints: { "vellumFinding/v1": fingerprint(page.url, f) },
      });
    }
  }
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "Vellum audit",
            version: VELLUM_VERSION,
            informationUri: VELLUM_HOMEPAGE,
            rules: descriptors,
          },
        },
        results,
      },
    ],
  };
}
