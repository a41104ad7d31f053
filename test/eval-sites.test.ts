import { describe, expect, it } from "vitest";
import { fieldFigures } from "../scripts/eval/figures.js";
import { authorMatches, textMatches } from "../scripts/eval/match.js";
import type { MetaRow } from "../scripts/eval/run.js";
import { assignFolds, siteOf } from "../scripts/eval/sites.js";

describe("siteOf", () => {
  it("is the registrable domain: subdomains of one site are one site", () => {
    expect(siteOf("https://www.zeit.de/2019/43/x")).toBe("zeit.de");
    expect(siteOf("https://blog.zeit.de/y")).toBe("zeit.de");
    expect(siteOf("https://www.bbc.co.uk/news/1")).toBe("bbc.co.uk");
  });
  it("counts an archive's copy as the archived site", () => {
    expect(siteOf("https://web.archive.org/web/2019/http://www.example.de/a")).toBe("example.de");
    expect(siteOf("https://web.archive.org/web/2013/example.net/2008/05/x")).toBe("example.net");
  });
  it("keeps a host without a public suffix whole", () => {
    expect(siteOf("http://127.0.0.1:8080/x")).toBe("127.0.0.1");
  });
});

describe("assignFolds", () => {
  const pages = new Map<string, string>();
  for (let i = 0; i < 40; i++) pages.set(`p${i}`, `site${i % 13}.example`);
  it("puts every page of a site in the same fold", () => {
    const folds = assignFolds(pages, 4);
    const bySite = new Map<string, Set<number>>();
    for (const [page, site] of pages) {
      const set = bySite.get(site) ?? new Set();
      set.add(folds.get(page) ?? -1);
      bySite.set(site, set);
    }
    for (const set of bySite.values()) expect(set.size).toBe(1);
  });
  it("balances the folds by pages and is the same on every run", () => {
    const a = assignFolds(pages, 4);
    expect([...assignFolds(pages, 4)]).toEqual([...a]);
    const sizes = [0, 1, 2, 3].map((f) => [...a.values()].filter((x) => x === f).length);
    expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(4);
  });
});

describe("character references in expectations", () => {
  it("are decoded before comparing", () => {
    expect(textMatches("Tom &amp; Jerry&#8217;s &quot;Day&quot;", 'Tom & Jerry’s "Day"')).toBe(
      true,
    );
    expect(authorMatches(["Ann Lee &amp; Bo Roe"], ["Bo Roe"])).toBe(true);
  });
});

describe("fieldFigures", () => {
  it("gives precision over given values and recall over expectations, per fold", () => {
    const rows: MetaRow[] = [
      { key: "a", site: "a.example", fold: 0, outcomes: { author: "hit" } },
      { key: "b", site: "b.example", fold: 0, outcomes: { author: "wrong" } },
      { key: "c", site: "c.example", fold: 1, outcomes: { author: "none" } },
      { key: "d", site: "d.example", fold: 1, outcomes: { author: "hit" } },
      { key: "e", site: "e.example", fold: 1, outcomes: {} },
    ];
    const f = fieldFigures(rows, "author");
    expect(f).toMatchObject({ total: 4, given: 3, hits: 2, accuracy: 0.5 });
    expect(f.precision).toBeCloseTo(2 / 3);
    expect(f.byFold).toEqual([0.5, 0.5]);
  });
});
