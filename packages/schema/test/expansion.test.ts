import { describe, expect, it } from "vitest";
import { buildJsonLd } from "../src/index.js";
import { emptyArticle, expand, fullArticle, loadV30 } from "./helpers.js";

// The v30 context maps terms onto http://schema.org/ (its @vocab), whatever @context URL is used.
const S = "http://schema.org/";

describe("jsonld.js expansion in safe mode", () => {
  it("expands our graph without dropping anything", async () => {
    const doc = buildJsonLd(fullArticle(), { withBody: true });
    const expanded = (await expand(doc)) as Array<Record<string, unknown>>;
    expect(expanded).toHaveLength(doc["@graph"].length);
    const article = expanded.find((n) => (n["@type"] as string[]).includes(`${S}NewsArticle`));
    expect(article?.[`${S}headline`]).toEqual([{ "@value": "The river report" }]);
    expect(article?.[`${S}author`]).toEqual([{ "@id": "https://news.example/author/jane-doe/" }]);
    expect(article?.[`${S}datePublished`]).toEqual([
      { "@type": `${S}Date`, "@value": "2024-05-12T09:30:00+02:00" },
    ]);
    // The context's @vocab would expand any word: check every predicate and type is a v30 term.
    const v30 = loadV30();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) {
        for (const v of value) walk(v);
        return;
      }
      if (typeof value !== "object" || value === null || "@value" in value) return;
      for (const [key, v] of Object.entries(value)) {
        if (key === "@type")
          for (const t of v as string[]) expect(v30.hasClass(t.replace(S, ""))).toBe(true);
        else if (!key.startsWith("@")) {
          expect(key.startsWith(S) && v30.hasProperty(key.slice(S.length))).toBe(true);
          walk(v);
        }
      }
    };
    walk(expanded);
  });

  it("expands the blank-node graph of an article without a URL", async () => {
    await expect(expand(buildJsonLd(emptyArticle({ headline: "x" })))).resolves.toHaveLength(2);
  });

  it("is strict: safe mode rejects what expansion would drop", async () => {
    await expect(
      expand({ "@context": "https://schema.org", "@type": "NewsArticle", "@headline": "x" }),
    ).rejects.toThrow();
  });
});
