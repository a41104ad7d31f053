import { describe, expect, it } from "vitest";
import { extract, type RankModel, type ScoredCandidate } from "../src/index.js";
import { AUTHOR_FEATURES } from "../src/metadata/authors/candidates.js";
import {
  AUTHOR_MODEL,
  chooseAuthors,
  fitsFeatures,
  probability,
} from "../src/metadata/authors/rank.js";

const person = (name: string) => ({
  type: "Person" as const,
  name,
  url: null,
  description: null,
  image: null,
  jobTitle: null,
  sameAs: [],
});

/** One stump on feature 0: at most 0.5 gives log-odds -2, above +2. */
const stump: RankModel = {
  features: AUTHOR_FEATURES,
  base: 0,
  trees: [
    {
      feature: [0, -1, -1],
      threshold: [0.5, 0, 0],
      left: [1, -1, -1],
      right: [2, -1, -1],
      value: [0, -2, 2],
    },
  ],
  threshold: 0.5,
  coAuthorThreshold: 0.3,
};

const candidate = (name: string, p: number): ScoredCandidate => ({
  name,
  author: person(name),
  rules: ["jsonld"],
  features: [],
  probability: p,
});

describe("the author ranker", () => {
  it("ships a model trained on the features this code writes, in the same order", () => {
    expect(fitsFeatures(AUTHOR_MODEL)).toBe(true);
    expect(AUTHOR_MODEL.trees.length).toBeGreaterThan(0);
    expect(AUTHOR_MODEL.threshold).toBeGreaterThan(0);
  });

  it("walks each tree to a leaf and adds the leaves to the log-odds", () => {
    expect(probability(stump, [1])).toBeCloseTo(1 / (1 + Math.exp(-2)));
    expect(probability(stump, [0])).toBeCloseTo(1 / (1 + Math.exp(2)));
  });

  it("abstains when the best candidate is below the threshold", () => {
    const outputs = [
      { rule: "jsonld" as const, found: { value: [person("Ann Lee")], source: "jsonld" as const } },
    ];
    expect(chooseAuthors([candidate("Ann Lee", 0.4)], outputs, stump)).toBeNull();
    expect(
      chooseAuthors([candidate("Ann Lee", 0.6)], outputs, stump)?.value.map((a) => a.name),
    ).toEqual(["Ann Lee"]);
  });

  it("takes the co-authors the most trusted rule lists with the best candidate, when likely enough", () => {
    const outputs = [
      {
        rule: "jsonld" as const,
        found: {
          value: [person("Ann Lee"), person("Bo Roe"), person("Cy Dunn")],
          source: "jsonld" as const,
        },
      },
      {
        rule: "credit-anywhere" as const,
        found: { value: [person("Ann Lee")], source: "byline" as const },
      },
    ];
    const chosen = chooseAuthors(
      [candidate("Ann Lee", 0.9), candidate("Bo Roe", 0.35), candidate("Cy Dunn", 0.1)],
      outputs,
      stump,
    );
    expect(chosen?.value.map((a) => a.name)).toEqual(["Ann Lee", "Bo Roe"]);
    expect(chosen?.source).toBe("jsonld");
  });
});

describe("author candidates", () => {
  const candidatesOf = (html: string) => {
    const seen: ScoredCandidate[] = [];
    extract(html, { onAuthorCandidates: (c) => seen.push(...c) });
    return seen;
  };
  const body =
    "<p>The river rose two metres overnight, and the ferry to the island stopped at noon.</p><p>By the evening the water had reached the church steps, where it stopped.</p>";

  it("gives every candidate one value per feature", () => {
    const seen = candidatesOf(
      `<html><body><h1>The river rose</h1>${body}<p>Escribe Ana Ruiz</p></body></html>`,
    );
    expect(seen.length).toBeGreaterThan(0);
    for (const c of seen) expect(c.features).toHaveLength(AUTHOR_FEATURES.length);
  });

  it("reads a credit word anywhere near the article, in a layout no rule knows", () => {
    const seen = candidatesOf(
      `<html><body><h1>The river rose</h1><div class="x"><i>Escribe Ana Ruiz</i></div>${body}</body></html>`,
    );
    expect(seen.find((c) => c.name === "Ana Ruiz")?.rules).toContain("credit-anywhere");
  });

  it("reads the owner of a personal site from its copyright line and its name", () => {
    const seen = candidatesOf(
      `<html><head><meta property="og:site_name" content="Silvia Jura"></head><body><h1>The river rose</h1>${body}<div>Copyright (c) 2012- Gregor Szabo. All rights reserved.</div></body></html>`,
    );
    expect(seen.find((c) => c.name === "Gregor Szabo")?.rules).toContain("copyright");
    expect(seen.find((c) => c.name === "Silvia Jura")?.rules).toContain("site-name");
  });

  it("finds the full name a first name stands for", () => {
    const seen = candidatesOf(
      `<html><body><h1>The river rose</h1><p class="byline">Von <a href="/autor/henry">Henry</a></p>${body}<p>Ausschnitt: Henry Steinau, 2019</p></body></html>`,
    );
    expect(seen.find((c) => c.name === "Henry Steinau")?.rules).toContain("full-name");
    const henry = seen.find((c) => c.name === "Henry");
    const at = AUTHOR_FEATURES.indexOf("first-name-of-other");
    expect(henry?.features[at]).toBe(1);
  });

  it("takes the hand rules' Person printed under the headline without weighing", () => {
    const html = `<html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"The river rose","author":{"@type":"Person","name":"Ana Ruiz"}}</script></head><body><h1>The river rose</h1><p class="byline">By Ana Ruiz</p>${body}</body></html>`;
    const seen = candidatesOf(html);
    expect(seen).toEqual([]);
    expect(extract(html).authors.map((a) => a.name)).toEqual(["Ana Ruiz"]);
  });
});
