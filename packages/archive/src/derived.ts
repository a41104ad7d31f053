/**
 * Target URIs for records that are not the page as served: what Vellum derives from a page (the
 * extracted article, its JSON-LD, its Markdown, an edit report between two captures) and what a
 * browser capture adds (a screenshot and its thumbnail, the rendered DOM, a PDF).
 *
 * Replay tools index `metadata` and `resource` records by their WARC-Target-URI like responses:
 * pywb and cdxj-indexer skip only those typed `application/warc-fields`, and ReplayWeb.page's
 * indexer (warcio.js) does the same. A derived record that took the page's own URL would be
 * served in place of the page. So each gets a URI of its own, `urn:vellum:<kind>:<page URL>`,
 * tied to the page by name (as browsertrix-crawler's `urn:text:<url>` and `urn:view:<url>`
 * records are) and by `WARC-Refers-To` / `WARC-Concurrent-To` to the response.
 *
 * The one owner of this scheme: the capture engine, the edit reports and the browser capture
 * all take their URIs from here.
 */

/** What a derived record holds. */
export type DerivedKind =
  | "article" // article.json: the extracted article
  | "jsonld" // article.jsonld: the schema.org graph built for it
  | "markdown" // article.md: the body as Markdown
  | "changes" // what changed since the page's previous capture
  | "screenshot" // an image of the rendered page (the whole page, or its first screen)
  | "thumbnail" // a small image of the first screen
  | "dom" // the DOM after scripts ran
  | "pdf"; // the page printed to PDF

export const DERIVED_KINDS: readonly DerivedKind[] = [
  "article",
  "jsonld",
  "markdown",
  "changes",
  "screenshot",
  "thumbnail",
  "dom",
  "pdf",
];

const PREFIX = "urn:vellum:";

/** `urn:vellum:article:https://example.com/news/1`: the target URI of a record derived from a page. */
export function derivedUri(kind: DerivedKind, pageUrl: string): string {
  return `${PREFIX}${kind}:${pageUrl}`;
}

/** The kind and page of a derived record's target URI; null for any other URI. */
export function parseDerivedUri(uri: string): { kind: DerivedKind; pageUrl: string } | null {
  if (!uri.startsWith(PREFIX)) return null;
  const rest = uri.slice(PREFIX.length);
  const colon = rest.indexOf(":");
  const kind = rest.slice(0, colon) as DerivedKind;
  if (colon <= 0 || !DERIVED_KINDS.includes(kind)) return null;
  return { kind, pageUrl: rest.slice(colon + 1) };
}

/**
 * True when a record with this target URI and WARC Content-Type would be indexed, and could be
 * served, as the page at that URI: a `metadata` record on an http(s) URI whose type is not
 * `application/warc-fields`.
 */
export function shadowsPage(targetUri: string, contentType: string): boolean {
  return (
    /^https?:/i.test(targetUri) &&
    contentType.split(";")[0]?.trim().toLowerCase() !== "application/warc-fields"
  );
}
