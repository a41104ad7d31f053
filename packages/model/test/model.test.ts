import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  bytesPayload,
  countingIds,
  fixedClock,
  headerValue,
  VELLUM_VERSION,
  VellumError,
} from "../src/index.js";

describe("VellumError", () => {
  it("formats one line with the value and the hint", () => {
    const error = new VellumError("input-not-found", "no such file", {
      value: "page.html",
      hint: "check the path",
    });
    expect(error.toLine()).toBe("no such file: page.html (check the path)");
    expect(error.code).toBe("input-not-found");
  });
  it("leaves out an empty value", () => {
    expect(new VellumError("usage", "name a URL", { value: "" }).toLine()).toBe("name a URL");
  });
});

describe("clock and ids", () => {
  it("a fixed clock steps deterministically", () => {
    const clock = fixedClock("2024-04-01T00:00:00Z", 1000);
    expect(clock.now().toISOString()).toBe("2024-04-01T00:00:00.000Z");
    expect(clock.now().toISOString()).toBe("2024-04-01T00:00:01.000Z");
  });
  it("rejects a clock that is not an instant", () => {
    expect(() => fixedClock("yesterday")).toThrow(RangeError);
  });
  it("counting ids are UUID-shaped and distinct", () => {
    const ids = countingIds();
    const a = ids.next();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(ids.next()).not.toBe(a);
  });
});

describe("headers and payloads", () => {
  it("finds a header case-insensitively, first value wins", () => {
    const headers = [
      ["Content-Type", "text/html"],
      ["content-type", "text/plain"],
    ] as const;
    expect(headerValue(headers, "CONTENT-TYPE")).toBe("text/html");
    expect(headerValue(headers, "etag")).toBeNull();
  });
  it("a bytes payload streams its bytes", async () => {
    const payload = bytesPayload(new TextEncoder().encode("hello"));
    const chunks: Uint8Array[] = [];
    for await (const chunk of payload.stream()) chunks.push(chunk);
    expect(payload.byteLength).toBe(5);
    expect(Buffer.concat(chunks).toString()).toBe("hello");
  });
});

describe("version", () => {
  it("matches the package version", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(VELLUM_VERSION).toBe(pkg.version);
  });
});
