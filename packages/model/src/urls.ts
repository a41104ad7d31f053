/**
 * The URL rule shared by extraction (links, images, author pages read from a page) and the
 * schema builder and validator: one answer to "what absolute http(s) URL does this value name".
 */

/**
 * `value` made absolute against `base` when it names an http(s) URL; null for anything else
 * (empty, `data:`, `javascript:`, `mailto:`, unparsable). `data:` and `javascript:` are refused
 * before parsing: an inline image can be megabytes long.
 */
export function absoluteUrl(value: string | null | undefined, base: string | null): string | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (!trimmed || trimmed.startsWith("data:") || trimmed.startsWith("javascript:")) return null;
  try {
    const url = base ? new URL(trimmed, base) : new URL(trimmed);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  } catch {
    return null;
  }
}
