import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { VellumError } from "@vellum/model";
import { readFileChunks } from "./file-chunks.js";

/** A file inside a bag directory, zip or tar, by its path relative to the root. */
export interface ArchiveEntry {
  /** Forward-slash path relative to the root, never absolute, never with `..`. */
  readonly path: string;
  readonly size: number;
  /**
   * Streams the content. Some sources (tar) allow it once, and only before the next entry. A chunk
   * may share memory with a later one (directories reuse read buffers): use or copy each chunk
   * before asking for the one after next.
   */
  open(): AsyncIterable<Uint8Array>;
}

/** Limits for reading archives whose sizes are claimed by the archive itself (zip bombs). */
export interface ExtractLimits {
  /** Largest single entry, uncompressed. Default 64 GiB. */
  readonly maxEntryBytes?: number;
  /** Largest sum of all entries, uncompressed. Default 256 GiB. */
  readonly maxTotalBytes?: number;
  /** Largest uncompressed/compressed ratio for an entry over 1 MiB. Default 200. */
  readonly maxRatio?: number;
  /** Most entries. Default 1,000,000. */
  readonly maxEntries?: number;
}

export const DEFAULT_LIMITS: Required<ExtractLimits> = {
  maxEntryBytes: 64 * 1024 ** 3,
  maxTotalBytes: 256 * 1024 ** 3,
  maxRatio: 200,
  maxEntries: 1_000_000,
};

/**
 * Checks an entry name from an archive and returns it normalized: absolute paths, drive letters,
 * backslashes, `..` segments and NUL are refused, as they could write or read outside the root.
 */
export function safeEntryPath(name: string): string {
  const unsafe = (why: string) =>
    new VellumError("unsafe-path", `archive entry ${why}`, {
      value: name,
      hint: "the archive may be malicious; do not extract it",
    });
  if (name.includes("\0")) throw unsafe("contains NUL");
  if (name.includes("\\")) throw unsafe("uses a backslash");
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) throw unsafe("is absolute");
  const parts = name.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.some((p) => p === "..")) throw unsafe("climbs out with '..'");
  const path = parts.join("/");
  // "./C:" is "C:" once "." is gone: a drive on Windows all the same.
  if (/^[A-Za-z]:/.test(path)) throw unsafe("is absolute");
  return path;
}

/**
 * Lists a directory's files, sorted, refusing symbolic links and anything that is neither a file
 * nor a directory: a link inside a bag could make a verifier read outside it.
 */
export async function* directoryEntries(root: string): AsyncGenerator<ArchiveEntry> {
  async function* walk(rel: string): AsyncGenerator<ArchiveEntry> {
    const names = (await readdir(join(root, rel))).sort();
    for (const name of names) {
      const path = rel === "" ? name : `${rel}/${name}`;
      const full = join(root, path);
      const info = await lstat(full);
      if (info.isSymbolicLink()) {
        throw new VellumError("unsafe-path", "the bag contains a symbolic link", {
          value: path,
          hint: "replace the link by the file it points to",
        });
      }
      if (info.isDirectory()) {
        yield* walk(path);
      } else if (info.isFile()) {
        yield {
          path,
          size: info.size,
          open: () => readFileChunks(full),
        };
      } else {
        throw new VellumError("unsafe-path", "the bag contains a special file", { value: path });
      }
    }
  }
  try {
    yield* walk("");
  } catch (cause) {
    if (cause instanceof VellumError) throw cause;
    throw new VellumError("io", "cannot read the directory", { value: root, cause });
  }
}
