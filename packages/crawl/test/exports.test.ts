import { describe, expect, it } from "vitest";
import * as crawl from "../src/index.js";

describe("@vellum/crawl public exports", () => {
  it("are exactly these names", () => {
    expect(Object.keys(crawl).sort()).toEqual([
      "articleFiles",
      "articleJson",
      "renderArticleJson",
      "renderJsonLd",
      "renderMarkdown",
      "slugFor",
      "snapshot",
    ]);
  });
});
