import { createReadStream } from "node:fs";
import { VellumError } from "@vellum/model";
import { type ByteTally, documentBytes } from "./bytes.js";
import { decodeDocument } from "./charset.js";
import type { RawEntry } from "./entries.js";
import { ProblemTally } from "./problems.js";
import { readTextUrls } from "./text-lines.js";
import { httpUrl } from "./urls.js";

export type OpenFile = (path: string) => AsyncIterable<Uint8Array>;

export const openLocalFile: OpenFile = (path) =>
  createReadStream(path) as AsyncIterable<Uint8Array>;

/**
 * The entries of a local URL list, one per line (`#` comments, blank lines skipped; gzip by its
 * bytes; the encoding as for any text: a byte order mark, else UTF-8 forgiving Latin-1).
 */
export async function* listEntries(
  path: string,
  open: OpenFile,
  maxLine: number,
  tally: ProblemTally,
  bytes: ByteTally,
  counter: { entries: number },
  onComment?: () => void,
): AsyncGenerator<RawEntry, void, undefined> {
  const raw = documentBytes(
    open(path),
    { contentEncoding: null, maxBytes: Number.POSITIVE_INFINITY, truncated: false },
    bytes,
  );
  const text = await decodeDocument(raw, null, tally);
  yield* readTextUrls(text.chunks, maxLine, tally, counter, onComment);
}

export interface CheckListOptions {
  /** How messages name the list (`- (stdin)` for a list spooled from stdin). Default: its path. */
  readonly label?: string;
  /** Default: the file system. */
  readonly openFile?: OpenFile;
  /** Characters of one line. Default: 8,192. */
  readonly maxLine?: number;
}

/**
 * Reads a URL list through once, streaming, before a run starts, so that a typo on line 40,000
 * fails at once rather than after an hour: throws `input-not-found` when the file cannot be
 * read, `usage` naming the first line that is no absolute http(s) URL, and `input-invalid` for a
 * list with no URL at all (most often the wrong file or an empty pipe). Answers how many URLs it
 * names. The run then reads it again as a source (the list is never held in memory).
 */
export async function checkUrlList(path: string, options: CheckListOptions = {}): Promise<number> {
  const tally = new ProblemTally();
  const counter = { entries: 0 };
  const maxLine = options.maxLine ?? 8_192;
  const label = options.label ?? path;
  let comments = 0;
  try {
    for await (const entry of listEntries(
      path,
      options.openFile ?? openLocalFile,
      maxLine,
      tally,
      { bytes: 0, compressed: false },
      counter,
      () => {
        comments += 1;
      },
    )) {
      if (httpUrl(entry.loc, "") === null)
        throw new VellumError(
          "usage",
          `Line ${entry.line ?? "?"} of the URL list is not an http(s) URL`,
          {
            value: entry.loc.slice(0, 200),
            hint: "fix or remove the line (# starts a comment)",
          },
        );
    }
  } catch (error) {
    if (error instanceof VellumError) throw error;
    throw new VellumError("input-not-found", "Cannot read the URL list", {
      value: label,
      hint: "check the --input path, or pass - to read URLs from stdin",
      cause: error,
    });
  }
  if (counter.entries === 0)
    throw new VellumError(
      "input-invalid",
      comments > 0 ? "The URL list has only comments" : "The URL list is empty",
      { value: label, hint: "write one http(s) URL per line; # starts a comment" },
    );
  const long = tally
    .drain({ kind: "list", location: path })
    .find((p) => p.code === "line-too-long");
  if (long !== undefined)
    throw new VellumError(
      "usage",
      `The URL list has a line longer than ${maxLine.toLocaleString("en-US")} characters`,
      {
        value: `${label} (${long.example ?? ""})`,
        hint: "one URL per line is expected; is this the right file?",
      },
    );
  return counter.entries;
}
