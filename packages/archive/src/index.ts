export { writeAtomically } from "./atomic.js";
export type { DigestAlgorithm } from "./digest.js";
export { base32, digestStream } from "./digest.js";
export type { ReadWarcOptions, WarcRecordEntry } from "./warc-reader.js";
export { readWarc } from "./warc-reader.js";
export type {
  ExchangeLocations,
  MetadataRecordInput,
  RecordLocation,
  ResourceRecordInput,
  WarcInfo,
  WarcWriterOptions,
} from "./warc-writer.js";
export { storedResponseHeaders, WarcWriter, warcDate } from "./warc-writer.js";
