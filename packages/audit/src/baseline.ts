import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { VellumError } from "@vellum/model";
import type { AuditFinding, PageAudit } from "./types.js";

/** `audit.json`'s format name: a baseline must carry it. */
export const AUDIT_FORMAT = "vellum-audit/1";

/**
 * What identifies a finding from one audit to the next: the page, the rule and where in the
 * markup, not the message (which quotes values that may change) or the line (which moves when
 * anything above it changes).
 */
export function fingerprint(url: string, finding: AuditFinding): string {
  return createHash("sha256")
    .update([url, finding.rule, finding.source, finding.item ?? "", finding.path].join("\u0000"))
    .digest("hex")
    .slice(0, 32);
}

/** The fingerprints of every finding of a previous `audit.json`. */
export async function readBaseline(path: string): Promise<ReadonlySet<string>> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    throw new VellumError("input-not-found", "cannot read the baseline", {
      value: path,
      hint: "give the audit.json of a previous vellum audit",
      cause,
    });
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (cause) {
    throw new VellumError("input-invalid", "the baseline is not valid JSON", {
      value: path,
      hint: "give the audit.json of a previous vellum audit",
      cause,
    });
  }
  const pages = (doc as { format?: unknown; pages?: unknown }).pages;
  if ((doc as { format?: unknown }).format !== AUDIT_FORMAT || !Array.isArray(pages)) {
    throw new VellumError("input-invalid", "the baseline is not a vellum audit.json", {
      value: path,
      hint: `expected "format": "${AUDIT_FORMAT}"`,
    });
  }
  const out = new Set<string>();
  for (const page of pages as Array<{ findings?: Array<{ fingerprint?: unknown }> }>) {
    for (const f of page.findings ?? [])
      if (typeof f.fingerprint === "string") out.add(f.fingerprint);
  }
  return out;
}

/** The page with the findings the baseline already had, and the disabled rules', left out. */
export function reportable(
  page: PageAudit,
  disabled: ReadonlySet<string>,
  baseline: ReadonlySet<string> | null,
): { page: PageAudit; known: number } {
  let known = 0;
  const findings = page.findings.filter((f) => {
    if (disabled.has(f.rule)) return false;
    if (baseline?.has(fingerprint(page.url, f))) {
      known += 1;
      return false;
    }
    return true;
  });
  return { page: { ...page, findings }, known };
}
