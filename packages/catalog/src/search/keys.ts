/**
 * How names and codes are compared across pages and collections: one owner, so a facet value, a
 * filter, an author page and an index row agree on who "Jane Doe" is.
 */

/** A person's name as a key: Unicode-normalised, case-folded, spaces collapsed. */
export function nameKey(name: string): string {
  return name.normalize("NFKC").toLocaleLowerCase("und").replace(/\s+/gu, " ").trim();
}

/** A BCP 47 tag's language (`en-US` → `en`), lowercase; null for anything that is not one. */
export function languageKey(tag: string | null): string | null {
  if (tag === null) return null;
  const m = /^([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*$/i.exec(tag.trim());
  return m?.[1] === undefined ? null : m[1].toLowerCase();
}

/** `YYYY-MM` of an ISO 8601 date as the page wrote it (its own day, not shifted to UTC). */
export function monthOf(date: string | null): string | null {
  const m = date === null ? null : /^(\d{4})-(\d{2})/.exec(date);
  if (m === null || m[1] === undefined || m[2] === undefined) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? `${m[1]}-${m[2]}` : null;
}

/** Characters the index uses to mark highlights; removed from every indexed text. */
export const MARK_START = "\uE000";
export const MARK_END = "\uE001";

/** Text ready to index: no highlight markers, no NUL or other C0 controls but tab and newline. */
export function cleanText(text: string | null): string {
  if (text === null) return "";
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  return text.replace(/[\uE000\uE001\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/gu, "");
}
