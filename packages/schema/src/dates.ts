/**
 * Dates for Google's Article guidance: ISO 8601 with a time zone when a time is known, the bare
 * day when only the day is known, never a value we made up.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
// ISO 8601 extended format (schema.org DateTime: [-]CCYY-MM-DDThh:mm:ss[Z|(+|-)hh:mm]).
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/** `partial`: a year or a month (ISO 8601 reduced precision), valid but not a day. */
export type DateShape = "date" | "partial" | "date-time" | "date-time-no-zone" | "invalid";

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return d <= days;
}

/** Classifies a date string by the ISO 8601 forms schema.org Date and DateTime accept. */
export function dateShape(value: string): DateShape {
  const partial = /^(\d{4})(?:-(\d{2}))?$/.exec(value);
  if (partial)
    return partial[2] === undefined || validDay(2000, Number(partial[2]), 1)
      ? "partial"
      : "invalid";
  const day = DATE.exec(value);
  if (day) return validDay(Number(day[1]), Number(day[2]), Number(day[3])) ? "date" : "invalid";
  const dt = DATE_TIME.exec(value);
  if (!dt) return "invalid";
  if (!validDay(Number(dt[1]), Number(dt[2]), Number(dt[3]))) return "invalid";
  if (Number(dt[4]) > 24 || Number(dt[5]) > 59 || Number(dt[6] ?? 0) > 60) return "invalid";
  if (dt[7] !== undefined) {
    const zone = dt[7].replace(":", "");
    if (zone !== "Z" && (Number(zone.slice(1, 3)) > 14 || Number(zone.slice(3)) > 59))
      return "invalid";
    return "date-time";
  }
  return "date-time-no-zone";
}

export interface NormalizedDate {
  readonly value: string | null;
  /** Why the value was changed or dropped, for a warning. */
  readonly problem: string | null;
}

/**
 * The value to emit for a date: kept when sound; a time without a zone is cut to its day (the day
 * is known, the instant is not, and a zone would be invented); anything else is left out.
 */
export function normalizeDate(value: string | null): NormalizedDate {
  if (value === null) return { value: null, problem: null };
  const trimmed = value.trim();
  switch (dateShape(trimmed)) {
    case "date":
      return { value: trimmed, problem: null };
    case "date-time":
      // A space separator is allowed by RFC 3339 but not by ISO 8601 proper.
      return { value: trimmed.replace(" ", "T"), problem: null };
    case "date-time-no-zone":
      return {
        value: trimmed.slice(0, 10),
        problem: `"${value}" has a time but no time zone; kept only the day`,
      };
    case "partial":
      return { value: null, problem: `"${value}" gives no day; left out` };
    case "invalid":
      return { value: null, problem: `"${value}" is not an ISO 8601 date; left out` };
  }
}
