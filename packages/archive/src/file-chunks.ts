import { open } from "node:fs/promises";
import { VellumError } from "@vellum/model";

/**
 * Reads a file in chunks through two buffers used in turn, so that streaming gigabytes does not
 * allocate a fresh Buffer per chunk: V8 frees those lazily and peak RSS would climb with the file
 * size. A chunk stays valid only until the one after next is requested, so consumers must use
 * it (hash, write and await) before asking for more, as every caller here does.
 */
export async function* readFileChunks(
  path: string,
  chunkSize = 1024 * 1024,
  signal?: AbortSignal,
): AsyncGenerator<Uint8Array> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, "r");
  } catch (cause) {
    throw new VellumError("input-not-found", "cannot read the file", { value: path, cause });
  }
  const buffers = [Buffer.allocUnsafe(chunkSize), Buffer.allocUnsafe(chunkSize)];
  let turn = 0;
  try {
    for (;;) {
      throwIfInterrupted(signal);
      const buffer = buffers[turn] as Buffer;
      turn = 1 - turn;
      const { bytesRead } = await handle.read(buffer, 0, chunkSize, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** Long copies check this between chunks, so Ctrl-C stops a bundle promptly and cleanly. */
export function throwIfInterrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) {
    throw new VellumError("interrupted", "stopped before the bundle was complete", {
      hint: "nothing was left under the output name; run the command again",
    });
  }
}
