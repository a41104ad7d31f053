import { describe, expect, it } from "vitest";
import * as crawl from "../src/index.js";

describe("@vellum/crawl public exports", () => {
  it("are exactly these names", () => {
    expect(Object.keys(crawl).sort()).toEqual([
      "SOURCE_SCOPES",
      "articleFiles",
      "articleJson",
      "describeProblem",
      "discoverUrls",
      "fetcherSource",
      "parseSourceDate",
      "renderArticleJson",
      "renderJsonLd",
      "renderMarkdown",
      "siteOf",
      "slugFor",
      "snapshot",
    ]);
  });
});
