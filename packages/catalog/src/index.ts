export type {
  ArticleView,
  CatalogCollection,
  CatalogOptions,
  FacetValue,
  FacetView,
  ResultItem,
  SearchResult,
} from "./catalog.js";
export { Catalog } from "./catalog.js";
export type { ArticleExtras, StoredAuthor, StoredQuoted } from "./search/article-file.js";
export type { FacetName, ParsedText, SearchQuery, SortOrder } from "./search/query.js";
export {
  FACET_NAMES,
  parseSearchParams,
  parseText,
  SEARCH_LIMITS,
  SORT_ORDERS,
  searchParams,
} from "./search/query.js";
export type {
  CatalogDoc,
  CatalogPerson,
  IndexHit,
  IndexSearchResult,
  SearchIndexOptions,
  SyncResult,
} from "./search/search-index.js";
export { INDEX_DB, SearchIndex } from "./search/search-index.js";
export { escapeHtml, safeHref } from "./web/html.js";
export type { DownloadFormat } from "./web/paths.js";
export { DOWNLOAD_FORMATS, paths } from "./web/paths.js";
export type { CatalogServerOptions, ServeOptions } from "./web/server.js";
export { catalogSoftware, createCatalogServer, serveCatalog } from "./web/server.js";
