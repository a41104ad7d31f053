import { type SearchQuery, searchParams } from "../search/query.js";

/**
 * The catalog's URLs, one owner: pages, API and downloads build their links here, and the server
 * registers its routes from the same prefixes.
 */

const seg = encodeURIComponent;

export const paths = {
  search: (query?: SearchQuery, change: Partial<SearchQuery> = {}): string => {
    const qs = query === undefined ? "" : searchParams(query, change);
    return qs === "" ? "/" : `/?${qs}`;
  },
  article: (collection: string, slug: string) => `/c/${seg(collection)}/${seg(slug)}`,
  author: (name: string) => `/author?name=${seg(name)}`,
  site: (site: string) => `/site/${seg(site)}`,
  /** A page's own WACZ (its captures), for the replay frame; answers range requests. */
  articleWacz: (collection: string, slug: string) => `/wacz/${seg(collection)}/${seg(slug)}.wacz`,
  articleBag: (collection: string, slug: string) =>
    `/download/c/${seg(collection)}/${seg(slug)}.bag.zip`,
  articleFile: (collection: string, slug: string, file: string) =>
    `/download/c/${seg(collection)}/${seg(slug)}/${file}`,
  /** The current result as `csv`, `jsonl`, `bag.zip` or `wacz`. */
  resultDownload: (query: SearchQuery, format: DownloadFormat): string => {
    const qs = searchParams(query, { page: 1 });
    return `/download/search.${format}${qs === "" ? "" : `?${qs}`}`;
  },
  /** A whole collection as `wacz` or `bag.zip`, streamed as it is built. */
  collectionDownload: (collection: string, format: "wacz" | "bag.zip") =>
    `/download/collection/${seg(collection)}.${format}`,
  asset: (name: string) => `/assets/${name}`,
  /** Where ReplayWeb.page's `ui.js` and `sw.js` are served (its service worker's scope). */
  replayBase: "/replay/",
} as const;

export type DownloadFormat = "csv" | "jsonl" | "bag.zip" | "wacz";
export const DOWNLOAD_FORMATS: readonly DownloadFormat[] = ["csv", "jsonl", "bag.zip", "wacz"];
