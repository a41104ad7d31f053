import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { writeAtomically } from "@vellum/archive";
import { VellumError } from "@vellum/model";

/** Writes a file through a temporary sibling and a rename, so no reader sees half a file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  try {
    await mkdir(dirname(path), { recursive: true });
    await writeAtomically(path, (temp) => writeFile(temp, data));
  } catch (cause) {
    throw new VellumError("io", "Could not write a file", {
      value: path,
      hint: "check that the output directory is writable and has space",
      cause,
    });
  }
}
