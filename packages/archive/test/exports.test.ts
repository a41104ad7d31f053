import { expect, it } from "vitest";

it("pins the public export names", async () => {
  expect(Object.keys(await import("../src/index.js")).sort()).toMatchInlineSnapshot(`
    [
      "WarcWriter",
      "base32",
      "digestStream",
      "readWarc",
      "storedResponseHeaders",
      "warcDate",
      "writeAtomically",
    ]
  `);
});
