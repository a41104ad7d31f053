import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { access, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { isVellumError, VellumError } from "@vellum/model";

/**
 * Checks, before anything is written, that `finalPath`'s folder exists, is a folder and can be
 * written in, so that a mistake in the output path is reported as the path the caller gave,
 * not as the temporary file that would have been made beside it.
 */
export async function checkOutputFolder(finalPath: string): Promise<void> {
  const folder = dirname(finalPath);
  const info = await stat(folder).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    if (info.code === "ENOENT") {
      throw new VellumError("io", "The folder to write into does not exist", {
        value: folder,
        hint: "create it first, or choose another output path",
      });
    }
    if (info.code === "ENOTDIR") {
      throw new VellumError("io", "The path to write into goes through a file", {
        value: folder,
        hint: "a part of the path is a file, not a folder; choose another output path",
      });
    }
    throw new VellumError("io", "Cannot reach the folder to write into", {
      value: folder,
      hint: "check the path and its permissions",
      cause: info,
    });
  }
  if (!info.isDirectory()) {
    throw new VellumError("io", "The path to write into goes through a file", {
      value: folder,
      hint: "a part of the path is a file, not a folder; choose another output path",
    });
  }
  try {
    await access(folder, constants.W_OK);
  } catch (cause) {
    throw new VellumError("io", "Cannot write in the folder", {
      value: folder,
      hint: "check its permissions, or choose another output path",
      cause,
    });
  }
}

/**
 * Writes through a temporary sibling and renames it into place: rename(2) is atomic within a
 * file system, so a crash never leaves a half-written file or directory under the final name.
 * Errors name `finalPath`, never the temporary sibling the caller never asked for.
 */
export async function writeAtomically<T>(
  finalPath: string,
  write: (tempPath: string) => Promise<T>,
): Promise<T> {
  await checkOutputFolder(finalPath);
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
    throw asFinal(error, temp, finalPath);
  }
}

function asFinal(error: unknown, temp: string, finalPath: string): unknown {
  if (isVellumError(error)) {
    if (error.value === undefined || !error.value.includes(temp)) return error;
    return new VellumError(error.code, error.message, {
      value: finalPath,
      hint: error.hint ?? "check the disk has room and the folder can be written in",
      cause: error,
    });
  }
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== "string") return error;
  return new VellumError("io", `Could not write the file (${code})`, {
    value: finalPath,
    hint: "check the disk has room and the folder can be written in",
    cause: error,
  });
}
