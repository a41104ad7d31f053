import { describe, expect, it } from "vitest";
import * as model from "../src/index.js";

describe("@vellum/model public exports", () => {
  it("are exactly these names", () => {
    expect(Object.keys(model).sort()).toEqual([
      "NEWS_AGENCY_BYLINES",
      "NEWS_AGENCY_NAMES",
      "VELLUM_HOMEPAGE",
      "VELLUM_VERSION",
      "VellumError",
      "VellumWarcHeader",
      "absoluteUrl",
      "asArray",
      "bytesPayload",
      "countingIds",
      "declaredTypes",
      "emptyArticle",
      "fixedClock",
      "headerValue",
      "isJsonObject",
      "isVellumError",
      "randomIds",
      "systemClock",
      "userAgent",
    ]);
  });

  it("list news agencies as lower-case words a regular expression can hold as they are", () => {
    for (const name of [...model.NEWS_AGENCY_NAMES, ...model.NEWS_AGENCY_BYLINES])
      expect(name).toMatch(/^[a-z]+(?:[ -][a-z]+)*$/);
  });
});
