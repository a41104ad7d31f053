import { isAscii, isUtf8 as isValidUtf8 } from "node:buffer";
import { createRequire } from "node:module";
import type { HeaderList } from "@vellum/model";
import { headerValue } from "@vellum/model";
import { encodingForLabel, iconvName } from "./labels.js";

/**
 * iconv-lite and chardet read only the pages that are not UTF-8 (chardet only those that do not
 * say what they are either), so they are required on the first such page rather than imported
 * with the extractor: every start of it (each `vellum extract`, each worker thread) compiled
 * their 670 KB of code and tables, about 20 ms, for pages that are nearly all UTF-8.
 */
const requireAtRunTime = createRequire(import.meta.url);
let legacy: {
  readonly iconv: typeof import("iconv-lite");
  readonly detect: typeof import("chardet").detect;
} | null = null;

function legacyCodecs(): NonNullable<typeof legacy> {
  legacy ??= {
    iconv: requireAtRunTime("iconv-lite") as typeof import("iconv-lite"),
    detect: (requireAtRunTime("chardet") as typeof import("chardet")).detect,
  };
  return legacy;
}

/** Which step of the sniffing algorithm settled the encoding. */
export type DecodeSource = "bom" | "http" | "meta" | "bytes" | "detector" | "default" | "string";

export interface DecodedHtml {
  readonly html: string;
  /** The WHATWG name of the encoding used, e.g. `windows-1252`, `shift_jis`. */
  readonly encoding: string;
  readonly source: DecodeSource;
  /** The legacy encoding the header or `<meta>` named when the bytes proved to be UTF-8. */
  readonly overruled?: string;
}

/** How many bytes the prescan looks at (HTML §13.2.3.2 "prescan a byte stream"). */
const PRESCAN_BYTES = 1024;
/** The detector needs some text to be right; past this it only costs time. */
const DETECT_BYTES = 64 * 1024;

/**
 * Decodes an HTML body in the order a browser uses (HTML §13.2.3.2 "determining the character
 * encoding"): byte order mark, then the HTTP `Content-Type` charset, then `<meta charset>` or
 * `http-equiv` in the first 1024 bytes, then a detector, then windows-1252. One deliberate
 * departure: where a legacy label meets non-ASCII bytes that are valid UTF-8, the bytes win
 * (source `bytes`, the label in `overruled`). Never throws.
 */
export function decodeHtml(bytes: Uint8Array, headers?: HeaderList): DecodedHtml {
  const bom = sniffBom(bytes);
  if (bom)
    return {
      html: decodeAs(bytes.subarray(bom.length), bom.encoding),
      encoding: bom.encoding,
      source: "bom",
    };

  const fromHttp = headers ? charsetFromContentType(headerValue(headers, "content-type")) : null;
  const fromMeta = fromHttp ? null : prescanMeta(bytes);
  const declared = fromHttp ?? fromMeta;
  if (declared) {
    // A page re-saved as UTF-8 keeps its old `<meta charset=Shift_JIS>`, and servers send a
    // default `charset=ISO-8859-1` for UTF-8 files. Non-ASCII text that is valid UTF-8 is
    // practically never legacy-encoded text, so there the bytes outrank the label.
    if (!UNICODE.has(declared) && !isAscii(bytes) && isValidUtf8(bytes))
      return {
        html: decodeAs(bytes, "utf-8"),
        encoding: "utf-8",
        source: "bytes",
        overruled: declared,
      };
    return {
      html: decodeAs(bytes, declared),
      encoding: declared,
      source: fromHttp ? "http" : "meta",
    };
  }

  // Most unlabelled pages are UTF-8: a validity check (simdutf in Node) settles them at once.
  if (isValidUtf8(bytes))
    return { html: decodeAs(bytes, "utf-8"), encoding: "utf-8", source: "detector" };
  const detected = detectEncoding(bytes);
  if (detected) return { html: decodeAs(bytes, detected), encoding: detected, source: "detector" };

  return { html: decodeAs(bytes, "windows-1252"), encoding: "windows-1252", source: "default" };
}

/** The encoding a byte order mark names, and its length; null without one. */
export function sniffBom(bytes: Uint8Array): { encoding: string; length: number } | null {
  const [a, b, c] = [bytes[0], bytes[1], bytes[2]];
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: "utf-8", length: 3 };
  if (a === 0xfe && b === 0xff) return { encoding: "utf-16be", length: 2 };
  if (a === 0xff && b === 0xfe) return { encoding: "utf-16le", length: 2 };
  return null;
}

/** The encoding named by a `Content-Type` value's charset parameter, if it names a known one. */
export function charsetFromContentType(value: string | null): string | null {
  if (!value) return null;
  const m = /;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i.exec(value);
  const label = m?.[1] ?? m?.[2];
  return label ? encodingForLabel(label) : null;
}

/**
 * A simplified prescan: comments skipped, then each `<meta>` tag's `charset`, or `http-equiv=
 * content-type` with a `content` charset. Reading the bytes as latin1 keeps offsets 1:1 and is
 * safe because every label is ASCII.
 */
function prescanMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(
    bytes.buffer,
    bytes.byteOffset,
    Math.min(bytes.byteLength, PRESCAN_BYTES),
  )
    .toString("latin1")
    .replace(/<!--[\s\S]*?(?:-->|$)/g, "");
  for (const tag of head.matchAll(/<meta[\s/][^>]*>?/gi)) {
    const attrs = parseAttributes(tag[0]);
    let encoding: string | null = null;
    const charset = attrs.get("charset");
    if (charset !== undefined) encoding = encodingForLabel(charset);
    else if (attrs.get("http-equiv")?.toLowerCase() === "content-type") {
      encoding = charsetFromContentType(`;${attrs.get("content") ?? ""}`);
    }
    if (!encoding) continue;
    // §13.2.3.2 step 11: a meta that claims UTF-16 was decoded as ASCII, so it must be UTF-8;
    // x-user-defined there means windows-1252.
    if (encoding === "utf-16le" || encoding === "utf-16be") return "utf-8";
    if (encoding === "x-user-defined") return "windows-1252";
    return encoding;
  }
  return null;
}

function parseAttributes(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of tag
    .slice(5)
    .matchAll(/([^\s=/>]+)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?/g)) {
    const name = (m[1] ?? "").toLowerCase();
    // §13.2.3.2: the first occurrence of an attribute wins.
    if (!attrs.has(name)) attrs.set(name, m[2] ?? m[3] ?? m[4] ?? "");
  }
  return attrs;
}

function detectEncoding(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, DETECT_BYTES);
  if (isUtf8Prefix(sample)) return "utf-8";
  let label: string | null = null;
  try {
    label = legacyCodecs().detect(sample);
  } catch {
    return null;
  }
  if (!label) return null;
  // chardet names Latin-1 pages ISO-8859-1, which browsers read as windows-1252 (same mapping here).
  return encodingForLabel(label) ?? encodingForLabel(label.replace(/_/g, "-"));
}

/** Valid UTF-8, allowing a multi-byte sequence cut off at the end of the sample. */
export function isUtf8Prefix(sample: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

const NATIVE = new Set(["utf-8", "utf-16le", "utf-16be"]);
/** Labels that already name a Unicode encoding, or that no byte check may overrule. */
const UNICODE = new Set([...NATIVE, "replacement", "x-user-defined"]);

function decodeAs(bytes: Uint8Array, encoding: string): string {
  // §4.2: the replacement encodings decode everything to one U+FFFD, to defeat ISO-2022 attacks.
  if (encoding === "replacement") return bytes.byteLength ? "\uFFFD" : "";
  if (encoding === "x-user-defined") {
    let out = "";
    for (const b of bytes) out += String.fromCharCode(b < 0x80 ? b : 0xf780 + b - 0x80);
    return out;
  }
  // Buffer's UTF-8 decoder is the fastest in Node and, like TextDecoder, maps bad bytes to U+FFFD.
  if (encoding === "utf-8")
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8");
  if (NATIVE.has(encoding)) return new TextDecoder(encoding).decode(bytes);
  try {
    return legacyCodecs().iconv.decode(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength),
      iconvName(encoding),
    );
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}
