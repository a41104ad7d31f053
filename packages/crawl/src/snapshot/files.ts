import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { writeAtomically } from "@vellum/archive";
import { collectionError } from "../collection/collection.js";

/** Writes a file through a temporary sibling and a rename, so no reader sees half a file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeAtomically(path, (temp) => writeFile(temp, data));
  } catch (cause) {
    throw collectionError(cause, path, "writing an article file");
  }
}
