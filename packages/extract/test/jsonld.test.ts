import { describe, expect, it } from "vitest";
import { parseJsonLd } from "../src/index.js";

describe("parseJsonLd repairs what pages break", () => {
  it("parses valid JSON without a repair note", () => {
    expect(parseJsonLd('{"@type":"Article"}')).toEqual({
      ok: true,
      value: { "@type": "Article" },
      repaired: null,
    });
  });

  it("drops trailing commas and comments, but not // inside strings", () => {
    const r = parseJsonLd('{\n // note\n "url": "https://a.example/x", /* c */ "k": [1, 2,],\n}');
    expect(r).toEqual({
      ok: true,
      value: { url: "https://a.example/x", k: [1, 2] },
      repaired: "comments, trailing commas",
    });
  });

  it("escapes raw control characters inside strings", () => {
    const r = parseJsonLd('{"description": "line one\nline\ttwo"}');
    expect(r.ok && r.value).toEqual({ description: "line one\nline\ttwo" });
    expect(r.ok && r.repaired).toBe("raw control characters");
  });

  it("decodes HTML-escaped JSON and unwraps comment and CDATA wrappers", () => {
    const r = parseJsonLd("{&quot;@type&quot;: &quot;NewsArticle&quot;}");
    expect(r.ok && r.value).toEqual({ "@type": "NewsArticle" });
    expect(parseJsonLd('<!-- {"a": 1} -->')).toEqual({ ok: true, value: { a: 1 }, repaired: null });
    expect(parseJsonLd('//<![CDATA[\n{"a": 1}\n//]]>')).toEqual({
      ok: true,
      value: { a: 1 },
      repaired: null,
    });
  });

  it("reads objects written one after another, and gives up on garbage", () => {
    const r = parseJsonLd('{"a": 1}\n{"b": 2}');
    expect(r.ok && r.value).toEqual([{ a: 1 }, { b: 2 }]);
    expect(parseJsonLd("{not json at all")).toEqual({ ok: false });
  });
});
