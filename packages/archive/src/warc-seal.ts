import { open, rename, rm, writeFile } from "node:fs/promises";
import { basename } from "node:path";
import { VellumError } from "@vellum/model";
import { writeAtomically } from "./atomic.js";
import { cdxjFileText, cdxjLine, indexWarc } from "./cdxj.js";

/**
 * Finishes a WARC file that a writer left behind when its process died: cuts it at `length`
 * (the end of the last record the caller knows to be whole, e.g. from its own commit log), so
 * no half-written record is left as the last bytes a reader meets; gives it its final name
 * (dropping `.open`); and writes the side index `WarcWriter` would have, from the file itself
 * (the writer's unsorted `<file>.cdxj.open` may name records past the cut, so it is dropped). With
 * `length` 0 the file held nothing worth keeping and is removed. Answers the final path, or null
 * if removed.
 */
export async function sealWarc(path: string, length: number): Promise<string | null> {
  const finalPath = path.replace(/\.open$/, "");
  try {
    await rm(`${finalPath}.cdxj.open`, { force: true });
    if (length <= 0) {
      await rm(path, { force: true });
      await rm(`${finalPath}.cdxj`, { force: true });
      return null;
    }
    const handle = await open(path, "r+");
    try {
      const { size } = await handle.stat();
      if (size > length) await handle.truncate(length);
    } finally {
      await handle.close();
    }
    if (finalPath !== path) await rename(path, finalPath);
    const lines: string[] = [];
    for await (const entry of indexWarc(finalPath, basename(finalPath)))
      lines.push(cdxjLine(entry));
    await writeAtomically(`${finalPath}.cdxj`, (temp) => writeFile(temp, cdxjFileText(lines)));
    return finalPath;
  } catch (cause) {
    if (cause instanceof VellumError) throw cause;
    throw new VellumError("io", "Could not finish a WARC file left by an interrupted run", {
      value: path,
      hint: "check that the collection directory is writable and has space",
      cause,
    });
  }
}
