import { describe, expect, it } from "vitest";
import * as crawl from "../src/index.js";

describe("@vellum/crawl public exports", () => {
  it("are exactly these names", () => {
    expect(Object.keys(crawl).sort()).toEqual([
      "AUTO_BROWSER_MIN_WORDS",
      "COLLECTION_DB",
      "CaptureStep",
      "Collection",
      "PARTS_DIR",
      "SCHEMA_VERSION",
      "SOURCE_SCOPES",
      "WarcLog",
      "articleFiles",
      "articleInput",
      "articleJson",
      "changesUri",
      "checkUrlList",
      "collectionBundle",
      "collectionParts",
      "combinedBundle",
      "combinedReport",
      "combinedStatus",
      "compareArticles",
      "defaultExtractWorkers",
      "describeProblem",
      "discoverUrls",
      "fetcherSource",
      "isCollection",
      "openPart",
      "paragraphs",
      "parseSourceDate",
      "partDir",
      "recoverParts",
      "recoverWarcs",
      "renderArticleJson",
      "renderJsonLd",
      "renderMarkdown",
      "renderWordDiff",
      "siteOf",
      "slugFor",
      "snapshot",
      "writeReport",
    ]);
  });
});
