import { describe, expect, it } from "vitest";
import * as model from "../src/index.js";

describe("@vellum/model public exports", () => {
  it("are exactly these names", () => {
    expect(Object.keys(model).sort()).toEqual([
      "BYLINE_PARTICLES",
      "BYLINE_VERBS",
      "BYLINE_WORDS",
      "FOREIGN_BYLINE_WORDS",
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

  it("list byline words as lower-case whole words, none the start of another, so any order joins them", () => {
    const words = [...model.BYLINE_WORDS, ...model.BYLINE_PARTICLES];
    for (const word of [...words, ...model.BYLINE_VERBS]) expect(word).toMatch(/^[a-z]+$/);
    for (const a of words) for (const b of words) if (a !== b) expect(b.startsWith(a)).toBe(false);
  });
});
