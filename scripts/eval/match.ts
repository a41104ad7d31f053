/** The metadata matching rules of ../shared/eval/README.md, one function per field kind. */
import { decodeHTML } from "entities";

/**
 * HTML character references decoded (some annotations keep `&quot;` or `&#8211;` raw; a page's
 * text never holds them once parsed), then Unicode NFKC, whitespace collapsed, lower case.
 */
export function normalize(value: string): string {
  return decodeHTML(value).normalize("NFKC").replace(/\s+/gu, " ").trim().toLowerCase();
}

/** title, description, publisher: equal after normalisation; a missing prediction never matches. */
export function textMatches(expected: string, got: string | null | undefined): boolean {
  if (got == null) return false;
  return normalize(expected) === normalize(got);
}

/**
 * Character references decoded first (so "A &amp; B" is two names), then split on
 * `; , & and und`, a leading "By"/"Von" dropped, normalised; empty names dropped.
 */
export function authorNames(values: readonly string[]): string[] {
  const names: string[] = [];
  for (const value of values) {
    for (const part of decodeHTML(value).split(/\s*(?:;|,|&|\band\b|\bund\b)\s*/iu)) {
      const name = normalize(part.replace(/^\s*(?:by|von)\s+/iu, ""));
      if (name) names.push(name);
    }
  }
  return names;
}

/** Some expected name equals some extracted name. */
export function authorMatches(expected: readonly string[], got: readonly string[]): boolean {
  const wanted = new Set(authorNames(expected));
  return authorNames(got).some((name) => wanted.has(name));
}

/** The calendar day: as written for `YYYY-MM-DD`, the UTC day for an instant with a time. */
export function calendarDay(value: string): string | null {
  const trimmed = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/u.test(trimmed)) return trimmed;
  const time = Date.parse(trimmed);
  if (Number.isNaN(time)) {
    const day = /^(\d{4}-\d{2}-\d{2})/u.exec(trimmed);
    return day?.[1] ?? null;
  }
  // A local time without an offset has no instant; its written day is the day.
  if (/^\d{4}-\d{2}-\d{2}T[\d:.]+$/u.test(trimmed)) return trimmed.slice(0, 10);
  return new Date(time).toISOString().slice(0, 10);
}

export function dateMatches(expected: string, got: string | null | undefined): boolean {
  if (got == null) return false;
  const want = calendarDay(expected);
  return want !== null && want === calendarDay(got);
}

/** The same URL ignoring query string and fragment. */
export function imageMatches(expected: string, got: string | null | undefined): boolean {
  if (got == null) return false;
  return stripQuery(expected) === stripQuery(got);
}

function stripQuery(url: string): string {
  return url.trim().replace(/[?#].*$/su, "");
}
