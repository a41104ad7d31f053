import { expect, test } from "vitest";

test("the public API is exactly these names", async () => {
  expect(Object.keys(await import("../src/index.js")).sort()).toEqual([
    "PartialCaptureError",
    "Spool",
    "backoffDelay",
    "createFetcher",
    "decodeBody",
    "decodeStream",
    "fetchPage",
    "findCssRequisites",
    "findRequisites",
    "isPrivateAddress",
    "parseRetryAfter",
    "releaseCapture",
    "releaseExchanges",
    "resolveGuarded",
    "robotsDisallowed",
    "robotsRules",
    "robotsUnreachable",
    "systemResolver",
  ]);
});
