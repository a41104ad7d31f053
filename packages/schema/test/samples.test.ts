import { existsSync, readdirSync, readFileSync } from "node:fs";
import { extract } from "@vellum/extract";
import type { HeaderList } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { buildJsonLd, validateJsonLd } from "../src/index.js";
import { expand, loadV30, REPO } from "./helpers.js";

const SAMPLES = new URL("samples/", REPO);
const samples = readdirSync(SAMPLES).filter((d) => existsSync(new URL(`${d}/page.html`, SAMPLES)));

function graphFor(sample: string, withBody = false) {
  const meta = JSON.parse(readFileSync(new URL(`${sample}/meta.json`, SAMPLES), "utf8")) as {
    url: string;
    headers?: Record<string, string>;
  };
  const headers: HeaderList = Object.entries(meta.headers ?? {});
  const article = extract(readFileSync(new URL(`${sample}/page.html`, SAMPLES)), {
    url: meta.url,
    headers,
  });
  return buildJsonLd(article, { withBody });
}

describe("the JSON-LD of every sample passes validation", () => {
  const v30 = loadV30();
  it("has samples to check", () => {
    expect(samples.length).toBeGreaterThan(0);
  });
  it.each(samples)("%s", async (sample) => {
    for (const withBody of [false, true]) {
      const doc = graphFor(sample, withBody);
      const errors = (vocabulary?: typeof v30) =>
        validateJsonLd(doc, vocabulary === undefined ? {} : { vocabulary }).findings.filter(
          (f) => f.severity === "error",
        );
      expect(errors()).toEqual([]);
      expect(errors(v30)).toEqual([]);
      await expect(expand(doc)).resolves.toHaveLength(doc["@graph"].length);
    }
  });
});

describe("the seed sample", () => {
  it("has the author Person with her bio and the publisher Organization, linked by @id", () => {
    const nodes = graphFor("seed-wordpress")["@graph"] as unknown as Array<Record<string, unknown>>;
    const article = nodes.find((n) => n["@type"] === "NewsArticle") as Record<string, unknown>;
    const person = nodes.find((n) => n["@type"] === "Person") as Record<string, unknown>;
    const org = nodes.find(
      (n) => n["@type"] === "Organization" || n["@type"] === "NewsMediaOrganization",
    );
    expect(person.name).toBe("Elif İlhamoğlu");
    expect(person.description).toMatch(/political scientist and journalist \(Turkey\)/);
    expect(article.author).toEqual([{ "@id": person["@id"] }]);
    expect(org).toBeDefined();
    expect(article.publisher).toEqual({ "@id": org?.["@id"] });
  });
});
