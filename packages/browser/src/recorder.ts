import { STATUS_CODES } from "node:http";
import { performance } from "node:perf_hooks";
import {
  type Fetcher,
  isPrivateAddress,
  resolveGuarded,
  Spool,
  type SpooledPayload,
} from "@vellum/fetch";
import {
  bytesPayload,
  type Exchange,
  type HeaderList,
  isVellumError,
  type RequestAnswer,
  type RequestGate,
  type TlsInfo,
  type Truncation,
} from "@vellum/model";
import type { CDPSession } from "playwright-core";
import type {
  ErrorReason,
  HeaderEntry,
  LoadingFailedEvent,
  LoadingFinishedEvent,
  RequestPausedEvent,
  RequestWillBeSentExtraInfoEvent,
  ResponseReceivedEvent,
  ResponseReceivedExtraInfoEvent,
} from "./cdp.js";

/** A recorded exchange whose body may sit in a temporary file until it is written. */
export interface RecordedExchange extends Exchange {
  readonly body: SpooledPayload;
  /** CDP resource type (`Document`, `Script`, `Image`, `XHR` …). */
  readonly resourceType: string;
  /** The CDP request id, the same across the hops of one redirect chain. */
  readonly networkId: string;
}

export interface RecorderSettings {
  readonly fetcher: Fetcher;
  /**
   * The politeness gate each request waits at, its slot held until its response has been read
   * (a fleet job's); robots.txt is fetched through it too. Default: the fetcher's
   * (`fetcher.throttle`).
   */
  readonly gate?: RequestGate;
  /** Requests one page may make; the rest are refused. */
  readonly maxRequests: number;
  /** Bodies larger than this are recorded but refused to the page. */
  readonly maxDeliverBytes: number;
  /** True for a request a block list refuses. */
  readonly blocked: (url: string, resourceType: string) => boolean;
  /** Network ids this page let through, so the browser-level gate knows them as the page's. */
  readonly owned: Set<string>;
  /** Called for every exchange recorded, in the order each completed. */
  readonly onExchange: (exchange: RecordedExchange) => void;
}

/** Why requests of a page were refused, counted for the report. */
export interface RefusalCounts {
  robots: number;
  privateAddress: number;
  blockList: number;
  overLimit: number;
  other: number;
}

interface Pending {
  readonly networkId: string;
  /** Frees the request's slot at its gate, telling the gate what the host answered. */
  release: (answer: RequestAnswer) => void;
  /** The host's answer, once its head has arrived. */
  answer: RequestAnswer | null;
  readonly startedAt: string;
  readonly t0: number;
}

/** What a gate is told of a request that got no answer (failed, refused, or the page closed). */
const NO_ANSWER: RequestAnswer = { status: 0, responseHeaders: [] };

/** The fetcher's gate, as a `RequestGate`: what a page's requests wait at by default. */
function throttleGate(fetcher: Fetcher): RequestGate {
  return (url, request, signal) => fetcher.throttle(url.href, request, signal);
}

/** Bodies up to this size are read in one `Fetch.getResponseBody`; larger or unknown ones stream. */
const STREAM_CHUNK = 64 * 1024;

function headerListOf(entries: readonly HeaderEntry[] | undefined): HeaderList {
  return (entries ?? []).map((h) => [h.name, h.value] as const);
}

function contentLength(headers: HeaderList): number | null {
  for (const [name, value] of headers) {
    if (name.toLowerCase() === "content-length") {
      const n = Number(value.trim());
      return Number.isInteger(n) && n >= 0 ? n : null;
    }
  }
  return null;
}

/** `HTTP/1.1 200 OK` → version and reason, from the exact header block Chromium received. */
function statusLine(headersText: string | undefined): { version: string; reason: string } | null {
  if (headersText === undefined) return null;
  const match = /^(HTTP\/\d(?:\.\d)?) \d{3}(?: (.*))?$/.exec(headersText.split("\r\n")[0] ?? "");
  if (match === null) return null;
  return { version: match[1] as string, reason: match[2] ?? "" };
}

/** `TLS 1.3` (CDP) → `TLSv1.3` (what Node names it and the WARC writer expects). */
function tlsOf(details: ResponseReceivedEvent["response"]["securityDetails"]): TlsInfo | null {
  if (details === undefined) return null;
  const iso = (seconds: number) =>
    Number.isFinite(seconds) ? new Date(seconds * 1000).toISOString() : null;
  return {
    protocol: details.protocol.replace(/^TLS (\d)/, "TLSv$1"),
    subject: details.subjectName === "" ? null : `CN=${details.subjectName}`,
    issuer: details.issuer === "" ? null : `CN=${details.issuer}`,
    validFrom: iso(details.validFrom),
    validTo: iso(details.validTo),
  };
}

function requestBody(event: RequestPausedEvent): Uint8Array | null {
  const entries = event.request.postDataEntries;
  if (entries !== undefined && entries.length > 0) {
    return Buffer.concat(entries.map((e) => Buffer.from(e.bytes ?? "", "base64")));
  }
  if (event.request.postData !== undefined) return Buffer.from(event.request.postData, "utf8");
  return null;
}

/** Address spaces Chromium reports for responses from the operator's own network. */
const PRIVATE_SPACES = new Set(["Loopback", "Local", "Private"]);

/**
 * Records every exchange one page makes through its page-level CDP session: `Fetch` paused at
 * the request stage applies the run's rules to each request (the request cap, block lists, the
 * private-address guard, robots.txt, the per-host politeness gate), and paused at the response
 * stage takes the body (in one read when small, streamed through a spool when large or of unknown
 * size, capped at the fetcher's `maxBytes`); `Network` events add what `Fetch` does not carry —
 * the request headers as sent, the exact status line, the remote address, the protocol and TLS.
 * Redirect hops are exchanges of their own. Nothing here throws into the page: a failure of one
 * request becomes a failed request and a count.
 */
export class PageRecorder {
  readonly #cdp: CDPSession;
  readonly #settings: RecorderSettings;
  readonly #sentHeaders = new Map<string, HeaderList>();
  readonly #extraInfo = new Map<string, ResponseReceivedExtraInfoEvent>();
  readonly #responses = new Map<string, ResponseReceivedEvent["response"]>();
  readonly #waiters = new Map<string, Array<() => void>>();
  /** Requests let through and not yet finished, by network id. */
  readonly #inFlight = new Map<string, Pending>();
  /**
   * Requests waiting at their host's gate: in flight for the page (it waits for them), so the
   * network is not quiet while a polite delay holds one back.
   */
  #waiting = 0;
  /** Aborted by `stop()`: requests still waiting at a gate give up their place. */
  readonly #stopping = new AbortController();
  readonly #gate: RequestGate;
  /** Request and response handlers running, so `stop()` can wait for them. */
  readonly #handlers = new Set<Promise<void>>();
  /** Whether the guard let a request's host through on a loopback or private address. */
  readonly #privateAdmitted = new Map<string, boolean>();
  #requests = 0;
  #lastActivity = performance.now();
  #closed = false;
  readonly refused: RefusalCounts = {
    robots: 0,
    privateAddress: 0,
    blockList: 0,
    overLimit: 0,
    other: 0,
  };
  /** URLs refused, with the reason, the first few per reason (for notes). */
  readonly refusedExamples: Array<{ url: string; reason: string }> = [];
  truncatedBodies = 0;

  constructor(cdp: CDPSession, settings: RecorderSettings) {
    this.#cdp = cdp;
    this.#settings = settings;
    this.#gate = settings.gate ?? throttleGate(settings.fetcher);
  }

  async start(): Promise<void> {
    const cdp = this.#cdp;
    cdp.on("Network.requestWillBeSentExtraInfo", (e: RequestWillBeSentExtraInfoEvent) => {
      this.#sentHeaders.set(
        e.requestId,
        Object.entries(e.headers).map(([k, v]) => [k, v] as const),
      );
    });
    cdp.on("Network.responseReceivedExtraInfo", (e: ResponseReceivedExtraInfoEvent) => {
      this.#extraInfo.set(e.requestId, e);
      this.#wake(e.requestId);
    });
    cdp.on("Network.responseReceived", (e: ResponseReceivedEvent) => {
      this.#responses.set(e.requestId, e.response);
      this.#wake(e.requestId);
    });
    cdp.on("Network.loadingFinished", (e: LoadingFinishedEvent) => this.#finish(e.requestId));
    cdp.on("Network.loadingFailed", (e: LoadingFailedEvent) => this.#finish(e.requestId));
    cdp.on("Fetch.requestPaused", (e: RequestPausedEvent) => {
      const work =
        e.responseStatusCode === undefined && e.responseErrorReason === undefined
          ? this.#onRequest(e)
          : this.#onResponse(e);
      this.#handlers.add(work);
      work
        .catch(() => this.#fail(e.requestId, "Aborted"))
        .finally(() => this.#handlers.delete(work));
    });
    await cdp.send("Network.enable", {});
    await cdp.send("Fetch.enable", {
      patterns: [
        { urlPattern: "*", requestStage: "Request" },
        { urlPattern: "*", requestStage: "Response" },
      ],
    });
  }

  /** Requests waiting at their host's gate or let through, whose response has not finished arriving. */
  get inFlight(): number {
    return this.#inFlight.size + this.#waiting;
  }

  /** Milliseconds since a request last started or finished. */
  get quietMs(): number {
    return performance.now() - this.#lastActivity;
  }

  get requests(): number {
    return this.#requests;
  }

  /**
   * Stops recording: releases the politeness gates still held and waits (a few seconds at most:
   * the page is closing, so its CDP calls fail fast) for the responses being read to reach
   * `onExchange`.
   */
  async stop(): Promise<void> {
    this.#closed = true;
    this.#stopping.abort();
    for (const pending of this.#inFlight.values()) pending.release(pending.answer ?? NO_ANSWER);
    this.#inFlight.clear();
    for (const wake of this.#waiters.values()) for (const w of wake) w();
    this.#waiters.clear();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.allSettled([...this.#handlers]),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, 5_000);
      }),
    ]);
    clearTimeout(timer);
  }

  #wake(networkId: string): void {
    const waiting = this.#waiters.get(networkId);
    if (waiting === undefined) return;
    this.#waiters.delete(networkId);
    for (const w of waiting) w();
  }

  /** Resolves once `ready()` holds for `networkId`, or after `ms`. */
  #waitFor(networkId: string, ready: () => boolean, ms: number): Promise<void> {
    if (ready() || this.#closed) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      const enlist = () => {
        const list = this.#waiters.get(networkId) ?? [];
        list.push(check);
        this.#waiters.set(networkId, list);
      };
      // `#wake` takes the whole list before calling it, so a check that is not yet satisfied
      // enlists again in a fresh list rather than in the one being walked.
      const check = () => {
        if (ready() || this.#closed) done();
        else enlist();
      };
      function done() {
        clearTimeout(timer);
        resolve();
      }
      enlist();
    });
  }

  #finish(networkId: string): void {
    const pending = this.#inFlight.get(networkId);
    if (pending === undefined) return;
    this.#inFlight.delete(networkId);
    this.#lastActivity = performance.now();
    pending.release(pending.answer ?? NO_ANSWER);
    this.#wake(networkId);
  }

  #refuse(
    event: RequestPausedEvent,
    kind: keyof RefusalCounts,
    reason: string,
    errorReason: ErrorReason = "BlockedByClient",
  ): Promise<void> {
    this.refused[kind] += 1;
    if (this.refusedExamples.filter((r) => r.reason === reason).length < 3) {
      this.refusedExamples.push({ url: event.request.url, reason });
    }
    return this.#fail(event.requestId, errorReason);
  }

  async #fail(requestId: string, errorReason: ErrorReason): Promise<void> {
    await this.#cdp.send("Fetch.failRequest", { requestId, errorReason }).catch(() => undefined);
  }

  async #onRequest(event: RequestPausedEvent): Promise<void> {
    const { url } = event.request;
    const networkId = event.networkId ?? event.requestId;
    const settings = this.#settings;
    const fetcher = settings.fetcher;
    this.#lastActivity = performance.now();
    if (this.#closed) return this.#fail(event.requestId, "Aborted");
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return this.#refuse(event, "other", "not a URL");
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      return this.#refuse(event, "other", `${parsed.protocol} request`);
    }
    this.#requests += 1;
    if (this.#requests > settings.maxRequests) {
      return this.#refuse(event, "overLimit", `over ${settings.maxRequests} requests`);
    }
    if (settings.blocked(url, event.resourceType)) {
      return this.#refuse(event, "blockList", "block list");
    }
    try {
      const resolved = await resolveGuarded(parsed.hostname, fetcher.guard);
      this.#privateAdmitted.set(networkId, isPrivateAddress(resolved.address));
    } catch (error) {
      if (isVellumError(error) && error.code === "private-address") {
        return this.#refuse(event, "privateAddress", "private address");
      }
      return this.#refuse(event, "other", "host not found", "AddressUnreachable");
    }
    if (fetcher.options.respectRobots) {
      try {
        const rules = await fetcher.robots(
          url,
          settings.gate === undefined ? undefined : { gate: settings.gate },
        );
        if (!rules.allows(parsed)) return this.#refuse(event, "robots", "robots.txt");
      } catch {
        return this.#refuse(event, "robots", "robots.txt unreachable");
      }
    }
    if (this.#closed) return this.#fail(event.requestId, "Aborted");
    // Held until the host's gate lets it go; the gate is released once the whole response has
    // been read at the response stage (or the request failed, or the page closed), and told what
    // the host answered (a 429 or 503 slows the host, in a fleet).
    this.#waiting += 1;
    const admitted = await new Promise<boolean>((admit) => {
      this.#gate(
        parsed,
        () => {
          admit(true);
          return new Promise<RequestAnswer>((release) => {
            const previous = this.#inFlight.get(networkId);
            previous?.release(previous.answer ?? NO_ANSWER);
            this.#inFlight.set(networkId, {
              networkId,
              release,
              answer: null,
              startedAt: fetcher.options.clock.now().toISOString(),
              t0: performance.now(),
            });
            if (this.#closed) release(NO_ANSWER);
          });
        },
        this.#stopping.signal,
      ).catch(() => admit(false));
    }).finally(() => {
      this.#waiting -= 1;
    });
    if (this.#closed) {
      this.#finish(networkId);
      return this.#fail(event.requestId, "Aborted");
    }
    // The gate could not be asked (its store unreachable): the request does not go unpaced.
    if (!admitted) return this.#refuse(event, "other", "politeness gate unavailable", "Aborted");
    settings.owned.add(networkId);
    this.#lastActivity = performance.now();
    await this.#cdp.send("Fetch.continueRequest", { requestId: event.requestId });
  }

  async #onResponse(event: RequestPausedEvent): Promise<void> {
    const networkId = event.networkId ?? event.requestId;
    const status = event.responseStatusCode ?? 0;
    const fetcher = this.#settings.fetcher;
    if (event.responseErrorReason !== undefined || this.#closed) {
      await this.#cdp.send("Fetch.continueRequest", { requestId: event.requestId }).catch(() => {
        this.#finish(networkId);
      });
      return;
    }
    const pending = this.#inFlight.get(networkId);
    const startedAt = pending?.startedAt ?? fetcher.options.clock.now().toISOString();
    const t0 = pending?.t0 ?? performance.now();
    const headers = headerListOf(event.responseHeaders);
    if (pending !== undefined) pending.answer = { status, responseHeaders: headers };

    // The private-address guard was applied to the host name; the address the browser reached
    // is checked again here, before the body goes to the page or the archive, so a name that
    // resolves differently the second time (DNS rebinding) gains nothing.
    const ready = () => this.#extraInfo.has(networkId);
    await this.#waitFor(networkId, ready, 1_000);
    const extra = this.#extraInfo.get(networkId);
    this.#extraInfo.delete(networkId);
    // CDP names the address space reached, not the address: a private space is expected only
    // where the guard admitted a private address for this request's host.
    const admitted = this.#privateAdmitted.get(networkId) ?? false;
    if (!admitted && PRIVATE_SPACES.has(extra?.resourceIPAddressSpace ?? "")) {
      this.refused.privateAddress += 1;
      this.refusedExamples.push({ url: event.request.url, reason: "private address" });
      this.#finish(networkId);
      return this.#fail(event.requestId, "AddressUnreachable");
    }
    const line = statusLine(extra?.headersText);
    const location = headers.some(([k]) => k.toLowerCase() === "location");
    const isRedirect = status >= 300 && status < 400 && location;

    let body: SpooledPayload;
    let truncated: Truncation | null = null;
    let delivered = true;
    const declared = contentLength(headers);
    const maxBytes = fetcher.options.maxBytes;
    const threshold = fetcher.options.spoolThresholdBytes;
    if (isRedirect) {
      // Chromium does not hand over a redirect's body; the hop is recorded with an empty one.
      body = await new Spool(threshold, fetcher.options.tempDir).finish();
      await this.#cdp.send("Fetch.continueResponse", { requestId: event.requestId });
      this.#finish(networkId);
    } else if (declared !== null && declared <= Math.min(threshold, maxBytes)) {
      const read = await this.#cdp
        .send("Fetch.getResponseBody", { requestId: event.requestId })
        .catch(() => null);
      const spool = new Spool(threshold, fetcher.options.tempDir);
      if (read !== null) {
        await spool.write(Buffer.from(read.body, read.base64Encoded ? "base64" : "utf8"));
      } else truncated = "unspecified";
      body = await spool.finish();
      await this.#cdp.send("Fetch.continueResponse", { requestId: event.requestId });
      this.#finish(networkId);
    } else {
      const streamed = await this.#stream(event.requestId, maxBytes, threshold);
      body = streamed.body;
      truncated = streamed.truncated;
      delivered = truncated === null && body.byteLength <= this.#settings.maxDeliverBytes;
      if (truncated !== null) this.truncatedBodies += 1;
      if (delivered) await this.#fulfill(event, headers, body);
      else await this.#fail(event.requestId, "BlockedByResponse");
      this.#finish(networkId);
    }

    // Protocol, address and TLS arrive with responseReceived, after the response went on. A
    // body handed back with fulfillRequest is described by that event as Vellum's own answer,
    // so for it only the protocol is kept, read from the header block Chromium received (an
    // HTTP/1.x status line; none for h2, the only other protocol with QUIC off).
    const fulfilled =
      !isRedirect && !(declared !== null && declared <= Math.min(threshold, maxBytes));
    await this.#waitFor(networkId, () => this.#responses.has(networkId), isRedirect ? 0 : 2_000);
    const received = this.#responses.get(networkId);
    this.#responses.delete(networkId);
    const response = fulfilled
      ? {
          protocol:
            line !== null
              ? line.version.toLowerCase()
              : new URL(event.request.url).protocol === "https:"
                ? "h2"
                : undefined,
        }
      : received;
    const requestHeaders =
      this.#sentHeaders.get(networkId) ??
      Object.entries(event.request.headers).map(([k, v]) => [k, v] as const);
    const postData = requestBody(event);
    const exchange: RecordedExchange = {
      method: event.request.method,
      url: event.request.url,
      httpVersion: line?.version ?? "HTTP/1.1",
      requestHeaders,
      status,
      // HTTP/2 carries no reason phrase; the status line the record needs gets the standard one.
      statusText: line?.reason || event.responseStatusText || STATUS_CODES[status] || "",
      responseHeaders: headers,
      body,
      truncated,
      ipAddress:
        (response !== undefined && "remoteIPAddress" in response
          ? response.remoteIPAddress?.replace(/^\[|\]$/g, "")
          : undefined) || null,
      tls:
        response !== undefined && "securityDetails" in response
          ? tlsOf(response.securityDetails)
          : null,
      startedAt,
      durationMs: Math.round(performance.now() - t0),
      ...(postData === null ? {} : { requestBody: bytesPayload(postData) }),
      ...(response?.protocol === undefined || response.protocol === ""
        ? {}
        : { protocol: response.protocol }),
      bodyDecoded: true,
      resourceType: event.resourceType,
      networkId,
    };
    this.#settings.onExchange(exchange);
  }

  /** Reads a body through `Fetch.takeResponseBodyAsStream`, spooling past `threshold`. */
  async #stream(
    requestId: string,
    maxBytes: number,
    threshold: number,
  ): Promise<{ body: SpooledPayload; truncated: Truncation | null }> {
    const fetcher = this.#settings.fetcher;
    const spool = new Spool(threshold, fetcher.options.tempDir);
    let truncated: Truncation | null = null;
    let handle: string;
    try {
      handle = (await this.#cdp.send("Fetch.takeResponseBodyAsStream", { requestId })).stream;
    } catch {
      return { body: await spool.finish(), truncated: "unspecified" };
    }
    try {
      for (;;) {
        const chunk = await this.#cdp.send("IO.read", { handle, size: STREAM_CHUNK });
        const bytes = Buffer.from(chunk.data, chunk.base64Encoded === true ? "base64" : "utf8");
        const room = maxBytes - spool.byteLength;
        if (bytes.byteLength > room) {
          await spool.write(bytes.subarray(0, room));
          truncated = "length";
          break;
        }
        await spool.write(bytes);
        if (chunk.eof) break;
      }
    } catch {
      truncated = "disconnect";
    } finally {
      await this.#cdp.send("IO.close", { handle }).catch(() => undefined);
    }
    return { body: await spool.finish(), truncated };
  }

  /**
   * Hands a streamed body back to the page. The body is decoded, so the headers that described
   * the coded bytes go: the browser would otherwise try to decode it again.
   */
  async #fulfill(event: RequestPausedEvent, headers: HeaderList, body: SpooledPayload) {
    const chunks: Uint8Array[] = [];
    for await (const chunk of body.stream()) chunks.push(chunk);
    const drop = new Set(["content-encoding", "content-length", "transfer-encoding"]);
    await this.#cdp
      .send("Fetch.fulfillRequest", {
        requestId: event.requestId,
        responseCode: event.responseStatusCode ?? 200,
        responseHeaders: headers
          .filter(([k]) => !drop.has(k.toLowerCase()))
          .map(([name, value]) => ({ name, value })),
        body: Buffer.concat(chunks).toString("base64"),
        ...(event.responseStatusText ? { responsePhrase: event.responseStatusText } : {}),
      })
      .catch(() => undefined);
  }
}
