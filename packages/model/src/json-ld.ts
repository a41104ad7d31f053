/**
 * JSON-LD node helpers shared by the reader in extraction (lenient: any vocabulary, any shape a
 * page writes) and the schema builder and validator (strict: schema.org terms only). Each side
 * decides what a type string means; where a node's types are written is decided here once.
 */

/** A JSON object: not null, not an array. */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value that may be one item or a list of them, as a list. */
export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/**
 * The type strings a node declares, as written: `@type`, or `type`, which the schema.org context
 * aliases to it. Non-string entries are dropped.
 */
export function declaredTypes(node: Readonly<Record<string, unknown>>): string[] {
  const raw = node["@type"] ?? node.type;
  if (raw === undefined) return [];
  return asArray(raw).filter((t): t is string => typeof t === "string");
}
