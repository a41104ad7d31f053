/**
 * The section of the site a page belongs to, as SEO tools group pages: the first directory of
 * its URL path (`/news/2024/05/x` → `news`), skipping date parts and language codes (`/2024/`,
 * `/en/`) that cut across sections. A page at the top of the site is in `/`; a local file
 * without a URL in `(files)`.
 */
export function sectionOf(url: string | null): string {
  if (url === null) return "(files)";
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "(files)";
  }
  const segments = parsed.pathname.split("/").filter((s) => s !== "");
  // The last segment is the page itself, not a section.
  const dirs = segments.slice(0, -1);
  const section =
    dirs.find((s) => !/^\d+$/.test(s) && !/^[a-z]{2}(?:-[a-z]{2})?$/i.test(s)) ?? null;
  return section === null ? "/" : decodeSegment(section).toLowerCase();
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
