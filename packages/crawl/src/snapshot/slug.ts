import { createHash } from "node:crypto";

const MAX_SLUG = 80;

/**
 * A directory name for a page: host and path in lowercase ASCII letters, digits and dashes, so
 * it is safe on every file system (no `..`, no separators, no reserved characters) and still
 * tells a person which page it is. Long or colliding slugs get a short hash of the whole URL.
 */
export function slugFor(url: string): string {
  let readable: string;
  try {
    const u = new URL(url);
    readable = `${u.hostname}${u.port === "" ? "" : `-${u.port}`}${u.pathname}${u.search}`;
  } catch {
    readable = url;
  }
  const base = readable
    .normalize("NFKD")
    .toLowerCase()
    .replace(/^www\./, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (base.length === 0) return `page-${shortHash(url)}`;
  if (base.length <= MAX_SLUG) return base;
  return `${base.slice(0, MAX_SLUG - 9).replace(/-+$/, "")}-${shortHash(url)}`;
}

export function shortHash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/** Slugs for a list of URLs, unique among themselves (a clash gets the URL's hash appended). */
export function uniqueSlugs(urls: readonly string[]): string[] {
  const taken = new Set<string>();
  return urls.map((url) => {
    let slug = slugFor(url);
    if (taken.has(slug)) slug = `${slug.slice(0, MAX_SLUG - 9)}-${shortHash(url)}`;
    for (let n = 2; taken.has(slug); n += 1) slug = `${slugFor(url)}-${n}`;
    taken.add(slug);
    return slug;
  });
}
