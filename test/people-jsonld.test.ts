import { readdirSync, readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { extract } from "@vellum/extract";
import { articlePeople } from "@vellum/people";
import { buildJsonLd, validateJsonLd } from "@vellum/schema";
import { describe, expect, it } from "vitest";

/** ../shared from the repo root: present in every checkout and in CI. */
const ARTICLES = new URL("../../shared/eval/articles/", import.meta.url);
const SAMPLES = new URL("../samples/", import.meta.url);

// Extracting 115 pages is seconds of work, minutes on a loaded machine: a generous timeout, no timing.
describe("graphs with the people each page quotes", () => {
  it("validate on every evaluation page and every sample (schema.org and Google's rules)", () => {
    const truth = JSON.parse(
      readFileSync(new URL("ground-truth.json", ARTICLES), "utf8"),
    ) as Record<string, { url?: string }>;
    const pages: Array<{ label: string; bytes: Uint8Array; url: string | null }> = [];
    for (const [id, { url }] of Object.entries(truth)) {
      pages.push({
        label: id,
        bytes: gunzipSync(readFileSync(new URL(`html/${id}.html.gz`, ARTICLES))),
        url: url ?? null,
      });
    }
    for (const slug of readdirSync(SAMPLES)) {
      const meta = JSON.parse(readFileSync(new URL(`${slug}/meta.json`, SAMPLES), "utf8")) as {
        url: string;
      };
      pages.push({
        label: slug,
        bytes: readFileSync(new URL(`${slug}/page.html`, SAMPLES)),
        url: meta.url,
      });
    }
    expect(pages.length).toBeGreaterThan(100);
    let persons = 0;
    const failures: string[] = [];
    for (const page of pages) {
      const article = extract(page.bytes, { url: page.url });
      const people = articlePeople(article);
      const doc = buildJsonLd(article, { people });
      const report = validateJsonLd(doc);
      if (!report.valid)
        failures.push(
          `${page.label}: ${report.findings
            .filter((f) => f.severity === "error")
            .map((f) => f.code)
            .join(", ")}`,
        );
      const graph = doc["@graph"] as unknown as Array<Record<string, unknown>>;
      const node = graph.find((n) => "mentions" in n);
      persons += ((node?.mentions as unknown[] | undefined) ?? []).length;
    }
    expect(failures).toEqual([]);
    // The pages quote people: most quoted people end up as mentions.
    expect(persons).toBeGreaterThan(150);
  }, 300_000);
});
