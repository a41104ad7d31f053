import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { verifyBag } from "../src/index.js";

const suite = fileURLToPath(new URL("../../../../shared/conformance/bagit/", import.meta.url));

function cases(dir: string): string[] {
  return readdirSync(`${suite}${dir}`).map((name) => `${dir}/${name}`);
}

// linux-only cases are invalid bags whose out-of-scope paths only resolve on POSIX systems.
const valid = [...cases("v1.0/valid"), ...cases("v0.97/valid")];
const invalid = [...cases("v1.0/invalid"), ...cases("v0.97/invalid"), ...cases("v0.97/linux-only")];

describe("BagIt conformance suite (Library of Congress)", () => {
  it.each(valid)("passes %s", async (name) => {
    const result = await verifyBag(`${suite}${name}`);
    expect(result.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it.each(invalid)("rejects %s", async (name) => {
    const result = await verifyBag(`${suite}${name}`);
    expect(result.ok).toBe(false);
  });
});
