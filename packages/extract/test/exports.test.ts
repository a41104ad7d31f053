import { expect, test } from "vitest";

test("the public export names are pinned", async () => {
  expect(Object.keys(await import("../src/index.js")).sort()).toEqual([
    "decodeHtml",
    "encodingForLabel",
    "extract",
    "extractContent",
    "parseDate",
    "parseJsonLd",
    "splitNames",
  ]);
});
