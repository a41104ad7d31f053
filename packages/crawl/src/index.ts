export type { RenderJsonLdOptions } from "./render.js";
export {
  articleFiles,
  articleJson,
  renderArticleJson,
  renderJsonLd,
  renderMarkdown,
} from "./render.js";
export type { SnapshotEvent } from "./snapshot/events.js";
export type { SnapshotOptions } from "./snapshot/run.js";
export { snapshot } from "./snapshot/run.js";
export { slugFor } from "./snapshot/slug.js";
export type { DateSpan } from "./sources/dates.js";
export { parseSourceDate } from "./sources/dates.js";
export type { DiscoverOptions, Discovery } from "./sources/discover.js";
export { discoverUrls } from "./sources/discover.js";
export type { FetcherSourceOptions } from "./sources/fetcher.js";
export { fetcherSource } from "./sources/fetcher.js";
export type { SourceFilters, SourceScope } from "./sources/filters.js";
export { SOURCE_SCOPES, siteOf } from "./sources/filters.js";
export { describeProblem } from "./sources/problems.js";
export type {
  DiscoveredUrl,
  DocumentFormat,
  FetchedDocument,
  SourceEvent,
  SourceFetcher,
  SourceInput,
  SourceProblem,
  SourceProblemCode,
  SourceProblemSeverity,
  SourceRef,
  SourceSummary,
} from "./sources/types.js";
