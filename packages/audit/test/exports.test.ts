import { expect, it } from "vitest";

it("pins the public export names", async () => {
  expect(Object.keys(await import("../src/index.js")).sort()).toEqual([
    "AUDIT_FORMAT",
    "AUDIT_RULES",
    "auditPage",
    "auditRule",
    "collectionSource",
    "disabledRules",
    "discoveredSource",
    "fileSource",
    "fingerprint",
    "pageFromResponse",
    "readBaseline",
    "runAudit",
    "sectionOf",
    "urlSource",
  ]);
});
