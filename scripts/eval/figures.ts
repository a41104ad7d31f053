/**
 * Per-field figures from scored pages: accuracy (hits over pages with an expectation), and, since
 * a wrong value is worse than none for some fields (a wrong author becomes a wrong `Person`),
 * precision (hits over pages where a value was given) and recall (hits over all expectations);
 * with the spread of accuracy over the site folds.
 */
import type { MetaField, MetaRow } from "./run.js";

export interface FieldFigures {
  readonly total: number;
  readonly given: number;
  readonly hits: number;
  /** hits / total: the README's per-field accuracy, which is also the recall. */
  readonly accuracy: number;
  /** hits / given; 1 when nothing was given. */
  readonly precision: number;
  /** Accuracy in each fold that has an expectation for the field, in fold order. */
  readonly byFold: readonly number[];
}

export function fieldFigures(rows: readonly MetaRow[], field: MetaField): FieldFigures {
  let total = 0;
  let given = 0;
  let hits = 0;
  const folds = new Map<number, { hits: number; total: number }>();
  for (const row of rows) {
    const outcome = row.outcomes[field];
    if (outcome === undefined) continue;
    total++;
    if (outcome !== "none") given++;
    if (outcome === "hit") hits++;
    const f = folds.get(row.fold) ?? { hits: 0, total: 0 };
    f.total++;
    if (outcome === "hit") f.hits++;
    folds.set(row.fold, f);
  }
  const byFold = [...folds.entries()].sort((a, b) => a[0] - b[0]).map(([, f]) => f.hits / f.total);
  return {
    total,
    given,
    hits,
    accuracy: total ? hits / total : 0,
    precision: given ? hits / given : 1,
    byFold,
  };
}

const pct = (v: number): string => `${(100 * v).toFixed(1)}%`;

/** "author 80.4% (378/470) · P 89.2% (424 given) · folds 72–88%" */
export function formatField(field: MetaField, f: FieldFigures, withPrecision: boolean): string {
  if (f.total === 0) return `${field} -`;
  const min = Math.min(...f.byFold);
  const max = Math.max(...f.byFold);
  const spread = f.byFold.length > 1 ? ` [folds ${pct(min)}–${pct(max)}]` : "";
  const precision = withPrecision ? `, precision ${pct(f.precision)} of ${f.given} given` : "";
  return `${field} ${pct(f.accuracy)} (${f.hits}/${f.total}${precision})${spread}`;
}
