import { subscribe } from "node:diagnostics_channel";
import type { Socket } from "node:net";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import { TLSSocket } from "node:tls";
import type { Clock, Exchange, HeaderList, TlsInfo, Truncation } from "@vellum/model";
import { VellumError } from "@vellum/model";
import { buildConnector, Client, type Dispatcher } from "undici";
import { toFetchError } from "./failures.js";
import { Spool, type SpooledPayload } from "./payload.js";
import { type AddressGuard, resolveGuarded } from "./resolve.js";
import { interrupted } from "./sleep.js";

/** An exchange whose body may live in a temporary file the owner must dispose. */
export interface SpooledExchange extends Exchange {
  readonly body: SpooledPayload;
}

export interface ExchangeSettings {
  readonly guard: AddressGuard;
  readonly connectTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly bodyIdleTimeoutMs: number;
  readonly totalTimeoutMs: number;
  readonly maxBytes: number;
  readonly spoolThresholdBytes: number;
  readonly tempDir: string | undefined;
  readonly clock: Clock;
  readonly ca: string | undefined;
  readonly rejectUnauthorized: boolean;
}

// undici publishes the request head exactly as written to the socket; with one connection per
// exchange, the socket tells which exchange it belongs to.
const headWatchers = new WeakMap<Socket, (head: string) => void>();
subscribe("undici:client:sendHeaders", (message) => {
  const { socket, headers } = message as { socket: Socket; headers: string };
  headWatchers.get(socket)?.(headers);
});

function parseRequestHead(head: string): HeaderList {
  const lines = head.split("\r\n").slice(1);
  const out: Array<readonly [string, string]> = [];
  for (const line of lines) {
    if (line === "") continue;
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    out.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
  }
  return out;
}

function rawHeaderList(raw: Buffer[]): HeaderList {
  const out: Array<readonly [string, string]> = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    // latin1: header bytes are octets (RFC 9110 §5.5); decoding as UTF-8 would change them.
    out.push([(raw[i] as Buffer).toString("latin1"), (raw[i + 1] as Buffer).toString("latin1")]);
  }
  return out;
}

function certName(name: unknown): string | null {
  if (name === null || typeof name !== "object") return null;
  const parts = Object.entries(name as Record<string, unknown>).map(
    ([k, v]) => `${k}=${Array.isArray(v) ? v.join("+") : String(v)}`,
  );
  return parts.length > 0 ? parts.join(", ") : null;
}

function isoOrNull(date: string | undefined): string | null {
  if (date === undefined) return null;
  const t = Date.parse(date);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

function tlsInfo(socket: Socket): TlsInfo | null {
  if (!(socket instanceof TLSSocket)) return null;
  const cert = socket.getPeerCertificate(false);
  const hasCert = cert !== null && Object.keys(cert).length > 0;
  return {
    protocol: socket.getProtocol() ?? null,
    subject: hasCert ? certName(cert.subject) : null,
    issuer: hasCert ? certName(cert.issuer) : null,
    validFrom: hasCert ? isoOrNull(cert.valid_from) : null,
    validTo: hasCert ? isoOrNull(cert.valid_to) : null,
  };
}

/**
 * One GET over its own connection, recorded as it crossed the wire: the request head as undici
 * wrote it, the response status line and headers in received order and spelling, and the body
 * with transfer coding removed but content coding kept (what WARC calls the payload).
 *
 * A fresh connection per exchange is deliberate: it lets the exchange name its socket's remote
 * address and certificate without guessing which pooled connection carried it, and it connects to
 * the address the private-address guard checked, so DNS cannot answer differently in between.
 */
export async function runExchange(
  url: URL,
  headers: HeaderList,
  settings: ExchangeSettings,
  signal?: AbortSignal,
): Promise<SpooledExchange> {
  if (signal?.aborted) throw interrupted(url.href);
  const startedAt = settings.clock.now().toISOString();
  const t0 = performance.now();
  let ipAddress: string | null = null;
  let tls: TlsInfo | null = null;
  let requestHead: HeaderList | null = null;
  let httpVersion = "HTTP/1.1";

  const base = buildConnector({
    timeout: settings.connectTimeoutMs,
    ...(settings.ca === undefined ? {} : { ca: settings.ca }),
    rejectUnauthorized: settings.rejectUnauthorized,
  });
  const connect: buildConnector.connector = (options, callback) => {
    resolveGuarded(options.hostname, settings.guard).then(
      (pinned) => {
        base({ ...options, hostname: pinned.address }, (error, connected) => {
          if (connected !== null && error === null) {
            const socket = connected as Socket;
            // Read now: once the server closes the connection the socket forgets its peer.
            ipAddress = socket.remoteAddress ?? null;
            tls = tlsInfo(socket);
            headWatchers.set(socket, (head) => {
              requestHead = parseRequestHead(head);
            });
            watchStatusLine(socket, (version) => {
              httpVersion = version;
            });
          }
          if (error !== null) callback(error, null);
          else callback(null, connected as Socket);
        });
      },
      (error: unknown) => callback(error as Error, null),
    );
  };

  const client = new Client(url.origin, {
    connect,
    headersTimeout: settings.headersTimeoutMs,
    bodyTimeout: settings.bodyIdleTimeoutMs,
    // No pipelining and no keep-alive: one exchange, one connection (see above).
    pipelining: 0,
    maxResponseSize: -1,
  });

  let abortRequest: ((reason: Error) => void) | null = null;
  let pendingAbort: Error | null = null;
  const abort = (reason: Error) => {
    if (abortRequest !== null) {
      abortRequest(reason);
      return;
    }
    // Still resolving or connecting: undici has no abort handle yet, but destroying the client
    // fails the queued request with `reason` instead of waiting out the connect timeout.
    pendingAbort = reason;
    client.destroy(reason).catch(() => undefined);
  };

  let resumeBody: (() => void) | null = null;
  const body = new Readable({
    read() {
      resumeBody?.();
    },
  });
  body.on("error", () => undefined);

  const head = new Promise<{ status: number; statusText: string; headers: HeaderList }>(
    (resolve, reject) => {
      let started = false;
      const handler: Dispatcher.DispatchHandler = {
        onConnect(abortFn) {
          abortRequest = abortFn;
          if (pendingAbort !== null) abortFn(pendingAbort);
        },
        onHeaders(statusCode, rawHeaders, resume, statusText) {
          // 1xx interim responses are not the answer; undici passes them only for upgrades.
          if (statusCode < 200) return true;
          started = true;
          resumeBody = resume;
          resolve({ status: statusCode, statusText, headers: rawHeaderList(rawHeaders) });
          return true;
        },
        onData(chunk) {
          return body.push(chunk);
        },
        onComplete() {
          body.push(null);
        },
        onError(error) {
          if (started) body.destroy(error);
          else reject(error);
        },
      };
      client.dispatch(
        {
          origin: url.origin,
          path: `${url.pathname}${url.search}`,
          method: "GET",
          headers: headers.flat(),
        },
        handler,
      );
    },
  );

  let timedOut = false;
  const total = setTimeout(() => {
    timedOut = true;
    abort(
      new VellumError("fetch-timeout", "Timed out: the whole exchange took too long", {
        value: url.href,
        hint: "raise --timeout",
      }),
    );
  }, settings.totalTimeoutMs);
  const onAbort = () => abort(interrupted(url.href));
  signal?.addEventListener("abort", onAbort, { once: true });

  const spool = new Spool(settings.spoolThresholdBytes, settings.tempDir);
  try {
    const response = await head;
    let truncated: Truncation | null = null;
    let received = 0;
    for await (const chunk of body) {
      const bytes = chunk as Uint8Array;
      const room = settings.maxBytes - received;
      if (bytes.byteLength > room) {
        await spool.write(bytes.subarray(0, room));
        received += room;
        truncated = "length";
        abort(new Error("body over the size cap"));
        break;
      }
      received += bytes.byteLength;
      await spool.write(bytes);
    }
    const payload = await spool.finish();
    return {
      method: "GET",
      url: url.href,
      httpVersion,
      requestHeaders: requestHead ?? fallbackHead(url, headers),
      status: response.status,
      statusText: response.statusText,
      responseHeaders: response.headers,
      body: payload,
      truncated,
      ipAddress,
      tls,
      startedAt,
      durationMs: Math.round(performance.now() - t0),
    };
  } catch (error) {
    await spool.discard();
    if (timedOut && !(error instanceof VellumError)) {
      throw new VellumError("fetch-timeout", "Timed out: the whole exchange took too long", {
        value: url.href,
        hint: "raise --timeout",
      });
    }
    throw toFetchError(error, url.href);
  } finally {
    clearTimeout(total);
    signal?.removeEventListener("abort", onAbort);
    client.destroy().catch(() => undefined);
  }
}

/**
 * The HTTP version the server put in its status line (an HTTP/1.0 server answers `HTTP/1.0`
 * even to a 1.1 request, and the archived head must say so). undici parses the line but does
 * not expose the version, so peek at the first bytes read from this exchange's own socket;
 * undici reads with `socket.read()`, which is wrapped here, so its reading is unchanged.
 */
function watchStatusLine(socket: Socket, found: (version: string) => void): void {
  const read = socket.read.bind(socket);
  let seen = "";
  socket.read = (size?: number) => {
    const chunk = read(size) as Buffer | string | null;
    if (chunk !== null && seen.length < 16) {
      seen += (typeof chunk === "string" ? chunk : chunk.toString("latin1")).slice(0, 16);
      const version = /^HTTP\/\d(?:\.\d)?/.exec(seen)?.[0];
      if (version !== undefined) {
        found(version);
        socket.read = read;
      } else if (seen.length >= 16) socket.read = read;
    }
    return chunk;
  };
}

/** What undici writes when no diagnostics message arrived (it always should). */
function fallbackHead(url: URL, headers: HeaderList): HeaderList {
  return [["host", url.host], ["connection", "close"], ...headers];
}
