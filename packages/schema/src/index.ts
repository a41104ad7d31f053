export type { NormalizedDate } from "./dates.js";
export { normalizeDate } from "./dates.js";
export { buildJsonLd } from "./graph.js";
export type { PageJsonLdBlock } from "./html.js";
export { extractJsonLdFromHtml } from "./html.js";
export { nameHash } from "./ids.js";
export type { NameProblem, NameProblemCode } from "./names.js";
export { authorNameProblems, cleanAuthorNames } from "./names.js";
export { childPath } from "./paths.js";
export { embedJsonLd, formatReport } from "./report.js";
export type { Rule, ValidationCode } from "./rules.js";
export { VALIDATION_RULES, validationRule } from "./rules.js";
export type {
  Finding,
  JsonLdDocument,
  JsonLdOptions,
  Severity,
  ValidateOptions,
  ValidationReport,
} from "./types.js";
export { validateJsonLd } from "./validate.js";
export type { Vocabulary, VocabularyData, VocabularyProperty } from "./vocabulary.js";
export {
  loadVocabulary,
  vocabularyDataFromSchemaOrgJsonLd,
  vocabularyFromData,
} from "./vocabulary.js";
