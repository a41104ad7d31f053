import { VellumError } from "@vellum/model";
import yauzl, { type Entry, type ZipFile } from "yauzl";
import { type ArchiveEntry, DEFAULT_LIMITS, type ExtractLimits, safeEntryPath } from "./entries.js";

/** A zip opened for reading: its entries listed from the central directory, each readable. */
export interface ZipEntry extends ArchiveEntry {
  /** Deflated (true) or stored (false). */
  readonly compressed: boolean;
  /** A byte range `[start, end)` can be read from stored entries only. */
  open(range?: { readonly start: number; readonly end: number }): AsyncIterable<Uint8Array>;
}

export interface ZipReader {
  readonly entries: readonly ZipEntry[];
  close(): void;
}

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Opens a zip through yauzl (random access, so entries can be read in any order) and checks
 * every entry before anything is read: safe names, no links, sizes and ratios within limits.
 */
export async function openZip(path: string, limits: ExtractLimits = {}): Promise<ZipReader> {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.open(
        path,
        { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: true },
        (err, z) => (err ? reject(err) : resolve(z)),
      ),
    );
  } catch (cause) {
    throw new VellumError("archive-invalid", "not a readable zip file", { value: path, cause });
  }
  const raw: Entry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on("entry", (entry: Entry) => {
        raw.push(entry);
        if (raw.length > lim.maxEntries) {
          reject(new VellumError("too-large", "the zip has too many entries", { value: path }));
          return;
        }
        zip.readEntry();
      });
      zip.on("end", resolve);
      zip.on("error", reject);
      zip.readEntry();
    });
  } catch (cause) {
    zip.close();
    if (cause instanceof VellumError) throw cause;
    const message = (cause as Error).message ?? "";
    // yauzl checks names itself (absolute, `..`, backslashes); those are unsafe, not malformed.
    if (/relative path|absolute path|invalid characters/i.test(message)) {
      throw new VellumError("unsafe-path", `zip entry name is unsafe (${message})`, {
        value: path,
        hint: "the archive may be malicious; do not extract it",
        cause,
      });
    }
    throw new VellumError("archive-invalid", "the zip is malformed", { value: path, cause });
  }
  const entries: ZipEntry[] = [];
  let total = 0;
  const seen = new Set<string>();
  try {
    for (const entry of raw) {
      if (entry.fileName.endsWith("/")) {
        safeEntryPath(entry.fileName);
        continue;
      }
      const name = safeEntryPath(entry.fileName);
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (entry.versionMadeBy >> 8 === 3 && mode === S_IFLNK) {
        throw new VellumError("unsafe-path", "zip entry is a symbolic link", { value: name });
      }
      if (seen.has(name)) {
        throw new VellumError("archive-invalid", "zip has two entries with one name", {
          value: name,
        });
      }
      seen.add(name);
      const size = entry.uncompressedSize;
      total += size;
      if (size > lim.maxEntryBytes || total > lim.maxTotalBytes) {
        throw new VellumError("too-large", "zip entry is larger than the limit", {
          value: `${name}: ${size} bytes`,
          hint: "raise the limit if you trust this archive",
        });
      }
      if (size > 1024 * 1024 && size / Math.max(1, entry.compressedSize) > lim.maxRatio) {
        throw new VellumError("too-large", "zip entry compresses suspiciously well (zip bomb?)", {
          value: `${name}: ${size}/${entry.compressedSize}`,
        });
      }
      entries.push({
        path: name,
        size,
        compressed: entry.compressionMethod !== 0,
        open: (range) => readEntry(zip, entry, range),
      });
    }
  } catch (error) {
    zip.close();
    throw error;
  }
  return { entries, close: () => zip.close() };
}

async function* readEntry(
  zip: ZipFile,
  entry: Entry,
  range?: { readonly start: number; readonly end: number },
): AsyncGenerator<Uint8Array> {
  const stream = await new Promise<NodeJS.ReadableStream>((resolve, reject) =>
    range === undefined
      ? zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s)))
      : zip.openReadStream(entry, range, (err, s) => (err ? reject(err) : resolve(s))),
  ).catch((cause: unknown) => {
    throw new VellumError("archive-invalid", "cannot read a zip entry", {
      value: entry.fileName,
      cause,
    });
  });
  try {
    for await (const chunk of stream) yield chunk as Uint8Array;
  } catch (cause) {
    throw new VellumError("archive-invalid", "a zip entry is corrupt", {
      value: entry.fileName,
      cause,
    });
  }
}
