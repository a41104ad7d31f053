import { expect, test } from "vitest";

test("the public export names are pinned", async () => {
  expect(Object.keys(await import("../src/index.js")).sort()).toEqual([
    "charsetFromContentType",
    "createExtractPool",
    "decodeHtml",
    "encodingForLabel",
    "extract",
    "extractContent",
    "extractWithMarkup",
    "iconvName",
    "isUtf8Prefix",
    "parseDate",
    "parseJsonLd",
    "sniffBom",
    "splitNames",
  ]);
});
