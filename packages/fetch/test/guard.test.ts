import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  createFetcher,
  type FetchOptions,
  fetchPage,
  releaseCapture,
  systemResolver,
} from "../src/index.js";
import { addressGuard } from "../src/resolve.js";
import { answer, redirectTo, startServer, type TestServer } from "./server.js";

// --allow-private is for capturing the operator's own network; the cloud metadata service and
// link-local ranges are what a hostile redirect goes for, so they need an option of their own.

let server: TestServer;
const base: FetchOptions = {
  respectRobots: false,
  retries: 0,
  delayMs: 0,
  connectTimeoutMs: 300,
  totalTimeoutMs: 1_000,
};

beforeAll(async () => {
  server = await startServer({
    "/page": answer(200, { "Content-Type": "text/html" }, "<title>home</title>"),
    "/to-metadata": redirectTo(302, "http://169.254.169.254/latest/meta-data/"),
    "/to-metadata-v6": redirectTo(302, "http://[fd00:ec2::254]/latest/meta-data/"),
    "/to-mapped": redirectTo(302, "http://[::ffff:169.254.169.254]/"),
    "/to-link-local": redirectTo(302, "http://[fe80::1]/"),
    "/to-alibaba": redirectTo(302, "http://100.100.100.200/latest/meta-data/"),
    "/to-named": redirectTo(302, "http://metadata.test/computeMetadata/v1/"),
  });
});
afterAll(() => server.close());

describe("allowPrivate opens loopback and private ranges, never link-local or metadata", () => {
  test.each([
    ["/to-metadata", "169.254.169.254", "Refused a cloud metadata address"],
    ["/to-metadata-v6", "fd00:ec2::254", "Refused a cloud metadata address"],
    ["/to-mapped", "::ffff:a9fe:a9fe", "Refused a cloud metadata address"],
    ["/to-link-local", "fe80::1", "Refused a host on a link-local address"],
    ["/to-alibaba", "100.100.100.200", "Refused a cloud metadata address"],
    ["/to-named", "metadata.test → 169.254.169.254", "Refused a cloud metadata address"],
  ])("a redirect %s is refused (%s)", async (path, value, message) => {
    const error = await createFetcher({
      ...base,
      allowPrivate: true,
      resolver: async (host) => {
        if (host === "metadata.test") return [{ address: "169.254.169.254", family: 4 }];
        return [{ address: "127.0.0.1", family: 4 }];
      },
    })
      .capture(`${server.origin}${path}`)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "private-address", value, message });
    expect((error as Error & { hint?: string }).hint).toContain("--allow-link-local");
  });

  test("the host itself is still reachable with allowPrivate", async () => {
    const capture = await fetchPage(`${server.origin}/page`, { ...base, allowPrivate: true });
    expect(capture.exchanges[0]?.status).toBe(200);
    await releaseCapture(capture);
  });

  test("allowLinkLocal opens link-local and metadata addresses, and only it does", () => {
    // Checked at the guard: a test must not open a connection to a real metadata service.
    const resolver = systemResolver;
    const open = addressGuard({
      resolver,
      allowPrivate: false,
      allowPrivateHosts: [],
      allowLinkLocal: true,
    });
    const privateOnly = addressGuard({
      resolver,
      allowPrivate: true,
      allowPrivateHosts: [],
      allowLinkLocal: false,
    });
    for (const address of ["169.254.169.254", "169.254.1.1", "fe80::1", "fd00:ec2::254"]) {
      expect(open.refusal("host.test", address)).toBeNull();
      expect(privateOnly.refusal("host.test", address)?.code).toBe("private-address");
    }
    // Each option opens its own ranges only.
    expect(open.refusal("host.test", "127.0.0.1")?.code).toBe("private-address");
    expect(privateOnly.refusal("host.test", "10.1.2.3")).toBeNull();
    expect(privateOnly.refusal("host.test", "fd12:3456::1")).toBeNull();
    // Multicast and reserved ranges have no web server; nothing opens them.
    expect(open.refusal("host.test", "224.0.0.1")?.message).toBe(
      "Refused a multicast or reserved address",
    );
    expect(privateOnly.refusal("host.test", "255.255.255.255")?.code).toBe("private-address");
  });
});

describe("allowPrivateHosts narrows allowPrivate to hosts, addresses and CIDR ranges", () => {
  test.each([["127.0.0.1"], ["127.0.0.0/8"], ["10.0.0.0/8,127.0.0.1"], ["::ffff:127.0.0.1"]])(
    "%s lets the loopback server through",
    async (list) => {
      const capture = await fetchPage(`${server.origin}/page`, {
        ...base,
        allowPrivateHosts: list.split(","),
      });
      expect(capture.exchanges[0]?.status).toBe(200);
      await releaseCapture(capture);
    },
  );

  test("an address outside the list is refused, and the hint says it is not listed", async () => {
    const error = await fetchPage(`${server.origin}/page`, {
      ...base,
      allowPrivateHosts: ["10.0.0.0/8", "192.168.1.7"],
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: "private-address",
      message: "Refused a host on a loopback address",
      hint: "it is not among the hosts and ranges given to --allow-private",
    });
  });

  test("a listed range never opens a metadata address inside it", async () => {
    const error = await createFetcher({
      ...base,
      allowPrivateHosts: ["127.0.0.1", "169.254.0.0/16"],
    })
      .capture(`${server.origin}/to-metadata`)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "private-address", value: "169.254.169.254" });
  });

  test.each([["10.0.0.0/33"], ["10.0.0/8"], ["http://x/"], ["a b"]])(
    "%s is not a host, address or range: usage",
    (entry) => {
      expect(() => createFetcher({ ...base, allowPrivateHosts: [entry] })).toThrow(
        expect.objectContaining({ code: "usage", value: entry }),
      );
    },
  );
});
