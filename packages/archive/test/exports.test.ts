import { expect, it } from "vitest";

it("pins the public export names", async () => {
  expect(Object.keys(await import("../src/index.js")).sort()).toMatchInlineSnapshot(`
    [
      "DEFAULT_LIMITS",
      "WarcWriter",
      "ZipWriter",
      "base32",
      "detectFormat",
      "digestStream",
      "directoryEntries",
      "openZip",
      "readWarc",
      "safeEntryPath",
      "storedResponseHeaders",
      "tarEntries",
      "verifyBag",
      "warcDate",
      "writeAtomically",
    ]
  `);
});
