import { VellumError } from "@vellum/model";
import { type ArchiveEntry, directoryEntries, type ExtractLimits } from "./entries.js";
import { tarEntries } from "./safe-tar.js";
import { openZip } from "./safe-zip.js";

/** Tag files before payload files, so payload files are hashed with the manifests' algorithms. */
function tagFirst(entries: ArchiveEntry[]): ArchiveEntry[] {
  const isData = (e: ArchiveEntry) => e.path.startsWith("data/");
  return [...entries.filter((e) => !isData(e)), ...entries.filter(isData)];
}

/**
 * A serialized bag usually holds one top-level directory named for the bag (RFC 8493 §4); its
 * entries are made relative to it. Every entry must then be under it.
 */
function rootOf(paths: readonly string[]): string {
  if (paths.includes("bagit.txt")) return "";
  const first = paths[0]?.split("/")[0];
  if (first !== undefined && paths.every((p) => p.startsWith(`${first}/`))) return `${first}/`;
  return "";
}

function relativeTo(entry: ArchiveEntry, root: string): ArchiveEntry {
  if (root === "") return entry;
  if (!entry.path.startsWith(root)) {
    throw new VellumError("archive-invalid", "entry outside the bag's top-level directory", {
      value: entry.path,
    });
  }
  return { path: entry.path.slice(root.length), size: entry.size, open: () => entry.open() };
}

export async function* bagDirectoryEntries(dir: string): AsyncGenerator<ArchiveEntry> {
  const all: ArchiveEntry[] = [];
  for await (const e of directoryEntries(dir)) all.push(e);
  yield* tagFirst(all);
}

export async function* bagZipEntries(
  path: string,
  limits?: ExtractLimits,
): AsyncGenerator<ArchiveEntry> {
  const zip = await openZip(path, limits);
  try {
    const root = rootOf(zip.entries.map((e) => e.path));
    yield* tagFirst(zip.entries.map((e) => relativeTo(e, root)));
  } finally {
    zip.close();
  }
}

/** Tar is read once, in order: the root is the first entry's top directory (or none). */
export async function* bagTarEntries(
  path: string,
  limits?: ExtractLimits,
): AsyncGenerator<ArchiveEntry> {
  let root: string | null = null;
  for await (const e of tarEntries(path, limits)) {
    if (root === null) {
      const slash = e.path.indexOf("/");
      root = e.path === "bagit.txt" || slash < 0 ? "" : e.path.slice(0, slash + 1);
      if (root === "data/") root = "";
    }
    yield relativeTo(e, root);
  }
}
