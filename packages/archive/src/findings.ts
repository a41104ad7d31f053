/** How bad a finding is: an `error` makes the object unsound; a `warning` does not. */
export type FindingSeverity = "error" | "warning";

/**
 * One thing `verify` noticed, with a stable kebab-case code and the path it concerns (null: the
 * archive as a whole). Not `@vellum/schema`'s `Finding`, which validates JSON-LD and has `info`.
 */
export interface Finding {
  readonly severity: FindingSeverity;
  readonly code: string;
  readonly path: string | null;
  readonly message: string;
}

export type VerifiedKind = "bag" | "wacz" | "warc";

export interface VerifyResult {
  readonly kind: VerifiedKind;
  readonly path: string;
  /** True when there is no `error` finding. */
  readonly ok: boolean;
  readonly findings: readonly Finding[];
  /** Files (or records, for a WARC) checked and bytes hashed. */
  readonly checked: { readonly items: number; readonly bytes: number };
}

export function error(code: string, path: string | null, message: string): Finding {
  return { severity: "error", code, path, message };
}

export function warning(code: string, path: string | null, message: string): Finding {
  return { severity: "warning", code, path, message };
}
