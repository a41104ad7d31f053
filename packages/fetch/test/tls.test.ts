import { readFileSync } from "node:fs";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, expect, test } from "vitest";
import { fetchPage } from "../src/index.js";

// A self-signed certificate for localhost made for these tests (valid for a century).
const cert = readFileSync(new URL("./fixtures/localhost-cert.pem", import.meta.url), "utf8");
const key = readFileSync(new URL("./fixtures/localhost-key.pem", import.meta.url), "utf8");
let port = 0;
const server = createServer({ cert, key }, (_req, res) => {
  res.writeHead(200, { "Content-Type": "text/html" });
  res.end("<title>secure</title>");
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(
  () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
);

const options = {
  allowPrivate: true,
  respectRobots: false,
  retries: 0,
  resolver: async () => [{ address: "127.0.0.1", family: 4 as const }],
};

test("HTTPS records the peer certificate and the address it connected to", async () => {
  const capture = await fetchPage(`https://localhost:${port}/`, { ...options, ca: cert });
  const ex = capture.exchanges[0];
  expect(ex?.ipAddress).toBe("127.0.0.1");
  expect(ex?.tls?.protocol).toMatch(/^TLSv1\.[23]$/);
  expect(ex?.tls?.subject).toContain("CN=localhost");
  expect(ex?.tls?.issuer).toContain("O=Vellum Test");
  expect(ex?.tls?.validTo).toBe("2126-11-01T17:50:53.000Z");
  expect(new TextDecoder().decode(capture.content)).toBe("<title>secure</title>");
});

test("an untrusted certificate fails, as fetch-failed", async () => {
  await expect(fetchPage(`https://localhost:${port}/`, options)).rejects.toMatchObject({
    code: "fetch-failed",
  });
});
