import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { articleJson } from "@vellum/crawl";
import { extract } from "@vellum/extract";
import type { Article } from "@vellum/model";
import { articlePeople } from "@vellum/people";
import { buildJsonLd } from "@vellum/schema";
import { describe, expect, it } from "vitest";
import { loadSamples, type Sample } from "../scripts/lib/samples.js";

// UPDATE=1 rewrites expected.json / expected.jsonld; review the diff before committing.
const update = process.env.UPDATE === "1";

function articleOf(sample: Sample): Article {
  return extract(sample.page, { url: sample.url, headers: sample.headers });
}

function matchesExpectedFile(sample: Sample, name: string, value: unknown) {
  const path = join(sample.dir, name);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (update || !existsSync(path)) {
    writeFileSync(path, text);
    if (!update) throw new Error(`${path} was missing and has been written: review and commit it`);
    return;
  }
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(path, "utf8")));
}

const samples = loadSamples();

describe("samples", () => {
  it("there are at least five", () => {
    expect(samples.length).toBeGreaterThanOrEqual(5);
  });

  describe.each(samples.map((s) => [s.slug, s] as const))("%s", (_slug, sample) => {
    const article = articleOf(sample);
    const { checks } = sample;
    const names = article.authors.map((a) => a.name);
    const body = article.body.text;

    it("meets the promises of its meta.json", () => {
      if (checks.headline) expect(article.headline).toBe(checks.headline);
      if (checks.alternativeHeadline) {
        expect(article.alternativeHeadline).toBe(checks.alternativeHeadline);
      }
      if (checks.authors) expect(names).toEqual(checks.authors);
      if (checks.authorDescriptionStartsWith) {
        const first = article.authors[0];
        expect(first?.type).toBe("Person");
        const bio = first?.type === "Person" ? first.description : null;
        expect(bio ?? "").toMatch(
          new RegExp(`^${escapeRegExp(checks.authorDescriptionStartsWith)}`),
        );
      }
      if (checks.datePublished) expect(article.datePublished).toBe(checks.datePublished);
      if (checks.datePublishedDay) {
        expect(article.datePublished?.slice(0, 10)).toBe(checks.datePublishedDay);
      }
      if (checks.dateModified) expect(article.dateModified).toBe(checks.dateModified);
      if (checks.description) expect(article.description).toBe(checks.description);
      if (checks.publisher) expect(article.publisher?.name).toBe(checks.publisher);
      if (checks.image) expect(article.image?.url).toBe(checks.image);
      if (checks.language) expect(article.language).toBe(checks.language);
    });

    it("keeps the article text and drops the boilerplate", () => {
      for (const text of checks.bodyIncludes ?? []) expect(body).toContain(text);
      for (const text of checks.bodyExcludes ?? []) expect(body).not.toContain(text);
    });

    it("takes no date from sidebars, comments or teasers", () => {
      for (const prefix of checks.notDates ?? []) {
        expect(article.datePublished ?? "").not.toMatch(new RegExp(`^${prefix}`));
        expect(article.dateModified ?? "").not.toMatch(new RegExp(`^${prefix}`));
      }
    });

    it("matches expected.json", () => {
      matchesExpectedFile(sample, "expected.json", articleJson(article));
    });

    it("matches expected.jsonld", () => {
      // As `vellum jsonld` builds it: with the people the body quotes as `mentions`.
      matchesExpectedFile(
        sample,
        "expected.jsonld",
        buildJsonLd(article, { people: articlePeople(article) }),
      );
    });
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
