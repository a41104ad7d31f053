import { describe, expect, it } from "vitest";
import * as model from "../src/index.js";

describe("@vellum/model public exports", () => {
  it("are exactly these names", () => {
    expect(Object.keys(model).sort()).toEqual([
      "VELLUM_HOMEPAGE",
      "VELLUM_VERSION",
      "VellumError",
      "bytesPayload",
      "countingIds",
      "emptyArticle",
      "fixedClock",
      "headerValue",
      "isVellumError",
      "randomIds",
      "systemClock",
      "userAgent",
    ]);
  });
});
