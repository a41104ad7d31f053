export type {
  Article,
  ArticleBody,
  ArticleField,
  Author,
  Breadcrumb,
  ImageRef,
  Organization,
  Person,
  Provenance,
  Warning,
} from "./article.js";
export { emptyArticle } from "./article.js";
export type { Capture, Exchange, HeaderList, Payload, TlsInfo, Truncation } from "./capture.js";
export { bytesPayload, headerValue } from "./capture.js";
export type { Clock, IdSource } from "./clock.js";
export { countingIds, fixedClock, randomIds, systemClock } from "./clock.js";
export type { VellumErrorCode, VellumErrorOptions } from "./errors.js";
export { isVellumError, VellumError } from "./errors.js";
export type { RequestAnswer, RequestGate } from "./gate.js";
export { asArray, declaredTypes, isJsonObject } from "./json-ld.js";
export {
  BYLINE_PARTICLES,
  BYLINE_VERBS,
  BYLINE_WORDS,
  FOREIGN_BYLINE_WORDS,
  NEWS_AGENCY_BYLINES,
  NEWS_AGENCY_NAMES,
} from "./newsroom.js";
export type {
  ArticlePeople,
  MentionedPerson,
  QuotedPerson,
  SpeechKind,
  Statement,
  UnnamedSource,
} from "./people.js";
export type {
  DerivedDocument,
  PageRenderer,
  RenderedCapture,
  RenderOptions,
} from "./rendered.js";
export type { RunSummary, SnapshotReport, UrlOutcome, UrlReport } from "./report.js";
export { absoluteUrl } from "./urls.js";
export { userAgent, VELLUM_HOMEPAGE, VELLUM_VERSION } from "./version.js";
export { VellumWarcHeader } from "./warc-headers.js";
