export type { CollectionBundle, CollectionBundleOptions } from "./bundle.js";
export { collectionBundle } from "./bundle.js";
export type { ArticleComparison } from "./changes/compare.js";
export { articleInput, compareArticles, paragraphs, renderWordDiff } from "./changes/compare.js";
export type { CollectionOptions, HistoryQuery, UrlQuery } from "./collection/collection.js";
export { COLLECTION_DB, Collection } from "./collection/collection.js";
export { SCHEMA_VERSION } from "./collection/schema.js";
export type {
  ArticleDiff,
  ArticleInput,
  ArticleRecord,
  BodyChangeSummary,
  CaptureInput,
  CaptureRecord,
  ChangedField,
  ChangeInput,
  ChangeRecord,
  CollectionStatus,
  CommitCapture,
  CommitResult,
  DiffPart,
  ErrorInfo,
  FieldChange,
  NewUrl,
  RecordInput,
  RecordRole,
  RunRecord,
  RunStatus,
  StoredRecord,
  UrlKind,
  UrlRecord,
  UrlState,
  WarcFileMark,
  WarcFileRecord,
  WarcLocation,
} from "./collection/types.js";
export type { CombinedReportRun } from "./parts.js";
export {
  collectionParts,
  combinedBundle,
  combinedReport,
  combinedStatus,
  isCollection,
  openPart,
  PARTS_DIR,
  partDir,
  recoverParts,
} from "./parts.js";
export type { ExtractedFrom, RenderJsonLdOptions } from "./render.js";
export {
  articleFiles,
  articleJson,
  renderArticleJson,
  renderJsonLd,
  renderMarkdown,
} from "./render.js";
export type {
  BrowserCapture,
  CaptureStepCallOptions,
  CaptureStepOptions,
  CaptureStepResult,
  Extractor,
} from "./snapshot/capture.js";
export { AUTO_BROWSER_MIN_WORDS, CaptureStep, changesUri } from "./snapshot/capture.js";
export type { SnapshotEvent, SnapshotProgress } from "./snapshot/events.js";
export type { ReportRun } from "./snapshot/report.js";
export { writeReport } from "./snapshot/report.js";
export type { SnapshotOptions } from "./snapshot/run.js";
export { defaultExtractWorkers, snapshot } from "./snapshot/run.js";
export { slugFor } from "./snapshot/slug.js";
export type { WarcGroup, WarcLogOptions } from "./snapshot/warc-log.js";
export { recoverWarcs, WarcLog } from "./snapshot/warc-log.js";
export type { DateSpan } from "./sources/dates.js";
export { parseSourceDate } from "./sources/dates.js";
export type { DiscoverOptions, Discovery } from "./sources/discover.js";
export { discoverUrls } from "./sources/discover.js";
export type { FetcherSourceOptions } from "./sources/fetcher.js";
export { fetcherSource } from "./sources/fetcher.js";
export type { SourceFilters, SourceScope } from "./sources/filters.js";
export { SOURCE_SCOPES, siteOf } from "./sources/filters.js";
export type { CheckListOptions, OpenFile } from "./sources/lists.js";
export { checkUrlList } from "./sources/lists.js";
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
