import { randomBytes } from "node:crypto";
import { rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Writes through a temporary sibling and renames it into place: rename(2) is atomic within a
 * file system, so a crash never leaves a half-written file or directory under the final name.
 */
export async function writeAtomically<T>(
  finalPath: string,
  write: (tempPath: string) => Promise<T>,
): Promise<T> {
  const temp = join(
    dirname(finalPath),
    `.${basename(finalPath)}.${randomBytes(4).toString("hex")}.partial`,
  );
  try {
    const result = await write(temp);
    // rename(2) replaces a file atomically, but not a non-empty directory: that one goes first.
    if ((await stat(finalPath).catch(() => null))?.isDirectory() === true) {
      await rm(finalPath, { recursive: true, force: true });
    }
    await rename(temp, finalPath);
    return result;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}
