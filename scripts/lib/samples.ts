import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { HeaderList } from "@vellum/model";

/** What a sample promises about its page; `test/samples.test.ts` holds extraction to it. */
export interface SampleChecks {
  readonly headline?: string;
  readonly alternativeHeadline?: string;
  readonly authors?: readonly string[];
  readonly authorDescriptionStartsWith?: string;
  readonly datePublished?: string;
  /** Only the calendar day is certain (the page gives no offset). */
  readonly datePublishedDay?: string;
  readonly dateModified?: string;
  readonly description?: string;
  readonly publisher?: string;
  readonly image?: string;
  readonly language?: string;
  readonly bodyIncludes?: readonly string[];
  readonly bodyExcludes?: readonly string[];
  /** Date prefixes that appear on the page but are not dates of the article. */
  readonly notDates?: readonly string[];
}

export interface Sample {
  readonly slug: string;
  readonly dir: string;
  /** The URL the page was served at. */
  readonly url: string;
  /** The response headers it was served with, in order. */
  readonly headers: HeaderList;
  /** What real-world shape the page is an example of. */
  readonly example: string;
  readonly checks: SampleChecks;
  readonly page: Uint8Array;
}

interface SampleMeta {
  url: string;
  headers?: Record<string, string>;
  example: string;
  checks?: SampleChecks;
}

export const SAMPLES_DIR = fileURLToPath(new URL("../../samples/", import.meta.url));

/** Every `samples/<slug>/` folder with a `page.html` and `meta.json`, sorted by slug. */
export function loadSamples(root: string = SAMPLES_DIR): Sample[] {
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((slug) => {
      const dir = join(root, slug);
      const meta = JSON.parse(readFileSync(join(dir, "meta.json"), "utf8")) as SampleMeta;
      return {
        slug,
        dir,
        url: meta.url,
        headers: Object.entries(meta.headers ?? {}),
        example: meta.example,
        checks: meta.checks ?? {},
        page: readFileSync(join(dir, "page.html")),
      };
    });
}
