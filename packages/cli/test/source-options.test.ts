import { fixedClock } from "@vellum/model";
import { describe, expect, test } from "vitest";
import { parseDateBound, parseSources, type SourceArgs } from "../src/source-options.js";

const context = { cwd: "/work/dir", clock: fixedClock("2024-06-15T12:00:00Z") };
const base: SourceArgs = { url: [], scope: "any" };

describe("source options", () => {
  test("every kind of source, in the order: URLs, the list, sitemaps, feeds, sites", () => {
    const { inputs, filters } = parseSources(
      {
        ...base,
        url: ["https://e.example/a"],
        input: "lists/urls.txt",
        sitemap: ["https://e.example/sitemap.xml", "https://e.example/news.xml"],
        feed: ["https://e.example/feed"],
        site: ["https://other.example"],
        scope: "same-site",
        limit: 10,
      },
      context,
    );
    expect(inputs).toEqual([
      { kind: "url", location: "https://e.example/a" },
      { kind: "list", location: "/work/dir/lists/urls.txt" },
      { kind: "sitemap", location: "https://e.example/sitemap.xml" },
      { kind: "sitemap", location: "https://e.example/news.xml" },
      { kind: "feed", location: "https://e.example/feed" },
      { kind: "site", location: "https://other.example/" },
    ]);
    expect(filters).toEqual({ match: [], exclude: [], scope: "same-site", limit: 10 });
  });

  test("--since and --until take W3C dates and times ago", () => {
    expect(parseDateBound("since", "7d", context.clock).text).toBe("2024-06-08T12:00:00Z");
    expect(parseDateBound("since", "12h", context.clock).text).toBe("2024-06-15T00:00:00Z");
    expect(parseDateBound("since", "2w", context.clock).text).toBe("2024-06-01T12:00:00Z");
    expect(parseDateBound("until", "2024-05-01", context.clock).text).toBe("2024-05-01");
    const { filters } = parseSources(
      { ...base, since: "2024-01-01", until: "2024-01-01T10:00:00+02:00" },
      context,
    );
    expect([filters.since?.text, filters.until?.text]).toEqual([
      "2024-01-01",
      "2024-01-01T08:00:00Z",
    ]);
  });

  test("patterns are regular expressions, searched anywhere in the URL", () => {
    const { filters } = parseSources(
      { ...base, match: ["/news/20(23|24)/"], exclude: ["\\?amp"] },
      context,
    );
    expect(filters.match?.[0]?.test("https://e.example/news/2024/x")).toBe(true);
    expect(filters.exclude?.[0]?.test("https://e.example/x?amp=1")).toBe(true);
  });

  test.each([
    [{ url: ["e.example/a"] }, "Not an absolute http(s) URL"],
    [{ sitemap: ["ftp://e.example/s.xml"] }, "--sitemap needs an http(s) URL"],
    [{ feed: ["not a url"] }, "--feed needs an absolute URL"],
    [{ since: "last tuesday" }, "--since is not a date"],
    [{ since: "2024-05-02", until: "2024-05-01" }, "--since is after --until"],
    [{ match: ["(unclosed"] }, "--match is not a valid regular expression"],
    [{ limit: 0 }, "--limit must be a whole number of at least 1"],
    [{ limit: 2.5 }, "--limit must be a whole number of at least 1"],
  ] as const)("%o is a usage error before any work", (args, message) => {
    let caught: unknown;
    try {
      parseSources({ ...base, ...(args as Partial<SourceArgs>) }, context);
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "usage" });
    expect((caught as Error).message.startsWith(message)).toBe(true);
  });
});
