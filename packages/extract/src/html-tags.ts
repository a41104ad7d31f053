/**
 * The HTML element sets that more than one stage asks about, defined once from the HTML
 * standard's content models. Sets that encode one rule's own judgement (which tags a byline
 * line may be, which wrappers hold a label) stay with that rule.
 */

/** A table and its structural parts (HTML §4.9). */
export const TABLE_TAGS: ReadonlySet<string> = new Set([
  "table",
  "tbody",
  "td",
  "tfoot",
  "th",
  "thead",
  "tr",
]);

/** Elements that render as blocks: a word boundary before and after them (HTML §15.3.3). */
export const BLOCK_TAGS: ReadonlySet<string> = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "center",
  "dd",
  "details",
  "dialog",
  "div",
  "dl",
  "dt",
  "fieldset",
  "figcaption",
  "figure",
  "footer",
  "form",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "hgroup",
  "hr",
  "li",
  "main",
  "nav",
  "ol",
  "p",
  "pre",
  "section",
  "summary",
  ...TABLE_TAGS,
  "ul",
]);

/** Void elements: they never have an end tag or children (HTML §13.1.2). */
export const VOID_TAGS: ReadonlySet<string> = new Set([
  "area",
  "base",
  "br",
  "col",
  "embed",
  "hr",
  "img",
  "input",
  "link",
  "meta",
  "param",
  "source",
  "track",
  "wbr",
]);

/** Every heading rank. */
export const HEADING_TAGS: ReadonlySet<string> = new Set(["h1", "h2", "h3", "h4", "h5", "h6"]);

/** The headings under a page's h1: section titles, teaser titles. */
export const SUBHEADING_TAGS: ReadonlySet<string> = new Set(["h2", "h3", "h4", "h5", "h6"]);
