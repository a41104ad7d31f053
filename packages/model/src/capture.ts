/** Header lines in the order and spelling they were sent or received. */
export type HeaderList = ReadonlyArray<readonly [name: string, value: string]>;

/**
 * A body that may be large: held in memory below a threshold, spooled to a temporary file above
 * it. Readers stream it, so an archive writer never needs the whole body at once.
 */
export interface Payload {
  readonly byteLength: number;
  stream(): AsyncIterable<Uint8Array>;
}

export interface TlsInfo {
  readonly protocol: string | null;
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly validFrom: string | null;
  readonly validTo: string | null;
}

/** Why a body is shorter than what the server meant to send (WARC-Truncated values). */
export type Truncation = "length" | "time" | "disconnect" | "unspecified";

/** One HTTP request and its response, as they crossed the wire. */
export interface Exchange {
  readonly method: string;
  readonly url: string;
  /** e.g. `HTTP/1.1`. */
  readonly httpVersion: string;
  readonly requestHeaders: HeaderList;
  readonly status: number;
  readonly statusText: string;
  readonly responseHeaders: HeaderList;
  /**
   * The response body exactly as served: transfer coding (chunked) removed, content coding
   * (gzip, br) kept. This is the WARC payload.
   */
  readonly body: Payload;
  readonly truncated: Truncation | null;
  readonly ipAddress: string | null;
  readonly tls: TlsInfo | null;
  /** ISO 8601 UTC instant the request was sent. */
  readonly startedAt: string;
  readonly durationMs: number;
  /**
   * The request body (a POST from a page's script), when there was one. The WARC request record
   * carries it after the head. Default: none.
   */
  readonly requestBody?: Payload;
  /**
   * The application protocol as the client named it (`http/1.1`, `h2`, `h3`), for a capture
   * that knows it (a browser does; an HTTP/2 response has no status line to copy it from).
   * Written as `WARC-Protocol` beside the TLS version. Default: none (the status line says it).
   */
  readonly protocol?: string;
  /**
   * True when `body` is the decoded body rather than the bytes as served: a browser hands over
   * bodies with their content coding removed. The WARC writer then renames `Content-Encoding`
   * and `Content-Length`, so the record describes the block it holds. Default: false.
   */
  readonly bodyDecoded?: boolean;
}

/** A fetched page: every hop of its redirect chain, and its decoded body for extraction. */
export interface Capture {
  readonly requestedUrl: string;
  readonly finalUrl: string;
  /** Redirect hops in order; the last is the final response. */
  readonly exchanges: readonly Exchange[];
  /**
   * Every exchange received, in the order received: the hops of `exchanges` and, before each
   * hop that was retried, the 429/502–504 answers it superseded. The last is the final response.
   * Present only when an answer was retried; an archive writes this list, not `exchanges`, so
   * that every response the site actually sent is kept.
   */
  readonly attempts?: readonly Exchange[];
  /** The final body with content coding removed (still bytes: charset decoding is extraction's). */
  readonly content: Uint8Array;
  /** Final response headers, for `Content-Type` charset and `Content-Language`. */
  readonly headers: HeaderList;
}

/** Looks up a header case-insensitively; the first value wins. */
export function headerValue(headers: HeaderList, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of headers) {
    if (key.toLowerCase() === wanted) return value;
  }
  return null;
}

/** A payload held in memory. */
export function bytesPayload(bytes: Uint8Array): Payload {
  return {
    byteLength: bytes.byteLength,
    async *stream() {
      yield bytes;
    },
  };
}
