import type {
  SourceProblem,
  SourceProblemCode,
  SourceProblemSeverity,
  SourceRef,
} from "./types.js";

const ERRORS: ReadonlySet<SourceProblemCode> = new Set<SourceProblemCode>([
  "source-unreachable",
  "source-http-status",
  "source-truncated",
  "source-too-large",
  "gzip-bomb",
  "gzip-damaged",
  "xml-malformed",
  "html-not-xml",
  "not-a-sitemap",
  "not-a-feed",
  "json-malformed",
  "sitemap-loop",
  "sitemap-too-deep",
  "too-many-documents",
  "list-unreadable",
  "no-sitemap",
]);

export function severityOf(code: SourceProblemCode): SourceProblemSeverity {
  return ERRORS.has(code) ? "error" : "warning";
}

/**
 * Thrown inside the readers to stop one document: the URLs it yielded before stay found, the
 * problem is reported, and the run goes on with the next document.
 */
export class SourceFault extends Error {
  override readonly name = "SourceFault";
  readonly code: SourceProblemCode;
  readonly hint: string;
  readonly example: string | undefined;

  constructor(code: SourceProblemCode, message: string, hint: string, example?: string) {
    super(message);
    this.code = code;
    this.hint = hint;
    this.example = example;
  }
}

export function problem(
  source: SourceRef,
  code: SourceProblemCode,
  message: string,
  hint: string,
  extra: { count?: number; example?: string | undefined } = {},
): SourceProblem {
  return {
    code,
    severity: severityOf(code),
    source,
    message,
    hint,
    count: extra.count ?? 1,
    ...(extra.example === undefined ? {} : { example: extra.example }),
  };
}

/** One line for a terminal: severity, code, where, what, the first example, what to do. */
export function describeProblem(p: SourceProblem): string {
  const times = p.count > 1 ? ` (${p.count.toLocaleString("en-US")} times)` : "";
  const example = p.example === undefined ? "" : `: ${p.example}`;
  return `${p.severity} ${p.code}: ${p.source.kind} ${p.source.location}: ${p.message}${times}${example} (${p.hint})`;
}

/**
 * Warnings that can repeat thousands of times in one document (a bad date on every entry) are
 * counted and reported once, with the first example.
 */
export class ProblemTally {
  readonly #counts = new Map<
    SourceProblemCode,
    { count: number; example: string | undefined; message: string; hint: string }
  >();

  add(code: SourceProblemCode, message: string, hint: string, example?: string): void {
    const entry = this.#counts.get(code);
    if (entry === undefined) this.#counts.set(code, { count: 1, example, message, hint });
    else entry.count += 1;
  }

  drain(source: SourceRef): SourceProblem[] {
    const out: SourceProblem[] = [];
    for (const [code, e] of this.#counts)
      out.push(problem(source, code, e.message, e.hint, { count: e.count, example: e.example }));
    this.#counts.clear();
    return out;
  }
}
