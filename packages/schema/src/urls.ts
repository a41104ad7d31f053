/** Whether a string is an absolute http(s) URL, the only kind Google fetches. */
export function isHttpUrl(value: string): boolean {
  if (!/^https?:\/\//i.test(value)) return false;
  try {
    new URL(value);
    return true;
  } catch {
    return false;
  }
}

/** Whether a string is an absolute IRI of any scheme (`mailto:`, `urn:`, `https:` …). */
export function isAbsoluteIri(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\S+$/i.test(value) && !/\s/.test(value);
}

/** `https://example.com/` for any URL on that site. */
export function siteRoot(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== "http:" && u.protocol !== "https:") return null;
    return `${u.origin}/`;
  } catch {
    return null;
  }
}
