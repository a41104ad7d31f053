import { VellumError } from "@vellum/model";

/** The first `code` (`ECONNREFUSED`, `UND_ERR_HEADERS_OVERFLOW` …) along an error's cause chain. */
export function networkCode(error: unknown): string | null {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && typeof current === "object"; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && !(current instanceof VellumError)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Failures a second try can cure: the host is down or busy, a path or a resolver hiccupped, a
 * timeout. Everything else (a TLS certificate, a header block too large, a response that is not
 * HTTP, a name that does not exist) gives the same answer every time, so it is not retried.
 */
const TRANSIENT = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ECONNABORTED",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "EAI_AGAIN", // a resolver that could not answer now, unlike ENOTFOUND's "no such name"
  "UND_ERR_SOCKET", // the server closed the connection mid-response
  "UND_ERR_CLOSED",
]);

/** True when trying the same request again may give another outcome. */
export function isTransientFailure(error: VellumError): boolean {
  if (error.code === "fetch-timeout") return true;
  if (error.code !== "fetch-failed") return false;
  const code = networkCode(error);
  return code !== null && TRANSIENT.has(code);
}

const TIMEOUTS: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: "Timed out connecting",
  UND_ERR_HEADERS_TIMEOUT: "Timed out waiting for the response headers",
  UND_ERR_BODY_TIMEOUT: "The response body stalled",
  ETIMEDOUT: "Timed out connecting",
};

/** What a person reads for the network codes seen in practice, with what to do. */
const REASONS: Record<string, readonly [string, string]> = {
  ECONNREFUSED: [
    "The host refused the connection",
    "nothing is listening there: check the URL and the port, or retry when the site is up",
  ],
  ENOTFOUND: ["The host name did not resolve", "check the URL for a typo"],
  EAI_AGAIN: ["The host name could not be resolved just now", "check your network, or retry"],
  ECONNRESET: ["The server reset the connection", "retry later"],
  UND_ERR_SOCKET: ["The server closed the connection before the response ended", "retry later"],
  EHOSTUNREACH: ["No route to the host", "check your network, or retry later"],
  ENETUNREACH: ["The network is unreachable", "check your network connection"],
  UND_ERR_HEADERS_OVERFLOW: [
    "The response headers are larger than an HTTP client accepts (16 KiB)",
    "the server sends an oversized header block; a retry gets the same",
  ],
};

/** Node's TLS certificate verification codes (`X509_V_ERR_*` without the prefix) and the name check. */
function isCertificateError(code: string): boolean {
  return (
    code === "ERR_TLS_CERT_ALTNAME_INVALID" ||
    code === "HOSTNAME_MISMATCH" ||
    /^(?:CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|INVALID_CA|PATH_LENGTH_|INVALID_PURPOSE|ERROR_IN_CERT_)/.test(
      code,
    )
  );
}

/** Turns whatever undici or the socket threw into a `VellumError` with a reason a person reads. */
export function toFetchError(error: unknown, url: string): VellumError {
  if (error instanceof VellumError) return error;
  const code = networkCode(error) ?? "";
  const message = error instanceof Error ? error.message : String(error);
  const timeout = TIMEOUTS[code];
  if (timeout !== undefined) {
    return new VellumError("fetch-timeout", timeout, {
      value: url,
      hint: "raise --timeout or retry later",
      cause: error,
    });
  }
  const known = REASONS[code];
  if (known !== undefined) {
    return new VellumError("fetch-failed", known[0], { value: url, hint: known[1], cause: error });
  }
  if (isCertificateError(code)) {
    return new VellumError(
      "fetch-failed",
      `The server's TLS certificate is not valid: ${message}`,
      {
        value: url,
        hint: "the certificate is expired, self-signed or for another name; a retry gets the same",
        cause: error,
      },
    );
  }
  if (code.startsWith("HPE_")) {
    return new VellumError("fetch-failed", `The response is not valid HTTP: ${message}`, {
      value: url,
      hint: "the server answers malformed HTTP; a retry gets the same",
      cause: error,
    });
  }
  const reason = code !== "" && !message.includes(code) ? `${message} (${code})` : message;
  return new VellumError("fetch-failed", `Network error: ${reason}`, {
    value: url,
    hint: "check the URL and your network, or retry later",
    cause: error,
  });
}
