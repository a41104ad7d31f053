/** Resolving and vetting URLs for the clean body: absolute, and only schemes a reader can follow. */

const SAFE_LINK = /^(?:https?|mailto|tel):/iu;
const SAFE_IMAGE = /^https?:/iu;

export class UrlResolver {
  private readonly base: URL | null;

  constructor(pageUrl: string | null, baseHref: string | null) {
    const page = parse(pageUrl ?? "", undefined);
    // HTML §4.2.3: <base href> is itself resolved against the document URL.
    this.base = baseHref ? (parse(baseHref, page ?? undefined) ?? page) : page;
  }

  /** An absolute http(s)/mailto/tel URL, or null for script URLs and unparseable values. */
  link(value: string): string | null {
    const url = this.resolve(value);
    return url !== null && SAFE_LINK.test(url) ? url : null;
  }

  /** An absolute http(s) URL for an image, or null (data: URLs are placeholders or inline blobs). */
  image(value: string): string | null {
    const url = this.resolve(value);
    return url !== null && SAFE_IMAGE.test(url) ? url : null;
  }

  private resolve(value: string): string | null {
    const trimmed = value.trim();
    if (!trimmed) return null;
    const url = parse(trimmed, this.base ?? undefined);
    return url ? url.href : null;
  }
}

/**
 * What the URL parser reads of a value: C0 controls and spaces stripped from both ends, tabs and
 * newlines anywhere removed (WHATWG URL, basic URL parser, first steps).
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the parser strips C0 controls; so must this
const C0_OR_SPACE_AT_ENDS = /^[\u0000-\u0020]+|[\u0000-\u0020]+$/gu;
const TAB_OR_NEWLINE = /[\t\n\r]/gu;
/** A scheme (RFC 3986 §3.1), as an absolute URL starts. */
const SCHEME = /^[a-z][a-z0-9+.-]*:/iu;

export function parse(value: string, base: URL | undefined): URL | null {
  if (!value) return null;
  // Without a base only an absolute URL parses. A page read from a file without --url has
  // none, and every relative link then threw, with a stack trace, to be caught here.
  if (
    base === undefined &&
    !SCHEME.test(value.replace(C0_OR_SPACE_AT_ENDS, "").replace(TAB_OR_NEWLINE, ""))
  )
    return null;
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
}
