import type { ArticlePeople, QuotedPerson } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { buildJsonLd, validateJsonLd } from "../src/index.js";
import { fullArticle } from "./helpers.js";

const quoted = (
  name: string,
  jobTitle: string | null,
  worksFor: string | null,
  variants: string[] = [],
): QuotedPerson => ({
  name,
  variants,
  jobTitle,
  worksFor,
  kind: "direct",
  quotes: [{ kind: "direct", text: "Words.", paragraph: 0, offsets: [1, 7] }],
});

const people = (...list: QuotedPerson[]): ArticlePeople => ({
  quoted: list,
  unnamed: [],
  mentioned: [],
});

type Node = Record<string, unknown> & { "@id"?: string; "@type"?: string };
const nodes = (doc: ReturnType<typeof buildJsonLd>) => doc["@graph"] as unknown as Node[];

describe("the people an article quotes in its graph", () => {
  it("adds one Person per quoted person, referenced from the article's mentions", () => {
    const doc = buildJsonLd(fullArticle(), {
      people: people(
        quoted(
          "Ahmad Shahidov",
          "President",
          "Azerbaijan Institute for Democracy and Human Rights",
        ),
        quoted("Agil Alesger", "journalist", null),
      ),
    });
    const graph = nodes(doc);
    const article = graph.find((n) => n["@type"] === "NewsArticle") as Node;
    const mentions = article.mentions as Array<{ "@id": string }>;
    expect(mentions).toHaveLength(2);
    const persons = mentions.map((m) => graph.find((n) => n["@id"] === m["@id"]) as Node);
    expect(persons.map((p) => [p.name, p.jobTitle])).toEqual([
      ["Ahmad Shahidov", "President"],
      ["Agil Alesger", "journalist"],
    ]);
    const worksFor = persons[0]?.worksFor as { "@id": string };
    const org = graph.find((n) => n["@id"] === worksFor["@id"]);
    expect(org).toMatchObject({
      "@type": "Organization",
      name: "Azerbaijan Institute for Democracy and Human Rights",
    });
    expect(persons[1]?.worksFor).toBeUndefined();
    expect(validateJsonLd(doc).errors).toBe(0);
  });

  it("gives the same @id to the same name on every run, and shares one Organization", () => {
    const input = people(
      quoted("Jim Bridenstine", "Administrator", "NASA"),
      quoted("Steve Clarke", "deputy", "NASA"),
    );
    const a = buildJsonLd(fullArticle(), { people: input });
    const b = buildJsonLd(fullArticle(), { people: input });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const graph = nodes(a);
    const works = graph
      .filter((n) => n.name === "Jim Bridenstine" || n.name === "Steve Clarke")
      .map((n) => (n.worksFor as { "@id": string })["@id"]);
    expect(works).toHaveLength(2);
    expect(new Set(works).size).toBe(1);
    expect(graph.filter((n) => n["@type"] === "Organization" && n.name === "NASA")).toHaveLength(1);
  });

  it("makes a quoted author one node: the author's, referenced again from mentions", () => {
    const doc = buildJsonLd(fullArticle(), {
      people: people(quoted("Jane Doe", "reporter", null)),
    });
    const graph = nodes(doc);
    const article = graph.find((n) => n["@type"] === "NewsArticle") as Node;
    const author = (article.author as Array<{ "@id": string }>)[0]?.["@id"];
    expect((article.mentions as Array<{ "@id": string }>).map((m) => m["@id"])).toEqual([author]);
    expect(graph.filter((n) => n["@type"] === "Person" && n.name === "Jane Doe")).toHaveLength(1);
  });

  it("points worksFor at the publisher's node when the person works for the publisher", () => {
    const article = fullArticle();
    const doc = buildJsonLd(article, {
      people: people(quoted("Ann Lee", "editor", article.publisher?.name ?? "")),
    });
    const person = nodes(doc).find((n) => n.name === "Ann Lee") as Node;
    const articleNode = nodes(doc).find((n) => n["@type"] === "NewsArticle") as Node;
    const publisherId = (articleNode.publisher as { "@id": string })["@id"];
    expect((person.worksFor as { "@id": string })["@id"]).toBe(publisherId);
  });

  it("adds no mentions without people", () => {
    const graph = nodes(buildJsonLd(fullArticle()));
    expect(graph.find((n) => n["@type"] === "NewsArticle")?.mentions).toBeUndefined();
  });
});
