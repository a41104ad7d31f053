import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import { VellumError } from "@vellum/model";
import { extract } from "tar-stream";
import { type ArchiveEntry, DEFAULT_LIMITS, type ExtractLimits, safeEntryPath } from "./entries.js";

/**
 * Streams the files of a `.tar` or `.tar.gz` in archive order. Links (symbolic or hard) and
 * device entries are refused, as are unsafe names and sizes over the limits. Each entry's
 * `open()` works once, before the next entry is asked for.
 */
export async function* tarEntries(
  path: string,
  limits: ExtractLimits = {},
): AsyncGenerator<ArchiveEntry> {
  const lim = { ...DEFAULT_LIMITS, ...limits };
  const file = createReadStream(path, { highWaterMark: 1024 * 1024 });
  const gz = /\.(tgz|gz)$/i.test(path);
  const source = gz ? file.pipe(createGunzip()) : file;
  const ex = extract();
  const failed = (cause: unknown) => ex.destroy(cause as Error);
  file.on("error", failed);
  source.on("error", failed);
  source.pipe(ex);
  let total = 0;
  let count = 0;
  try {
    for await (const entry of ex) {
      const h = entry.header;
      if (++count > lim.maxEntries) {
        throw new VellumError("too-large", "the tar has too many entries", { value: path });
      }
      if (h.type === "directory") {
        safeEntryPath(h.name);
        entry.resume();
        continue;
      }
      if (h.type !== "file" && h.type !== "contiguous-file") {
        throw new VellumError("unsafe-path", `tar entry is a ${h.type}, not a file`, {
          value: h.name,
          hint: "links and devices inside an archive are refused",
        });
      }
      const name = safeEntryPath(h.name);
      const size = h.size ?? 0;
      total += size;
      if (size > lim.maxEntryBytes || total > lim.maxTotalBytes) {
        throw new VellumError("too-large", "tar entry is larger than the limit", {
          value: `${name}: ${size} bytes`,
        });
      }
      let used = false;
      const body = entry as unknown as AsyncIterable<Uint8Array>;
      yield {
        path: name,
        size,
        open: () => {
          if (used) throw new VellumError("io", "a tar entry can be read once", { value: name });
          used = true;
          return body;
        },
      };
      if (!used) for await (const _ of body);
    }
  } catch (cause) {
    if (cause instanceof VellumError) throw cause;
    throw new VellumError("archive-invalid", "the tar is malformed or truncated", {
      value: path,
      cause,
    });
  } finally {
    file.destroy();
  }
}
