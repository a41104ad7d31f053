import type { Severity } from "./types.js";

/**
 * A check the validator makes: the code its findings carry, how serious a finding is, one line
 * saying why it matters, and the guidance it comes from. The validator takes every finding's
 * severity from here, so this table is the one place to read or change it.
 */
export interface Rule {
  /** Stable, kebab-case: the `code` of the findings. */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what is wrong and why it matters. */
  readonly summary: string;
  /** Where the rule comes from: a specification section or Google's documentation. */
  readonly guidance: string;
}

const JSONLD = "https://www.w3.org/TR/json-ld11/";
const DATA_MODEL = "https://schema.org/docs/datamodel.html";
const ARTICLE = "https://developers.google.com/search/docs/appearance/structured-data/article";
const POLICIES = "https://developers.google.com/search/docs/appearance/structured-data/sd-policies";
const IMAGE_GUIDANCE = `${ARTICLE}#article-types`;
const AUTHOR_GUIDANCE =
  "https://developers.google.com/search/docs/appearance/structured-data/article#author-bp";

const rule = (id: string, severity: Severity, summary: string, guidance: string): Rule => ({
  id,
  severity,
  summary,
  guidance,
});

/** Every rule of `validateJsonLd`, syntax first, then the vocabulary, then Google's Article guidance. */
export const VALIDATION_RULES = [
  rule(
    "invalid-json",
    "error",
    "The block is not valid JSON, so no consumer reads any of it.",
    `${JSONLD}#basic-concepts`,
  ),
  rule(
    "invalid-jsonld",
    "error",
    "A JSON-LD document is an object or an array of objects.",
    `${JSONLD}#json-ld-grammar`,
  ),
  rule(
    "missing-context",
    "error",
    'Without "@context": "https://schema.org" the terms mean nothing.',
    `${JSONLD}#the-context`,
  ),
  rule(
    "foreign-context",
    "warning",
    "The @context is not schema.org, so its terms were not checked.",
    `${JSONLD}#the-context`,
  ),
  rule(
    "http-context",
    "warning",
    'Use "https://schema.org" as the @context; the http form is the legacy one.',
    "https://schema.org/docs/faq.html#19",
  ),
  rule("invalid-graph", "error", "@graph must hold node objects.", `${JSONLD}#named-graphs`),
  rule(
    "graph-with-properties",
    "warning",
    "Properties beside @graph describe no node and are lost.",
    `${JSONLD}#named-graphs`,
  ),
  rule(
    "invalid-keyword",
    "error",
    "A key starting with @ must be a JSON-LD keyword.",
    `${JSONLD}#keywords`,
  ),
  rule(
    "invalid-type",
    "error",
    "@type must be a string naming a type.",
    `${JSONLD}#specifying-the-type`,
  ),
  rule("invalid-id", "error", "@id must be a string.", `${JSONLD}#node-identifiers`),
  rule(
    "relative-id",
    "warning",
    "A relative @id changes meaning when the block is copied; give an absolute IRI.",
    `${JSONLD}#node-identifiers`,
  ),
  rule(
    "dangling-id",
    "error",
    "An @id reference points at no node of the page.",
    `${JSONLD}#node-identifiers`,
  ),
  rule(
    "nested-array",
    "error",
    "Arrays of arrays are not valid JSON-LD values.",
    `${JSONLD}#lists-and-sets`,
  ),
  rule(
    "missing-type",
    "warning",
    "A node without @type cannot be checked or understood.",
    DATA_MODEL,
  ),
  rule(
    "unknown-type",
    "error",
    "The type is not in the schema.org vocabulary (often a typo).",
    "https://schema.org/docs/full.html",
  ),
  rule(
    "unknown-property",
    "error",
    "The property is not in the schema.org vocabulary (often a typo).",
    "https://schema.org/docs/full.html",
  ),
  rule(
    "superseded-property",
    "warning",
    "schema.org replaced this property with another.",
    DATA_MODEL,
  ),
  rule(
    "property-not-applicable",
    "error",
    "The property does not apply to the node's type or its ancestors.",
    DATA_MODEL,
  ),
  rule(
    "wrong-value-type",
    "error",
    "The value is not of a type the property's range allows.",
    DATA_MODEL,
  ),
  rule(
    "text-for-node",
    "warning",
    "Text where the property expects a node; schema.org tolerates it, Google may not.",
    DATA_MODEL,
  ),
  rule(
    "number-for-quantity",
    "warning",
    "A bare number where schema.org expects a QuantitativeValue or Distance.",
    DATA_MODEL,
  ),
  rule(
    "null-value",
    "warning",
    "null values are dropped by JSON-LD processors; leave the property out.",
    `${JSONLD}#values`,
  ),
  rule("empty-value", "warning", "An empty value says nothing; leave the property out.", POLICIES),
  rule("url-not-absolute", "error", "A URL value must be absolute.", DATA_MODEL),
  rule("invalid-date", "error", "A Date or DateTime must be ISO 8601.", "https://schema.org/Date"),
  rule(
    "invalid-time",
    "error",
    "A Time must be ISO 8601 (hh:mm[:ss][zone]).",
    "https://schema.org/Time",
  ),
  rule(
    "invalid-number",
    "error",
    "A Number must be written as a number.",
    "https://schema.org/Number",
  ),
  rule("invalid-boolean", "error", "A Boolean is true or false.", "https://schema.org/Boolean"),
  rule("headline-missing", "warning", "Google recommends a headline for every article.", ARTICLE),
  rule(
    "headline-too-long",
    "warning",
    "Google truncates headlines past 110 characters in rich results.",
    ARTICLE,
  ),
  rule("image-missing", "warning", "Google recommends an image for every article.", ARTICLE),
  rule("image-without-url", "warning", "The image gives no URL Google could fetch.", ARTICLE),
  rule(
    "image-not-crawlable",
    "error",
    "Image URLs must be absolute http(s) URLs that Google can crawl.",
    ARTICLE,
  ),
  rule(
    "image-too-small",
    "warning",
    "Google wants article images of at least 50,000 pixels (width × height).",
    IMAGE_GUIDANCE,
  ),
  rule(
    "image-narrow",
    "info",
    "Google recommends high-resolution images, at least 1200 pixels wide.",
    "https://developers.google.com/search/docs/appearance/google-discover",
  ),
  rule(
    "date-published-missing",
    "warning",
    "Google recommends datePublished for every article.",
    ARTICLE,
  ),
  rule(
    "date-modified-missing",
    "info",
    "Google recommends dateModified (equal to datePublished if never edited).",
    ARTICLE,
  ),
  rule("date-imprecise", "warning", "A year or month alone: Google wants the full date.", ARTICLE),
  rule(
    "date-without-time-zone",
    "error",
    "A time without a time zone is read in Googlebot's zone, not the publisher's.",
    ARTICLE,
  ),
  rule(
    "modified-before-published",
    "warning",
    "dateModified is before datePublished: one of them is wrong.",
    ARTICLE,
  ),
  rule("author-missing", "warning", "Google recommends an author for every article.", ARTICLE),
  rule(
    "author-not-a-node",
    "warning",
    "Give the author as a Person or Organization node, not a string.",
    AUTHOR_GUIDANCE,
  ),
  rule("author-wrong-type", "error", "An author is a Person or an Organization.", AUTHOR_GUIDANCE),
  rule(
    "author-name-missing",
    "error",
    "An author without a name cannot be shown.",
    AUTHOR_GUIDANCE,
  ),
  rule(
    "author-url-missing",
    "info",
    "Google recommends author.url, a page that identifies the author.",
    AUTHOR_GUIDANCE,
  ),
  rule(
    "author-organization-as-person",
    "warning",
    "An organization written as a Person author.",
    AUTHOR_GUIDANCE,
  ),
  rule("author-name-empty", "error", "The author name is empty.", AUTHOR_GUIDANCE),
  rule(
    "author-name-prefix",
    "error",
    'The name starts with "By" or a byline word: give only the name.',
    AUTHOR_GUIDANCE,
  ),
  rule(
    "author-name-honorific",
    "error",
    "An honorific in the name (Dr, Mr): use honorificPrefix.",
    AUTHOR_GUIDANCE,
  ),
  rule("author-name-job-title", "error", "A job title in the name: use jobTitle.", AUTHOR_GUIDANCE),
  rule("author-name-date", "error", "A date or time in the author name.", AUTHOR_GUIDANCE),
  rule(
    "author-name-multiple",
    "error",
    "Several people in one name: give each author its own node.",
    AUTHOR_GUIDANCE,
  ),
  rule(
    "author-name-contact",
    "error",
    "An e-mail address or URL in the author name.",
    AUTHOR_GUIDANCE,
  ),
  rule(
    "author-name-not-a-name",
    "warning",
    "The author name does not look like a person's name.",
    AUTHOR_GUIDANCE,
  ),
] as const satisfies readonly Rule[];

/** The code of a validator finding. */
export type ValidationCode = (typeof VALIDATION_RULES)[number]["id"];

const BY_ID: ReadonlyMap<string, Rule> = new Map(VALIDATION_RULES.map((r) => [r.id, r]));

/** The rule behind a validator code. */
export function validationRule(code: ValidationCode): Rule {
  return BY_ID.get(code) as Rule;
}
