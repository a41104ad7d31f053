import { describe, expect, it } from "vitest";
import * as catalog from "../src/index.js";

describe("@vellum/catalog public exports", () => {
  it("are exactly these names", () => {
    expect(Object.keys(catalog).sort()).toEqual([
      "Catalog",
      "DOWNLOAD_FORMATS",
      "FACET_NAMES",
      "INDEX_DB",
      "SEARCH_LIMITS",
      "SORT_ORDERS",
      "SearchIndex",
      "catalogSoftware",
      "createCatalogServer",
      "escapeHtml",
      "parseSearchParams",
      "parseText",
      "paths",
      "safeHref",
      "searchParams",
      "serveCatalog",
    ]);
  });
});
