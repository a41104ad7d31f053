/**
 * A location resolved against its base into the absolute http(s) URL a crawler fetches: the
 * WHATWG parser's form (lower-case host, default port dropped, spaces percent-encoded), without
 * the fragment, which never reaches the server. Null for anything else (`mailto:`, `tag:` ids,
 * text that is no URL). An empty `base` admits absolute locations only.
 */
export function httpUrl(location: string, base: string): string | null {
  return parseHttpUrl(location, base)?.href ?? null;
}

/** `httpUrl` as a parsed URL, for a caller that goes on to look at its parts. */
export function parseHttpUrl(location: string, base: string): URL | null {
  let url: URL;
  try {
    url = base === "" ? new URL(location) : new URL(location, base);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  if (url.hostname === "") return null;
  url.hash = "";
  return url;
}
