import { expect, it } from "vitest";

it("pins the public export names", async () => {
  expect(Object.keys(await import("../src/index.js")).sort()).toEqual([
    "VALIDATION_RULES",
    "authorNameProblems",
    "buildJsonLd",
    "childPath",
    "cleanAuthorNames",
    "embedJsonLd",
    "extractJsonLdFromHtml",
    "formatReport",
    "loadVocabulary",
    "nameHash",
    "normalizeDate",
    "validateJsonLd",
    "validationRule",
    "vocabularyDataFromSchemaOrgJsonLd",
    "vocabularyFromData",
  ]);
});
