import { asArray, declaredTypes, isJsonObject as isObject } from "@vellum/model";

/** JSON-LD 1.1 keywords (§1.7 of the JSON-LD 1.1 syntax). */
export const KEYWORDS = new Set([
  "@base",
  "@container",
  "@context",
  "@direction",
  "@graph",
  "@id",
  "@import",
  "@included",
  "@index",
  "@json",
  "@language",
  "@list",
  "@nest",
  "@none",
  "@prefix",
  "@propagate",
  "@protected",
  "@reverse",
  "@set",
  "@type",
  "@value",
  "@version",
  "@vocab",
]);

const SCHEMA_PREFIXES = ["schema:", "https://schema.org/", "http://schema.org/"];

/** The schema.org term a key or type names (`schema:Person`, `https://schema.org/Person`, `Person`), or null for another vocabulary. */
export function schemaTermOf(value: string): string | null {
  for (const prefix of SCHEMA_PREFIXES) {
    if (value.startsWith(prefix)) return value.slice(prefix.length);
  }
  return value.includes(":") ? null : value;
}

/** Owned by `@vellum/model`, which extraction shares; here under the names the validator uses. */
export { asArray, isObject };

/**
 * The node's types as schema.org terms; foreign-vocabulary types are left out. Not extract's
 * `localTypesOf`, which keeps the local name of a type from any vocabulary.
 */
export function schemaTypesOf(node: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const t of declaredTypes(node)) {
    const term = schemaTermOf(t);
    if (term !== null) out.push(term);
  }
  return out;
}

/** A `{"@id": …}` object with nothing else: a link to a node described elsewhere. */
export function isReference(value: unknown): value is { "@id": string } {
  return isObject(value) && typeof value["@id"] === "string" && Object.keys(value).length === 1;
}

/** Keys the schema.org context maps onto JSON-LD keywords. */
export const CONTEXT_ALIASES: Readonly<Record<string, string>> = { id: "@id", type: "@type" };

/** Whether a `@context` value makes schema.org the vocabulary. */
export function isSchemaOrgContext(context: unknown): boolean {
  const ok = (v: unknown): boolean => {
    if (typeof v === "string") return /^https?:\/\/schema\.org\/?$/.test(v.trim());
    if (isObject(v))
      return typeof v["@vocab"] === "string" && /^https?:\/\/schema\.org\/?$/.test(v["@vocab"]);
    return false;
  };
  return Array.isArray(context) ? context.some(ok) : ok(context);
}
