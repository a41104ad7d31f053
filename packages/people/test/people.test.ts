import { readFileSync } from "node:fs";
import { extract } from "@vellum/extract";
import type { ArticlePeople } from "@vellum/model";
import { describe, expect, it } from "vitest";
import { articlePeople, findPeople, paragraphsOf } from "../src/index.js";

const who = (r: ArticlePeople) =>
  r.quoted.map((p) => [p.name, p.jobTitle, p.worksFor, p.kind] as const);
const names = (r: ArticlePeople) => r.quoted.map((p) => p.name);

describe("the seed article", () => {
  const page = readFileSync(new URL("../../../samples/seed-wordpress/page.html", import.meta.url));
  const meta = JSON.parse(
    readFileSync(new URL("../../../samples/seed-wordpress/meta.json", import.meta.url), "utf8"),
  ) as { url: string };
  const people = articlePeople(extract(page, { url: meta.url }));

  it("names the two experts it quotes, with role and organisation, and nobody else", () => {
    expect(who(people)).toEqual([
      ["Agil Alesger", "journalist", null, "direct"],
      [
        "Ahmad Shahidov",
        "President",
        "Azerbaijan Institute for Democracy and Human Rights",
        "direct",
      ],
    ]);
  });

  it("never lists the author, nor a name said inside a quotation (President Aliyev)", () => {
    const all = [...names(people), ...people.mentioned.map((m) => m.name)];
    expect(all.some((n) => /İlhamoğlu|Aliyev/u.test(n))).toBe(false);
  });

  it("gives each quotation's paragraph and offsets", () => {
    const paragraphs = paragraphsOf(extract(page, { url: meta.url }).body.text);
    for (const person of people.quoted) {
      for (const q of person.quotes) {
        const [start, end] = q.offsets;
        expect(paragraphs[q.paragraph]?.slice(start, end)).toContain(q.text.trim().slice(0, 20));
      }
    }
    const shahidov = people.quoted[1];
    expect(
      shahidov?.quotes.some((q) => q.text.startsWith("Russia is our neighboring country")),
    ).toBe(true);
  });
});

describe("reported speech", () => {
  it("reads 'said that', 'according to', 'told', 'wrote on Twitter' with appositive roles", () => {
    const r = findPeople([
      "Juan Perez, senior foreign exchange trader and strategist at Tempus Inc., said that the dollar may weaken.",
      "According to Lawrence White, a professor at New York University, tariffs are a tax.",
      "Fan Mengguang, deputy director of Inner Mongolia’s disease control centre, told Reuters the case was isolated.",
      "Maria Lopez, a columnist for El Pais, wrote on Twitter that the vote had been rigged all along.",
    ]);
    expect(who(r)).toEqual([
      ["Juan Perez", "senior foreign exchange trader and strategist", "Tempus Inc.", "indirect"],
      ["Lawrence White", "professor", "New York University", "indirect"],
      ["Fan Mengguang", "deputy director", "Inner Mongolia’s disease control centre", "indirect"],
      ["Maria Lopez", "columnist", "El Pais", "indirect"],
    ]);
  });

  it("reads a descriptor before the name: 'Exxon spokesman Alan Jeffers', 'Commerzbank analyst'", () => {
    const r = findPeople([
      "“We do not comment on rumours,” Exxon spokesman Alan Jeffers said.",
      "“Russia failed to cut,” said Commerzbank analyst Carsten Fritsch.",
      "Azerbaijani journalist Agil Alesger stated that the fighting had started in July.",
    ]);
    expect(who(r)).toEqual([
      ["Alan Jeffers", "spokesman", "Exxon", "direct"],
      ["Carsten Fritsch", "analyst", "Commerzbank", "direct"],
      ["Agil Alesger", "journalist", null, "indirect"],
    ]);
  });

  it("reads '…, who heads the institute, said'", () => {
    const r = findPeople([
      "Tariffs hurt exporters, said Scott Paul, who heads the Alliance for American Manufacturing, a trade group.",
    ]);
    expect(who(r)).toEqual([
      ["Scott Paul", null, "Alliance for American Manufacturing", "indirect"],
    ]);
  });
});

describe("who a quotation belongs to", () => {
  it("follows surnames and pronouns back to the person named first", () => {
    const r = findPeople([
      "Rusmik Oza, Head of Fundamental Research at Kotak Securities, is cautious about the market.",
      "“The hope of a faster recovery keeps the market higher,” Oza said.",
      "“It is a stock-specific market,” he said.",
    ]);
    expect(r.quoted).toHaveLength(1);
    expect(r.quoted[0]?.name).toBe("Rusmik Oza");
    expect(r.quoted[0]?.variants).toEqual(["Oza"]);
    expect(r.quoted[0]?.jobTitle).toBe("Head of Fundamental Research");
    expect(r.quoted[0]?.worksFor).toBe("Kotak Securities");
    expect(r.quoted[0]?.quotes.map((q) => q.text)).toEqual([
      "The hope of a faster recovery keeps the market higher,",
      "It is a stock-specific market,",
    ]);
  });

  it("gives a quotation introduced by a colon, and one running over paragraphs, to their speaker", () => {
    const r = findPeople([
      "Elena Marquez, a historian at the University of Leeds, described the vote as follows:",
      "“It was the first free vote in forty years.",
      "“Nobody expected the turnout.”",
    ]);
    expect(names(r)).toEqual(["Elena Marquez"]);
    expect(r.quoted[0]?.quotes.map((q) => q.paragraph)).toEqual([1, 2]);
  });

  it("puts a speaker named after the quotation first or last in the sentence alike", () => {
    const r = findPeople([
      "“The groundwork is there,” Buser says. Jack Buser, director for games at Google, joined in 2018.",
      "“They need to ramp up the catalog,” says Lewis Ward, research director of gaming at IDC.",
    ]);
    expect(who(r)).toEqual([
      ["Jack Buser", "director for games", "Google", "direct"],
      ["Lewis Ward", "research director of gaming", "IDC", "direct"],
    ]);
  });
});

describe("German, French and Spanish", () => {
  it("reads their quotation marks and speech verbs", () => {
    const r = findPeople([
      "„Wir sind sehr zufrieden“, sagte Anna Schmidt, Sprecherin des Umweltministeriums.",
      "« Nous restons prudents », a déclaré Pierre Martin, porte-parole de la SNCF.",
      "«No habrá recortes», dijo Lucía Gómez, portavoz del Ministerio de Hacienda.",
      "„Das ist zu früh“, so Thomas Weber.",
    ]);
    expect(who(r)).toEqual([
      ["Anna Schmidt", "Sprecherin", "Umweltministeriums", "direct"],
      ["Pierre Martin", "porte-parole", "SNCF", "direct"],
      ["Lucía Gómez", "portavoz", "Ministerio de Hacienda", "direct"],
      ["Thomas Weber", null, null, "direct"],
    ]);
  });
});

describe("unnamed sources and people only mentioned", () => {
  it("keeps 'a spokesperson for the ministry' apart from named people", () => {
    const r = findPeople([
      "A spokesperson for the Foreign Office said the government was watching closely.",
      "Officials said the talks would resume on Monday after a short break.",
      "Former president Barack Obama met the delegation.",
    ]);
    expect(r.quoted).toEqual([]);
    expect(r.unnamed.map((u) => [u.description, u.worksFor])).toEqual([
      ["A spokesperson for the Foreign Office", "Foreign Office"],
      ["Officials", null],
    ]);
    expect(r.mentioned.map((m) => [m.name, m.jobTitle])).toEqual([
      ["Barack Obama", "Former president"],
    ]);
  });

  it("never takes a phrase in title case or an organisation for a person", () => {
    const r = findPeople([
      "Human Rights Watch said the arrests were arbitrary.",
      "“Demand is weak,” said a report from Kotak Institutional Equities.",
      "The Fundamental Research said nothing. Morgan Stanley analysts said the stock was cheap.",
    ]);
    expect(names(r)).toEqual([]);
  });
});
