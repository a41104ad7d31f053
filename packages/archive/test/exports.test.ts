import { expect, it } from "vitest";

it("pins the public export names", async () => {
  expect(Object.keys(await import("../src/index.js")).sort()).toMatchInlineSnapshot(`
    [
      "BUNDLE_FORMATS",
      "DEFAULT_LIMITS",
      "WACZ_VERSION",
      "WarcWriter",
      "ZipWriter",
      "base32",
      "bundleSnapshot",
      "cdxTimestamp",
      "cdxjLine",
      "compareBytewise",
      "detectFormat",
      "digestStream",
      "directoryEntries",
      "encodeManifestPath",
      "indexForWarc",
      "indexWarc",
      "openZip",
      "parseBagInfo",
      "parseCdxjLine",
      "readRecordHead",
      "readSnapshotDir",
      "readWarc",
      "safeEntryPath",
      "scanWarc",
      "sortCdxjLines",
      "storedResponseHeaders",
      "surt",
      "tarEntries",
      "verifyBag",
      "verifyPath",
      "verifyWacz",
      "verifyWarc",
      "warcDate",
      "writeAtomically",
      "writeBag",
      "writeWacz",
    ]
  `);
});
