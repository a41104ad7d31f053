/**
 * Dates as sitemaps and feeds write them: W3C Datetime / RFC 3339 (`<lastmod>`, Atom, JSON Feed,
 * `news:publication_date`) and RFC 822/2822 (RSS `pubDate`). Page text has its own, far looser
 * parser in extract; these fields have a grammar, and a value outside it is reported rather
 * than guessed at. Results are independent of the machine's time zone.
 */

/** A date as a span of time: an instant has `end === start`, a day lasts 24 hours. */
export interface DateSpan {
  /** `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or a UTC instant `YYYY-MM-DDTHH:MM:SSZ`. */
  readonly text: string;
  readonly start: number;
  /** Exclusive end (ms); equal to `start` for an instant. */
  readonly end: number;
}

const W3C =
  /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([Zz]|[+-]\d{2}(?::?\d{2})?)?)?)?)?$/;

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** RFC 822 §5.1 zones; military single letters are too often wrong to trust and read as UTC. */
const ZONES: Readonly<Record<string, number>> = {
  ut: 0,
  utc: 0,
  gmt: 0,
  z: 0,
  est: -5 * 60,
  edt: -4 * 60,
  cst: -6 * 60,
  cdt: -5 * 60,
  mst: -7 * 60,
  mdt: -6 * 60,
  pst: -8 * 60,
  pdt: -7 * 60,
};

const RFC822 =
  /^(?:[A-Za-z]{2,9},?\s+)?(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{2}|\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([A-Za-z]{1,5}|[+-]\d{4}|[+-]\d{2}:\d{2})?$/;

const DAY_MS = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

function validDay(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  return new Date(Date.UTC(y, m - 1, d)).getUTCMonth() === m - 1;
}

function instant(ms: number): DateSpan {
  return { text: new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z"), start: ms, end: ms };
}

function offsetMinutes(zone: string): number | null {
  if (/^[+-]\d{2}:?\d{2}$/.test(zone) || /^[+-]\d{2}$/.test(zone)) {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "");
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (hours > 23 || minutes > 59) return null;
    return sign * (hours * 60 + minutes);
  }
  const named = ZONES[zone.toLowerCase()];
  if (named !== undefined) return named;
  // RFC 822 military zones other than Z: RFC 2822 §4.3 says to read them as -0000.
  return /^[A-IK-Za-ik-z]$/.test(zone) ? 0 : null;
}

function w3c(value: string): DateSpan | null {
  const m = W3C.exec(value);
  if (m === null) return null;
  const y = Number(m[1]);
  if (m[2] === undefined)
    return { text: m[1] as string, start: Date.UTC(y, 0, 1), end: Date.UTC(y + 1, 0, 1) };
  const mo = Number(m[2]);
  if (mo < 1 || mo > 12) return null;
  if (m[3] === undefined)
    return { text: `${m[1]}-${m[2]}`, start: Date.UTC(y, mo - 1, 1), end: Date.UTC(y, mo, 1) };
  const d = Number(m[3]);
  if (!validDay(y, mo, d)) return null;
  const day = Date.UTC(y, mo - 1, d);
  if (m[4] === undefined) return { text: `${m[1]}-${m[2]}-${m[3]}`, start: day, end: day + DAY_MS };
  const h = Number(m[4]);
  const min = Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (h > 24 || min > 59 || s > 60 || (h === 24 && (min > 0 || s > 0))) return null;
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000);
  // A time without a zone is not W3C Datetime, but common ("2024-05-01 10:00:00"); read as UTC,
  // at most a day off, rather than the machine's own zone.
  const offset = m[8] === undefined ? 0 : offsetMinutes(m[8]);
  if (offset === null) return null;
  return instant(day + ((h * 60 + min - offset) * 60 + Math.min(s, 59)) * 1000 + ms);
}

function rfc822(value: string): DateSpan | null {
  const m = RFC822.exec(value);
  if (m === null) return null;
  const d = Number(m[1]);
  const mo = MONTHS[(m[2] as string).toLowerCase()];
  if (mo === undefined) return null;
  let y = Number(m[3]);
  // RFC 2822 §4.3: two-digit years below 50 are 20xx.
  if ((m[3] as string).length === 2) y += y < 50 ? 2000 : 1900;
  if (!validDay(y, mo, d)) return null;
  const h = Number(m[4]);
  const min = Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  if (h > 23 || min > 59 || s > 60) return null;
  const offset = m[7] === undefined ? 0 : offsetMinutes(m[7]);
  if (offset === null) return null;
  return instant(Date.UTC(y, mo - 1, d) + ((h * 60 + min - offset) * 60 + Math.min(s, 59)) * 1000);
}

/** Parses a sitemap or feed date; null when it follows neither grammar. */
export function parseSourceDate(raw: string): DateSpan | null {
  const value = raw.trim();
  if (value === "") return null;
  return w3c(value) ?? rfc822(value);
}

/** `YYYY-MM-DD` of a span's start (for messages). */
export function dayOf(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}
