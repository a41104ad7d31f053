import type { TextSink } from "../context.js";

/** Output is written in slices of at most this many UTF-16 code units. */
export const OUTPUT_SLICE = 1024 * 1024;

/**
 * Writes `text` in slices of `OUTPUT_SLICE`, never between the two halves of a surrogate pair.
 * Node encodes a string written whole into one buffer of its own, as large as the string (18 MB
 * for the text of a 20 MB page, beside the string itself); a slice of a flat string is no copy.
 */
export function writeLarge(sink: TextSink, text: string): void {
  if (text === "") return;
  if (text.length <= OUTPUT_SLICE) {
    sink.write(text);
    return;
  }
  for (let at = 0; at < text.length; ) {
    let end = Math.min(at + OUTPUT_SLICE, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    sink.write(text.slice(at, end));
    at = end;
  }
}
