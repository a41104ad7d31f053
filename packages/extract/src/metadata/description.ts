/** The page's summary: the description meta tags and JSON-LD, as plain text. */
import { metaProvenance } from "../structured/meta.js";
import { clean } from "../structured/normalize.js";
import type { Found, Page } from "./page.js";
import { ldProp, ldText } from "./page.js";

/** The meta description, the page's summary: og, the description meta, twitter, JSON-LD, DC. */
export function description(page: Page): Found<string> | null {
  // og:description first: where the two differ, it is the one written for readers (the
  // description meta is more often an SEO keyword string).
  const m = page.meta.first([
    "og:description",
    "description",
    "twitter:description",
    "dc.description",
    "dcterms.description",
    "sailthru.description",
  ]);
  const ld = plainText(ldText(page, ldProp(page, "description")));
  if (m) {
    const v = plainText(m.value);
    if (v) {
      // A summary cut off with an ellipsis loses to the same text written out in full elsewhere.
      const stem = truncatedStem(v);
      if (stem) {
        const whole = [
          ...["og:description", "description", "twitter:description"].flatMap((k) =>
            page.meta.get(k).map((x) => ({ value: plainText(x), source: metaProvenance(k) })),
          ),
          { value: ld, source: "jsonld" as const },
        ].find(
          (c) =>
            c.value &&
            c.value.length > v.length &&
            c.value.startsWith(stem) &&
            !truncatedStem(c.value),
        );
        if (whole?.value) return { value: whole.value, source: whole.source };
      }
      return { value: v, source: metaProvenance(m.key) };
    }
  }
  return ld ? { value: ld, source: "jsonld" } : null;
}

/** The text before a trailing "..." or "…" (a summary cut to length), or null when not cut. */
function truncatedStem(text: string): string | null {
  const m = /^(.{20,}?)\s*(?:\.{3}|…)$/su.exec(text);
  return m?.[1] ?? null;
}

// Tags written into a summary by a CMS that escaped its HTML field into the attribute. Inline
// tags join their neighbours ("and<a>Read more</a>"); any other tag separates words.
const INLINE_TAG = /<\/?(?:a|abbr|b|code|em|i|mark|small|span|strong|sub|sup|u)(?:\s[^<>]*)?>/gi;
const OTHER_TAG = /<\/?[a-z][a-z0-9]*(?:\s[^<>]*)?\/?>/gi;

/** The link excerpt generators append ("… <a href=…>Read more</a>"): not part of the summary. */
const MORE_LINK =
  /<a\b[^<>]*>\s*(?:read more|continue reading|more|weiterlesen|mehr|lire la suite|leer más|leggi tutto|…|\.{3})\s*<\/a>/giu;

/** A summary as plain text: a description is text, never markup. */
function plainText(s: string | null | undefined): string | null {
  if (!s?.includes("<")) return clean(s);
  return clean(s.replace(MORE_LINK, "").replace(INLINE_TAG, "").replace(OTHER_TAG, " "));
}
