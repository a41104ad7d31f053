import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bytesPayload, type Exchange } from "@vellum/model";

const encoder = new TextEncoder();

export async function tempDir(): Promise<{ path: string; [Symbol.asyncDispose](): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), "vellum-archive-"));
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

export function exchange(
  url: string,
  body: string | Uint8Array,
  extra: Partial<Exchange> = {},
): Exchange {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  return {
    method: "GET",
    url,
    httpVersion: "HTTP/1.1",
    requestHeaders: [
      ["User-Agent", "Vellum/0.1.0"],
      ["Accept", "*/*"],
    ],
    status: 200,
    statusText: "OK",
    responseHeaders: [
      ["Content-Type", "text/html; charset=utf-8"],
      ["Content-Length", String(bytes.byteLength)],
    ],
    body: bytesPayload(bytes),
    truncated: null,
    ipAddress: "127.0.0.1",
    tls: null,
    startedAt: "2026-11-25T10:00:00Z",
    durationMs: 12,
    ...extra,
  };
}
