import { isUtf8 } from "node:buffer";
import {
  charsetFromContentType,
  encodingForLabel,
  iconvName,
  isUtf8Prefix,
  sniffBom,
} from "@vellum/extract";
import iconv from "iconv-lite";
import { byteLength, peek } from "./peek.js";
import type { ProblemTally } from "./problems.js";

/** How many bytes are looked at before the encoding is settled: enough for any declaration. */
export const SNIFF_BYTES = 64 * 1024;

/** Which rule settled the encoding. */
export type CharsetSource = "bom" | "http" | "declaration" | "bytes" | "default";

export interface TextDocument {
  /** WHATWG name of the encoding used. */
  readonly encoding: string;
  readonly source: CharsetSource;
  /** The decoded text, in chunks, byte order mark removed. */
  readonly chunks: AsyncIterable<string>;
}

interface Decoder {
  write(bytes: Uint8Array): string;
  end(): string;
}

/** windows-1252's 0x80–0x9F (the rest of its upper half is Latin-1, i.e. the code point itself). */
const CP1252_HIGH = iconv.decode(
  Buffer.from(Array.from({ length: 32 }, (_, i) => 0x80 + i)),
  "windows-1252",
);

function cp1252(byte: number): string {
  return byte >= 0x80 && byte < 0xa0
    ? (CP1252_HIGH[byte - 0x80] as string)
    : String.fromCharCode(byte);
}

/** Bytes a UTF-8 sequence starting with `lead` has, or 0 when `lead` cannot start one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * UTF-8 that forgives: a byte that is not part of a valid sequence is read as windows-1252
 * instead of U+FFFD, because the usual cause is a feed or sitemap written in Latin-1 or
 * windows-1252 under a UTF-8 declaration (or a mix of both), and that guess turns `caf\xE9` back
 * into `café` where U+FFFD would turn a URL into a different URL. Valid text takes the fast path
 * (simdutf's validation, then Buffer's decoder).
 */
export class ForgivingUtf8Decoder implements Decoder {
  #carry: Uint8Array | null = null;
  /** Bytes read as windows-1252. */
  repaired = 0;
  /** The byte offset of the first one. */
  firstRepairAt: number | null = null;
  #offset = 0;

  write(bytes: Uint8Array): string {
    const buf = this.#carry === null ? bytes : Buffer.concat([this.#carry, bytes]);
    this.#carry = null;
    const cut = this.#completeLength(buf);
    if (cut < buf.byteLength) this.#carry = buf.slice(cut);
    return this.#decode(buf.subarray(0, cut));
  }

  end(): string {
    const rest = this.#carry;
    this.#carry = null;
    return rest === null ? "" : this.#slow(rest);
  }

  /** Length of `buf` without a multi-byte sequence cut off at its end. */
  #completeLength(buf: Uint8Array): number {
    const n = buf.byteLength;
    for (let back = 1; back <= Math.min(3, n); back += 1) {
      const byte = buf[n - back] as number;
      if ((byte & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
      const need = sequenceLength(byte);
      return need > back ? n - back : n;
    }
    return n;
  }

  #decode(part: Uint8Array): string {
    if (part.byteLength === 0) return "";
    const view = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    if (isUtf8(view)) {
      this.#offset += part.byteLength;
      return view.toString("utf8");
    }
    return this.#slow(part);
  }

  #slow(part: Uint8Array): string {
    const view = Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    let out = "";
    let runStart = 0;
    let i = 0;
    while (i < view.byteLength) {
      const byte = view[i] as number;
      if (byte < 0x80) {
        i += 1;
        continue;
      }
      const need = sequenceLength(byte);
      if (need > 0 && i + need <= view.byteLength && isUtf8(view.subarray(i, i + need))) {
        i += need;
        continue;
      }
      out += view.toString("utf8", runStart, i) + cp1252(byte);
      this.repaired += 1;
      this.firstRepairAt ??= this.#offset + i;
      i += 1;
      runStart = i;
    }
    out += view.toString("utf8", runStart, view.byteLength);
    this.#offset += view.byteLength;
    return out;
  }
}

function decoderFor(encoding: string): Decoder {
  if (encoding === "utf-16le" || encoding === "utf-16be") {
    const td = new TextDecoder(encoding);
    return {
      write: (bytes) => td.decode(bytes, { stream: true }),
      end: () => td.decode(),
    };
  }
  // x-user-defined and the replacement encoding exist to defeat attacks on HTML parsers; in a
  // sitemap they are nonsense labels, read as the web's default single-byte encoding.
  const name =
    encoding === "x-user-defined" || encoding === "replacement"
      ? "windows-1252"
      : iconvName(encoding);
  const decoder = iconv.getDecoder(name);
  return {
    write: (bytes) => decoder.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)),
    end: () => decoder.end() ?? "",
  };
}

/** XML 1.0 Appendix F: `<?` in UTF-16 without a byte order mark. */
function unmarkedUtf16(head: Uint8Array): string | null {
  const [a, b, c, d] = [head[0], head[1], head[2], head[3]];
  if (a === 0x3c && b === 0 && c === 0x3f && d === 0) return "utf-16le";
  if (a === 0 && b === 0x3c && c === 0 && d === 0x3f) return "utf-16be";
  return null;
}

/** The label of `<?xml … encoding="…"?>`, read as ASCII (every label is). */
function declaredLabel(head: Uint8Array): string | null {
  const text = Buffer.from(head.buffer, head.byteOffset, Math.min(head.byteLength, 1024)).toString(
    "latin1",
  );
  const m = /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']*)["']/.exec(text);
  return m?.[1] ?? null;
}

function hasHighBytes(window: Uint8Array): boolean {
  for (const byte of window) if (byte >= 0x80) return true;
  return false;
}

/**
 * Settles a document's encoding the way RFC 7303 §3 and XML 1.0 Appendix F order it — byte order
 * mark, then the HTTP `charset`, then the XML declaration, then UTF-8 — with the rule extraction
 * uses for HTML: a legacy label on non-ASCII bytes that are valid UTF-8 loses to the bytes (a file
 * re-saved as UTF-8 keeps its old declaration; servers add a default `charset=ISO-8859-1`).
 * `window` is the first bytes of the document (up to `SNIFF_BYTES`).
 */
export function settleEncoding(
  window: Uint8Array,
  contentType: string | null,
  tally: ProblemTally,
): { encoding: string; source: CharsetSource; bomLength: number } {
  const bom = sniffBom(window);
  if (bom !== null) return { encoding: bom.encoding, source: "bom", bomLength: bom.length };

  let declared: { encoding: string; source: CharsetSource } | null = null;
  const fromHttp = charsetFromContentType(contentType);
  if (fromHttp !== null) declared = { encoding: fromHttp, source: "http" };
  else if (contentType !== null && /;\s*charset\s*=/i.test(contentType))
    tally.add(
      "encoding-unknown",
      "the HTTP charset names no known encoding; read as UTF-8",
      "ask the site to send a standard charset label",
      contentType,
    );
  if (declared === null) {
    const utf16 = unmarkedUtf16(window);
    if (utf16 !== null) return { encoding: utf16, source: "bytes", bomLength: 0 };
    const label = declaredLabel(window);
    if (label !== null) {
      const encoding = encodingForLabel(label);
      if (encoding !== null) declared = { encoding, source: "declaration" };
      else
        tally.add(
          "encoding-unknown",
          "the XML declaration names no known encoding; read as UTF-8",
          "ask the site to declare a standard encoding",
          label,
        );
    }
  }
  if (declared === null) return { encoding: "utf-8", source: "default", bomLength: 0 };
  if (declared.encoding === "utf-16le" || declared.encoding === "utf-16be") {
    // Without a byte order mark (checked above) UTF-16 cannot start with `<` then a non-zero
    // byte: such a file is 8-bit, its declaration copied from a template.
    if (window[0] === 0x3c && window[1] !== 0) {
      tally.add(
        "encoding-mismatch",
        `declared ${declared.encoding} but the bytes are 8-bit; read as UTF-8`,
        "ask the site to fix its encoding declaration",
      );
      return { encoding: "utf-8", source: "bytes", bomLength: 0 };
    }
    return { ...declared, bomLength: 0 };
  }
  if (declared.encoding !== "utf-8" && hasHighBytes(window) && isUtf8Prefix(window)) {
    tally.add(
      "encoding-mismatch",
      `declared ${declared.encoding} but the text is valid UTF-8; read as UTF-8`,
      "ask the site to fix its charset",
    );
    return { encoding: "utf-8", source: "bytes", bomLength: 0 };
  }
  return { ...declared, bomLength: 0 };
}

/**
 * Reads the first bytes of a document, settles its encoding, and answers the whole text as a
 * stream of strings. Bytes that are invalid UTF-8 under a UTF-8 reading are counted into an
 * `encoding-invalid` warning when the stream ends.
 */
export async function decodeDocument(
  bytes: AsyncIterable<Uint8Array>,
  contentType: string | null,
  tally: ProblemTally,
): Promise<TextDocument> {
  const peeked = await peek(bytes, (head) => byteLength(head) >= SNIFF_BYTES);
  const window = Buffer.concat(peeked.head);
  const settled = settleEncoding(window, contentType, tally);
  const decoder =
    settled.encoding === "utf-8" ? new ForgivingUtf8Decoder() : decoderFor(settled.encoding);

  async function* chunks(): AsyncGenerator<string> {
    try {
      const head = decoder.write(window.subarray(settled.bomLength));
      if (head !== "") yield head;
      for await (const part of peeked.rest) {
        const text = decoder.write(part);
        if (text !== "") yield text;
      }
      const last = decoder.end();
      if (last !== "") yield last;
    } finally {
      await peeked.close();
      if (decoder instanceof ForgivingUtf8Decoder && decoder.repaired > 0)
        tally.add(
          "encoding-invalid",
          `${decoder.repaired.toLocaleString("en-US")} bytes are not valid UTF-8; read as windows-1252`,
          "the file is probably Latin-1 under a UTF-8 declaration; ask the site to fix it",
          `byte ${decoder.firstRepairAt ?? 0}`,
        );
    }
  }
  return { encoding: settled.encoding, source: settled.source, chunks: chunks() };
}
