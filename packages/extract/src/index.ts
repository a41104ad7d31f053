export type { AuthorBox, ContentOptions, ContentResult, Renderings } from "./content/index.js";
export { extractContent } from "./content/index.js";
export type { DecodedHtml, DecodeSource } from "./decode/decode.js";
export { charsetFromContentType, decodeHtml, isUtf8Prefix, sniffBom } from "./decode/decode.js";
export { encodingForLabel, iconvName } from "./decode/labels.js";
export type { ExtractOptions, MarkupReading, VisibleFields } from "./extract.js";
export { extract, extractWithMarkup } from "./extract.js";
export type { AuthorCandidate, AuthorRule } from "./metadata/authors/candidates.js";
export type { RankModel, RankTree, ScoredCandidate } from "./metadata/authors/rank.js";
export type { ParseDateOptions } from "./metadata/dates.js";
export { parseDate } from "./metadata/dates.js";
export type { NameOptions } from "./metadata/names.js";
export { splitNames } from "./metadata/names.js";
export type {
  CountingExtractPool,
  ExtractPool,
  ExtractPoolOptions,
  PoolExtractOptions,
} from "./pool.js";
export { createExtractPool } from "./pool.js";
export type { JsonLdParseResult } from "./structured/jsonld.js";
export { parseJsonLd } from "./structured/jsonld.js";
export type { MarkupBlock, MarkupSyntax, PageMarkup } from "./structured/markup.js";
