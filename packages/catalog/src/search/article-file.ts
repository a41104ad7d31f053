import { readFileSync } from "node:fs";
import { join } from "node:path";

/** An author as `article.json` stores it (a `Person`, or an `Organization` such as a wire). */
export interface StoredAuthor {
  readonly type: string;
  readonly name: string;
  readonly url: string | null;
  readonly description: string | null;
  readonly jobTitle: string | null;
  readonly image: string | null;
  readonly sameAs: readonly string[];
}

/** A person an article quotes, as `article.json` stores it. */
export interface StoredQuoted {
  readonly name: string;
  readonly jobTitle: string | null;
  readonly worksFor: string | null;
  readonly quotes: number;
}

/** What the catalog reads of `article.json` beyond the collection database's columns. */
export interface ArticleExtras {
  readonly section: string | null;
  readonly keywords: readonly string[];
  readonly siteName: string | null;
  readonly canonicalUrl: string | null;
  readonly authors: readonly StoredAuthor[];
  readonly quoted: readonly StoredQuoted[];
}

export const NO_EXTRAS: ArticleExtras = {
  section: null,
  keywords: [],
  siteName: null,
  canonicalUrl: null,
  authors: [],
  quoted: [],
};

/** `articles/<slug>` as the collection records it; anything else is not read. */
const ARTICLE_DIR = /^articles\/[a-z0-9][a-z0-9-]*$/;

const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

/**
 * Reads a page's files of the collection (`articles/<slug>/…`) by the directory the collection
 * recorded for its capture, refusing any other shape of path: the catalog never joins a path from
 * a request, and not from a database row it did not check either.
 */
export function articleFilePath(collectionDir: string, articleDir: string, file: string) {
  if (!ARTICLE_DIR.test(articleDir)) return null;
  if (!/^article\.(json|jsonld|md)$/.test(file)) return null;
  return join(collectionDir, ...articleDir.split("/"), file);
}

/** Reads a file of a page's article folder as text; null when it is missing or unreadable. */
export function readArticleFile(
  collectionDir: string,
  articleDir: string | null,
  file: "article.json" | "article.jsonld" | "article.md",
): string | null {
  if (articleDir === null) return null;
  const path = articleFilePath(collectionDir, articleDir, file);
  if (path === null) return null;
  try {
    return readFileSync(path, "utf8");
  } catch {
    return null;
  }
}

/**
 * The fields of `article.json` the catalog indexes and shows (section, keywords, the authors'
 * bios and links, the people quoted). A missing or damaged file gives empty extras: the article
 * is still indexed from the database.
 */
export function readArticleExtras(collectionDir: string, articleDir: string | null): ArticleExtras {
  const text = readArticleFile(collectionDir, articleDir, "article.json");
  if (text === null) return NO_EXTRAS;
  let json: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== "object") return NO_EXTRAS;
    json = parsed as Record<string, unknown>;
  } catch {
    return NO_EXTRAS;
  }
  const authors: StoredAuthor[] = [];
  for (const a of Array.isArray(json.authors) ? json.authors : []) {
    if (a === null || typeof a !== "object") continue;
    const o = a as Record<string, unknown>;
    const name = str(o.name);
    if (name === null) continue;
    authors.push({
      type: str(o.type) ?? "Person",
      name,
      url: str(o.url),
      description: str(o.description),
      jobTitle: str(o.jobTitle),
      image: str(o.image),
      sameAs: strings(o.sameAs),
    });
  }
  const quoted: StoredQuoted[] = [];
  for (const p of Array.isArray(json.quoted) ? json.quoted : []) {
    if (p === null || typeof p !== "object") continue;
    const o = p as Record<string, unknown>;
    const name = str(o.name);
    if (name === null) continue;
    quoted.push({
      name,
      jobTitle: str(o.jobTitle),
      worksFor: str(o.worksFor),
      quotes: Array.isArray(o.quotes) ? o.quotes.length : 0,
    });
  }
  return {
    section: str(json.section),
    keywords: strings(json.keywords),
    siteName: str(json.siteName),
    canonicalUrl: str(json.canonicalUrl),
    authors,
    quoted,
  };
}
