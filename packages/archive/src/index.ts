export { writeAtomically } from "./atomic.js";
export { parseBagInfo } from "./bagit-verify.js";
export type {
  BagContact,
  BagDigest,
  BagFile,
  BagFormat,
  BagInfoOptions,
  BagOptions,
  BagResult,
} from "./bagit-write.js";
export { bagTagFiles, encodeManifestPath, writeBag } from "./bagit-write.js";
export type { BundleFormat, BundleOptions, BundleResult, CaptureProvenance } from "./bundle.js";
export { BUNDLE_FORMATS, bundleSnapshot } from "./bundle.js";
export type { CdxjEntry } from "./cdxj.js";
export {
  cdxjLine,
  cdxTimestamp,
  compareBytewise,
  indexWarc,
  parseCdxjLine,
  sortCdxjLines,
  surt,
  unlabelled,
} from "./cdxj.js";
export type { DerivedKind } from "./derived.js";
export { DERIVED_KINDS, derivedUri, parseDerivedUri } from "./derived.js";
export type { DigestAlgorithm } from "./digest.js";
export { base32, digestStream } from "./digest.js";
export type { ArchiveEntry, ExtractLimits } from "./entries.js";
export { DEFAULT_LIMITS, directoryEntries, safeEntryPath } from "./entries.js";
export type { Finding, FindingSeverity, VerifiedKind, VerifyResult } from "./findings.js";
export type { RecordHead, WarcRecordAt } from "./record-head.js";
export { readRecordAt, readRecordHead } from "./record-head.js";
export { tarEntries } from "./safe-tar.js";
export type { ZipEntry, ZipReader } from "./safe-zip.js";
export { openZip } from "./safe-zip.js";
export type { SnapshotArticle, SnapshotContents } from "./snapshot-dir.js";
export { readSnapshotDir } from "./snapshot-dir.js";
export type { VerifiableFormat, VerifyOptions } from "./verify.js";
export { detectFormat, verifyBag, verifyPath } from "./verify.js";
export { verifyWacz } from "./verify-wacz.js";
export { verifyWarc } from "./verify-warc.js";
export type {
  WaczContents,
  WaczEntry,
  WaczOptions,
  WaczPage,
  WaczResource,
  WaczResult,
  WaczSummary,
  WaczWarc,
} from "./wacz.js";
export { indexForWarc, WACZ_VERSION, waczEntries, writeWacz } from "./wacz.js";
export type { ReadWarcOptions, WarcRecordEntry } from "./warc-reader.js";
export { readWarc } from "./warc-reader.js";
export type { DamagedMember, ScanOptions, WarcScanHandler } from "./warc-scan.js";
export { scanWarc } from "./warc-scan.js";
export { sealWarc } from "./warc-seal.js";
export type {
  ExchangeLocations,
  MetadataRecordInput,
  RecordLocation,
  ResourceRecordInput,
  RevisitOriginal,
  WarcInfo,
  WarcWriterOptions,
} from "./warc-writer.js";
export { REVISIT_PROFILE, storedResponseHeaders, WarcWriter, warcDate } from "./warc-writer.js";
export type { ZipStreamEntry } from "./zip-stream.js";
export { zipStream } from "./zip-stream.js";
export type { ZipEntryInput, ZipWriterOptions } from "./zip-writer.js";
export { ZipWriter } from "./zip-writer.js";
