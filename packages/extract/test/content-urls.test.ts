import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, UrlResolver } from "../src/content/urls.js";

/** What the URL parser itself answers, exceptions and all. */
function parsed(value: string, base?: URL): string | null {
  try {
    return new URL(value, base).href;
  } catch {
    return null;
  }
}

describe("resolving a page's links", () => {
  it("without a page URL keeps absolute links and drops relative ones, without throwing", () => {
    const resolver = new UrlResolver(null, null);
    expect(resolver.link("https://example.com/a b")).toBe("https://example.com/a%20b");
    expect(resolver.link("/news/1.html")).toBeNull();
    expect(resolver.link("mailto:desk@example.com")).toBe("mailto:desk@example.com");
    expect(resolver.image("img/1.jpg")).toBeNull();
  });

  it("answers exactly what the URL parser answers, with or without a base", () => {
    const base = new URL("https://example.com/news/");
    const piece = fc.constantFrom(
      "http",
      "https",
      ":",
      "//",
      "/",
      "example.com",
      "a",
      "%20",
      " ",
      "\t",
      "\n",
      "\u0000",
      "\u001f",
      "?q=1",
      "#x",
      "mailto:",
      "javascript:",
      "1",
      "+",
      ".",
      "-",
      "é",
    );
    const value = fc.array(piece, { maxLength: 8 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(value, (v) => {
        expect(parse(v, undefined)?.href ?? null).toBe(v ? parsed(v) : null);
        expect(parse(v, base)?.href ?? null).toBe(v ? parsed(v, base) : null);
      }),
      { numRuns: 3000 },
    );
    for (const v of [
      "\u0001http://x.test/",
      " \thttps://x.test",
      "ht\ntp://x.test/",
      "1http://x",
      "+a:b",
    ])
      expect(parse(v, undefined)?.href ?? null).toBe(parsed(v));
  });
});
