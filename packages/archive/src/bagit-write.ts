import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, open, readFile, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { createGzip, gzipSync } from "node:zlib";
import { type Clock, VellumError } from "@vellum/model";
import { pack } from "tar-stream";
import { writeAtomically } from "./atomic.js";
import { safeEntryPath } from "./entries.js";
import { readFileChunks, throwIfInterrupted } from "./file-chunks.js";
import { ZipWriter } from "./zip-writer.js";

/** `dir`: a bag directory; `zip` and `tgz`: the bag serialized with one top-level directory. */
export type BagFormat = "dir" | "zip" | "tgz";

/** A payload file: where it goes under `data/`, and its bytes or the file to copy. */
export interface BagFile {
  /** Forward-slash path relative to `data/`. */
  readonly path: string;
  readonly source: string | Uint8Array;
}

export interface BagContact {
  readonly name?: string;
  readonly email?: string;
  readonly phone?: string;
}

export interface BagOptions {
  /** The bag directory, `.zip` or `.tar.gz` to write (atomically). */
  readonly out: string;
  readonly format: BagFormat;
  readonly files: readonly BagFile[];
  /** `Bagging-Date` and the entries' times. */
  readonly clock: Clock;
  /** `Bag-Software-Agent`, e.g. `Vellum 0.1.0 <https://…>`. */
  readonly software: string;
  readonly sourceOrganization?: string;
  readonly contact?: BagContact;
  readonly externalIdentifier?: string;
  readonly externalDescription?: string;
  /** Stops the write (nothing is left under `out`). */
  readonly signal?: AbortSignal;
  /** More `bag-info.txt` lines, in order. */
  readonly extraInfo?: ReadonlyArray<readonly [string, string]>;
}

export interface BagResult {
  readonly path: string;
  readonly payloadFiles: number;
  readonly payloadBytes: number;
}

/** A payload file's size and digests, as the manifests list it. */
export interface BagDigest {
  /** Forward-slash path relative to `data/`. */
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly sha512: string;
}

/** What `bag-info.txt` says, beside what the payload gives. */
export type BagInfoOptions = Pick<
  BagOptions,
  | "clock"
  | "software"
  | "sourceOrganization"
  | "contact"
  | "externalIdentifier"
  | "externalDescription"
  | "extraInfo"
>;

interface Hashed extends BagDigest {
  readonly source: string | Uint8Array;
}

const SMALL = 1024 * 1024;

/** RFC 8493 §2.1.3: CR, LF and % in a manifest path are percent-encoded. */
export function encodeManifestPath(path: string): string {
  return path.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

async function hashFile(file: BagFile, signal: AbortSignal | undefined): Promise<Hashed> {
  const a = createHash("sha256");
  const b = createHash("sha512");
  let size = 0;
  if (file.source instanceof Uint8Array) {
    a.update(file.source);
    b.update(file.source);
    size = file.source.byteLength;
  } else {
    try {
      for await (const chunk of readFileChunks(file.source, undefined, signal)) {
        a.update(chunk);
        b.update(chunk);
        size += chunk.byteLength;
      }
    } catch (cause) {
      throw new VellumError("input-not-found", "cannot read a file to bag", {
        value: file.source,
        cause,
      });
    }
  }
  return {
    path: file.path,
    source: file.source,
    size,
    sha256: a.digest("hex"),
    sha512: b.digest("hex"),
  };
}

function bagInfo(options: BagInfoOptions, files: readonly BagDigest[]): string {
  const octets = files.reduce((n, f) => n + f.size, 0);
  const date = options.clock.now().toISOString().slice(0, 10);
  const lines: [string, string | undefined][] = [
    ["Source-Organization", options.sourceOrganization],
    ["Contact-Name", options.contact?.name],
    ["Contact-Phone", options.contact?.phone],
    ["Contact-Email", options.contact?.email],
    ["External-Description", options.externalDescription],
    ["External-Identifier", options.externalIdentifier],
    ["Bagging-Date", date],
    ["Payload-Oxum", `${octets}.${files.length}`],
    ["Bag-Software-Agent", options.software],
    ...(options.extraInfo ?? []).map(([k, v]) => [k, v] as [string, string]),
  ];
  return lines
    .filter((l): l is [string, string] => l[1] !== undefined)
    .map(([k, v]) => `${k}: ${v.replace(/[\r\n]+/g, " ")}\n`)
    .join("");
}

/**
 * The tag files of a bag, in order: `bagit.txt`, `bag-info.txt` (with Payload-Oxum), sha256 and
 * sha512 payload manifests, and the sha512 tag manifest over them. A bag written in one pass (a
 * streamed download) puts them after the payload, once every file has been hashed.
 */
export function bagTagFiles(
  options: BagInfoOptions,
  files: readonly BagDigest[],
): Map<string, Buffer> {
  const tagFiles = new Map<string, Buffer>();
  tagFiles.set(
    "bagit.txt",
    Buffer.from("BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"),
  );
  tagFiles.set("bag-info.txt", Buffer.from(bagInfo(options, files)));
  for (const alg of ["sha256", "sha512"] as const) {
    tagFiles.set(
      `manifest-${alg}.txt`,
      Buffer.from(files.map((f) => `${f[alg]}  data/${encodeManifestPath(f.path)}\n`).join("")),
    );
  }
  tagFiles.set(
    "tagmanifest-sha512.txt",
    Buffer.from(
      [...tagFiles.entries()]
        .map(([name, bytes]) => `${createHash("sha512").update(bytes).digest("hex")}  ${name}\n`)
        .join(""),
    ),
  );
  return tagFiles;
}

/**
 * Writes a BagIt 1.0 bag (RFC 8493): `bagit.txt`, `bag-info.txt`, sha256 and sha512 payload
 * manifests, a sha512 tag manifest, and the payload under `data/`. Payload files are hashed in a
 * first pass and copied in a second, so the tag files can come first in a zip or tar and a
 * verifier reading it in one pass knows the algorithms before it meets the payload.
 */
export async function writeBag(options: BagOptions): Promise<BagResult> {
  const seen = new Set<string>();
  for (const f of options.files) {
    const safe = safeEntryPath(f.path);
    if (safe !== f.path || seen.has(safe)) {
      throw new VellumError(
        "input-invalid",
        "a bag file path is not a clean, unique relative path",
        {
          value: f.path,
        },
      );
    }
    seen.add(safe);
  }
  const files: Hashed[] = [];
  for (const f of [...options.files].sort((a, b) =>
    a.path < b.path ? -1 : a.path > b.path ? 1 : 0,
  )) {
    files.push(await hashFile(f, options.signal));
  }
  const tagFiles = bagTagFiles(options, files);
  const date = options.clock.now();
  const top = basename(options.out).replace(/\.(zip|tar\.gz|tgz)$/i, "");
  const result = {
    path: options.out,
    payloadFiles: files.length,
    payloadBytes: files.reduce((n, f) => n + f.size, 0),
  };
  await writeAtomically(options.out, async (temp) => {
    const signal = options.signal;
    if (options.format === "dir") await writeDir(temp, tagFiles, files, signal);
    else if (options.format === "zip") await writeZip(temp, top, date, tagFiles, files, signal);
    else await writeTgz(temp, top, date, tagFiles, files, signal);
  });
  return result;
}

/** `reuse`: chunks may share buffers (fine for the zip writer, which awaits each write; not for tar-stream, which queues them). */
async function content(
  f: Hashed,
  reuse: boolean,
  signal: AbortSignal | undefined,
): Promise<Uint8Array | AsyncIterable<Uint8Array>> {
  if (f.source instanceof Uint8Array) return f.source;
  if (f.size <= SMALL) return readFile(f.source);
  if (reuse) return readFileChunks(f.source, undefined, signal);
  const stream = createReadStream(f.source, { highWaterMark: 1024 * 1024 });
  return (async function* () {
    for await (const chunk of stream) {
      throwIfInterrupted(signal);
      yield chunk as Buffer;
    }
  })();
}

function checkSize(f: Hashed, size: number): void {
  if (size !== f.size) {
    throw new VellumError("io", "a file changed while it was being bagged", {
      value: typeof f.source === "string" ? f.source : f.path,
      hint: "do not modify the snapshot while bundling it",
    });
  }
}

async function writeDir(
  root: string,
  tags: Map<string, Buffer>,
  files: readonly Hashed[],
  signal: AbortSignal | undefined,
): Promise<void> {
  await mkdir(join(root, "data"), { recursive: true });
  for (const [name, bytes] of tags) await writeFile(join(root, name), bytes);
  for (const f of files) {
    const target = join(root, "data", ...f.path.split("/"));
    await mkdir(dirname(target), { recursive: true });
    if (f.source instanceof Uint8Array) {
      await writeFile(target, f.source);
    } else {
      // Written chunk by chunk, each awaited: readFileChunks reuses its buffers, so nothing may
      // read ahead of the write (a piped stream would).
      const handle = await open(target, "wx");
      try {
        for await (const chunk of readFileChunks(f.source, undefined, signal)) {
          let done = 0;
          while (done < chunk.byteLength) {
            done += (await handle.write(chunk, done, chunk.byteLength - done)).bytesWritten;
          }
        }
      } finally {
        await handle.close();
      }
      checkSize(f, (await stat(target)).size);
    }
  }
}

async function writeZip(
  path: string,
  top: string,
  date: Date,
  tags: Map<string, Buffer>,
  files: readonly Hashed[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const zip = await ZipWriter.open(path, { date });
  try {
    for (const [name, bytes] of tags) {
      await zip.add({ name: `${top}/${name}`, size: bytes.byteLength, data: bytes, deflate: true });
    }
    for (const f of files) {
      const data = await content(f, true, signal);
      // Already-compressed payloads (WACZ, gzip) are stored; small text is deflated.
      const deflate = data instanceof Uint8Array && !/\.(wacz|gz|zip)$/i.test(f.path);
      if (data instanceof Uint8Array) checkSize(f, data.byteLength);
      await zip.add({ name: `${top}/data/${f.path}`, size: f.size, data, deflate });
    }
    await zip.close();
  } catch (error) {
    await zip.abort();
    throw error;
  }
}

/** Payloads that deflate cannot shrink: stored (gzip level 0) rather than compressed for nothing. */
const COMPRESSED = /\.(wacz|gz|tgz|zip|png|jpe?g|gif|webp|avif|mp4|webm|woff2?)$/i;

/** Passes a stream through but drops its last `n` bytes (holding at most `n` plus one chunk). */
async function* withoutTail(
  source: AsyncIterable<Uint8Array>,
  n: number,
): AsyncGenerator<Uint8Array> {
  let held = Buffer.alloc(0);
  for await (const chunk of source) {
    held = Buffer.concat([held, chunk]);
    if (held.byteLength > n) {
      yield held.subarray(0, held.byteLength - n);
      held = Buffer.from(held.subarray(held.byteLength - n));
    }
  }
}

/**
 * A tar.gz made of one gzip member per group of entries (RFC 1952 §2.2 allows a series of
 * members; gunzip, tar and Node read them as one stream). Text is deflated; an already
 * compressed payload such as the WACZ is stored (level 0), which is ten times faster than
 * deflating incompressible bytes for no gain. Each member holds the tar bytes of its entries
 * (tar-stream, without its end-of-archive blocks); the last member is the end-of-archive.
 */
async function writeTgz(
  path: string,
  top: string,
  date: Date,
  tags: Map<string, Buffer>,
  files: readonly Hashed[],
  signal: AbortSignal | undefined,
): Promise<void> {
  const handle = await open(path, "wx");
  let position = 0;
  const sink = async (source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>) => {
    for await (const chunk of source) {
      let done = 0;
      while (done < chunk.byteLength) {
        done += (await handle.write(chunk, done, chunk.byteLength - done, position + done))
          .bytesWritten;
      }
      position += chunk.byteLength;
    }
  };
  const header = (name: string, size: number) => ({
    name,
    size,
    mtime: date,
    mode: 0o644,
    uid: 0,
    gid: 0,
    uname: "",
    gname: "",
    type: "file" as const,
  });
  /** One gzip member holding the tar bytes `fill` adds, minus tar-stream's 1024-byte trailer. */
  const member = async (level: number, fill: (tar: ReturnType<typeof pack>) => Promise<void>) => {
    const tar = pack();
    const done = pipeline(
      tar,
      (src: AsyncIterable<unknown>) => withoutTail(src as AsyncIterable<Uint8Array>, 1024),
      createGzip({ level }),
      sink,
    );
    try {
      await fill(tar);
      tar.finalize();
      await done;
    } catch (error) {
      tar.destroy(error as Error);
      await done.catch(() => undefined);
      throw error;
    }
  };
  const put = (tar: ReturnType<typeof pack>, name: string, bytes: Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      tar.entry(header(name, bytes.byteLength), Buffer.from(bytes), (err) =>
        err ? reject(err) : resolve(),
      );
    });
  try {
    // Tag files and small text together; each already-compressed file in a stored member.
    const text = files.filter((f) => !COMPRESSED.test(f.path) || f.size <= SMALL);
    const stored = files.filter((f) => COMPRESSED.test(f.path) && f.size > SMALL);
    await member(6, async (tar) => {
      for (const [name, bytes] of tags) await put(tar, `${top}/${name}`, bytes);
    });
    for (const group of [text, stored]) {
      for (const f of group) {
        await member(group === stored ? 0 : 6, async (tar) => {
          const data = await content(f, false, signal);
          if (data instanceof Uint8Array) {
            checkSize(f, data.byteLength);
            await put(tar, `${top}/data/${f.path}`, data);
            return;
          }
          const entry = tar.entry(header(`${top}/data/${f.path}`, f.size));
          let written = 0;
          for await (const chunk of data) {
            written += chunk.byteLength;
            if (!entry.write(chunk)) await new Promise<void>((r) => entry.once("drain", () => r()));
          }
          checkSize(f, written);
          await new Promise<void>((resolve, reject) => {
            entry.once("error", reject);
            entry.end(() => resolve());
          });
        });
      }
    }
    // The end of the archive: two zero blocks (POSIX ustar), in a member of their own.
    await sink([gzipSync(Buffer.alloc(1024), { level: 6 })]);
  } finally {
    await handle.close();
  }
}
