import { randomUUID } from "node:crypto";
import { createReadStream, unlinkSync } from "node:fs";
import { type FileHandle, open, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Payload } from "@vellum/model";

/** A payload that can delete its backing file, if it has one. */
export interface SpooledPayload extends Payload {
  /** The temporary file holding the bytes, or null when they are in memory. */
  readonly path: string | null;
  dispose(): Promise<void>;
}

const leftovers = new Set<string>();
let exitHookInstalled = false;

/**
 * Spooled files normally go when their owner disposes them; whatever a one-shot `fetchPage`
 * caller never disposed is removed at exit so temp space does not fill up across runs.
 */
function track(path: string): void {
  leftovers.add(path);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once("exit", () => {
    for (const p of leftovers) {
      try {
        unlinkSync(p);
      } catch {
        // already gone
      }
    }
  });
}

/**
 * Collects a body in memory up to `threshold` bytes, then moves it to a temporary file, so a
 * large response never sits whole in memory.
 */
export class Spool {
  readonly #threshold: number;
  readonly #dir: string;
  #chunks: Uint8Array[] = [];
  #length = 0;
  #file: FileHandle | null = null;
  #path: string | null = null;

  constructor(threshold: number, dir: string = tmpdir()) {
    this.#threshold = threshold;
    this.#dir = dir;
  }

  get byteLength(): number {
    return this.#length;
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (chunk.byteLength === 0) return;
    this.#length += chunk.byteLength;
    if (this.#file === null && this.#length <= this.#threshold) {
      this.#chunks.push(chunk);
      return;
    }
    if (this.#file === null) {
      this.#path = join(this.#dir, `vellum-spool-${randomUUID()}.bin`);
      track(this.#path);
      this.#file = await open(this.#path, "w");
      for (const held of this.#chunks) await this.#file.write(held);
      this.#chunks = [];
    }
    await this.#file.write(chunk);
  }

  /** Closes the spool and answers a payload that streams what was written. */
  async finish(): Promise<SpooledPayload> {
    const byteLength = this.#length;
    const path = this.#path;
    if (this.#file !== null) {
      await this.#file.close();
      this.#file = null;
    }
    if (path === null) {
      const chunks = this.#chunks;
      return {
        byteLength,
        path: null,
        async *stream() {
          yield* chunks;
        },
        async dispose() {},
      };
    }
    return {
      byteLength,
      path,
      async *stream() {
        for await (const chunk of createReadStream(path)) yield chunk as Uint8Array;
      },
      async dispose() {
        leftovers.delete(path);
        await unlink(path).catch(() => undefined);
      },
    };
  }

  /** Drops what was written (the request failed). */
  async discard(): Promise<void> {
    const payload = await this.finish();
    await payload.dispose();
  }
}
