export { writeAtomically } from "./atomic.js";
export type { DigestAlgorithm } from "./digest.js";
export { base32, digestStream } from "./digest.js";
export type { ArchiveEntry, ExtractLimits } from "./entries.js";
export { DEFAULT_LIMITS, directoryEntries, safeEntryPath } from "./entries.js";
export type { Finding, FindingSeverity, VerifiedKind, VerifyResult } from "./findings.js";
export { tarEntries } from "./safe-tar.js";
export type { ZipReader } from "./safe-zip.js";
export { openZip } from "./safe-zip.js";
export type { VerifiableFormat, VerifyOptions } from "./verify.js";
export { detectFormat, verifyBag } from "./verify.js";
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
export type { ZipEntryInput, ZipWriterOptions } from "./zip-writer.js";
export { ZipWriter } from "./zip-writer.js";
