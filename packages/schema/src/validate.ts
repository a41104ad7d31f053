import { dateShape } from "./dates.js";
import { checkGoogleArticle } from "./google.js";
import { childPath } from "./paths.js";
import { type ValidationCode, validationRule } from "./rules.js";
import {
  asArray,
  CONTEXT_ALIASES,
  isObject,
  isReference,
  isSchemaOrgContext,
  KEYWORDS,
  schemaTermOf,
  schemaTypesOf,
} from "./terms.js";
import type { Finding, ValidateOptions, ValidationReport } from "./types.js";
import { isAbsoluteIri } from "./urls.js";
import { DATA_TYPES, loadVocabulary, type Vocabulary } from "./vocabulary.js";

type Node = Record<string, unknown>;

/** Every node with an `@id` and something said about it, by id, across all blocks checked together. */
export type NodeIndex = ReadonlyMap<string, Node>;

const DATA_TYPE_SET: ReadonlySet<string> = new Set(DATA_TYPES);
const TEXTUAL = new Set(["Text", "CssSelectorType", "PronounceableText", "XPathType"]);
const NUMERIC = new Set(["Number", "Integer", "Float"]);

/** The types of the node an untyped object shares its `@id` with, if any. */
export function typesOfDescribed(value: Node, index: NodeIndex): string[] {
  const id = value["@id"];
  if (typeof id !== "string") return [];
  const target = index.get(id);
  return target === undefined || target === value ? [] : schemaTypesOf(target);
}

/** Where checks put what they find; the severity comes from the rule (rules.ts). */
export interface Sink {
  add(path: string, code: ValidationCode, message: string): void;
}

export function collectNodes(roots: readonly unknown[]): Map<string, Node> {
  const index = new Map<string, Node>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const v of value) walk(v);
      return;
    }
    if (!isObject(value)) return;
    const id = value["@id"] ?? value.id;
    if (typeof id === "string" && !isReference(value) && !("@value" in value)) {
      const existing = index.get(id);
      // JSON-LD merges nodes that share an @id; the first description with a type is the one to judge.
      if (
        existing === undefined ||
        (existing["@type"] === undefined && value["@type"] !== undefined)
      ) {
        index.set(id, value);
      }
    }
    for (const [key, v] of Object.entries(value)) if (key !== "@context") walk(v);
  };
  for (const root of roots) walk(root);
  return index;
}

/** Checks values against the vocabulary; one instance per document. */
export class VocabularyChecker {
  constructor(
    readonly vocab: Vocabulary,
    readonly index: NodeIndex,
    readonly sink: Sink,
  ) {}

  /** The types a value node has, following an `@id` link. */
  typesOfValue(value: Node): string[] {
    return schemaTypesOf(value).length > 0
      ? schemaTypesOf(value)
      : typesOfDescribed(value, this.index);
  }

  node(node: Node, path: string): void {
    // `{"@id": x, "name": …}` without @type adds to the node x typed elsewhere (Yoast's author links).
    const described = schemaTypesOf(node).length === 0 ? typesOfDescribed(node, this.index) : [];
    const types = described.length > 0 ? described : schemaTypesOf(node);
    const known: string[] = [];
    const typeKey = node["@type"] === undefined && node.type !== undefined ? "type" : "@type";
    const rawTypes = node[typeKey] === undefined ? [] : asArray(node[typeKey]);
    rawTypes.forEach((raw, i) => {
      const typePath = Array.isArray(node[typeKey])
        ? childPath(childPath(path, typeKey), i)
        : childPath(path, typeKey);
      if (typeof raw !== "string") {
        this.sink.add(typePath, "invalid-type", "@type must be a string");
        return;
      }
      const term = schemaTermOf(raw);
      if (term === null) return;
      if (this.vocab.hasClass(term)) known.push(term);
      else if (this.vocab.isMember(term) || this.vocab.hasProperty(term)) {
        this.sink.add(typePath, "unknown-type", `"${raw}" is not a schema.org type`);
      } else {
        const hint = this.suggest(term, this.vocab.classNames);
        this.sink.add(typePath, "unknown-type", `"${raw}" is not a schema.org type${hint}`);
      }
    });
    for (const t of described) if (this.vocab.hasClass(t)) known.push(t);
    if (rawTypes.length === 0 && described.length === 0 && !isReference(node)) {
      this.sink.add(
        path,
        "missing-type",
        "a node without @type cannot be checked against the vocabulary",
      );
    }
    const typesKnown = types.length > 0 && known.length === types.length;
    const id = node["@id"] ?? node.id;
    if (id !== undefined && typeof id !== "string") {
      this.sink.add(childPath(path, "@id"), "invalid-id", "@id must be a string");
    } else if (typeof id === "string" && !id.startsWith("_:") && !isAbsoluteIri(id)) {
      // JSON-LD 1.1: a relative @id resolves against the document's URL, which a pasted block loses.
      this.sink.add(
        childPath(path, "@id"),
        "relative-id",
        `"${id}" is relative; give an absolute IRI`,
      );
    }
    for (const [key, value] of Object.entries(node)) {
      const keyPath = childPath(path, key);
      if (key.startsWith("@")) {
        if (!KEYWORDS.has(key))
          this.sink.add(keyPath, "invalid-keyword", `"${key}" is not a JSON-LD keyword`);
        else if (key === "@graph") this.values(null, value, keyPath);
        continue;
      }
      if (CONTEXT_ALIASES[key] !== undefined) continue;
      const term = schemaTermOf(key);
      if (term === null) continue; // another vocabulary (og:, dc:, a full IRI): not ours to judge
      // Actions' `query-input` shorthand for a PropertyValueSpecification (schema.org/docs/actions.html).
      const annotated = /^(.+)-(input|output)$/.exec(term);
      if (annotated?.[1] !== undefined && this.vocab.hasProperty(annotated[1])) continue;
      const property = this.vocab.property(term);
      if (property === null) {
        const hint = this.suggest(term, this.vocab.propertyNames);
        this.sink.add(keyPath, "unknown-property", `"${key}" is not a schema.org property${hint}`);
        this.values(null, value, keyPath);
        continue;
      }
      if (property.supersededBy !== undefined) {
        this.sink.add(
          keyPath,
          "superseded-property",
          `"${key}" is superseded by "${property.supersededBy}"`,
        );
      }
      // A retired property keeps no domain: its superseded warning says all there is to say.
      if (
        typesKnown &&
        property.domain.length > 0 &&
        !known.some((t) => this.vocab.appliesTo(term, t))
      ) {
        this.sink.add(
          keyPath,
          "property-not-applicable",
          `"${key}" is not a property of ${known.join("/")} (it applies to ${property.domain.join(", ")})`,
        );
      }
      this.values(term, value, keyPath);
    }
  }

  /** Checks every value of one property (`term` null: no range known, only walk nested nodes). */
  values(term: string | null, value: unknown, path: string): void {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        this.value(term, v, childPath(path, i));
      });
    } else this.value(term, value, path);
  }

  value(term: string | null, value: unknown, path: string): void {
    const range = term === null ? null : (this.vocab.property(term)?.range ?? null);
    if (value === null) {
      this.sink.add(
        path,
        "null-value",
        "null values are dropped by JSON-LD processors; leave the property out",
      );
      return;
    }
    if (isObject(value)) {
      if ("@value" in value) {
        this.literal(term, range, value["@value"], path);
        return;
      }
      if ("@list" in value || "@set" in value) {
        this.values(
          term,
          value["@list"] ?? value["@set"],
          childPath(path, "@list" in value ? "@list" : "@set"),
        );
        return;
      }
      if (isReference(value)) {
        if (!this.index.has(value["@id"])) {
          if (range?.includes("URL")) return; // a plain link where a URL is allowed
          this.sink.add(
            path,
            "dangling-id",
            `"${value["@id"]}" is referenced but no node in the document has this @id`,
          );
          return;
        }
      } else {
        this.node(value, path);
      }
      if (range !== null) this.nodeRange(term as string, range, value, path);
      return;
    }
    if (Array.isArray(value)) {
      this.sink.add(path, "nested-array", "arrays of arrays are not valid JSON-LD values");
      return;
    }
    this.literal(term, range, value, path);
  }

  private nodeRange(term: string, range: readonly string[], value: Node, path: string): void {
    const types = this.typesOfValue(value);
    if (types.length === 0) return;
    const ok = types.some((t) => range.some((r) => this.vocab.isSubClassOf(t, r)));
    // A page (WebPage) where a URL is expected, as in mainEntityOfPage, is a link and fine.
    if (ok || range.includes("URL")) return;
    if (types.some((t) => !this.vocab.hasClass(t))) return; // already reported as unknown-type
    this.sink.add(
      path,
      "wrong-value-type",
      `${term} expects ${range.join(" or ")}, got ${types.join("/")}`,
    );
  }

  literal(
    term: string | null,
    range: readonly string[] | null,
    value: unknown,
    path: string,
  ): void {
    if (range === null || term === null || range.length === 0) return;
    const dataTypes = range.filter((r) => DATA_TYPE_SET.has(r));
    const textual = dataTypes.some((t) => TEXTUAL.has(t));
    if (typeof value === "boolean") {
      if (!dataTypes.includes("Boolean")) {
        this.sink.add(
          path,
          "wrong-value-type",
          `${term} expects ${range.join(" or ")}, got a boolean`,
        );
      }
      return;
    }
    if (typeof value === "number") {
      if (dataTypes.some((t) => NUMERIC.has(t)) || textual) {
        if (
          !textual &&
          dataTypes.includes("Integer") &&
          !dataTypes.includes("Number") &&
          !Number.isInteger(value)
        ) {
          this.sink.add(path, "wrong-value-type", `${term} expects an Integer, got ${value}`);
        }
        return;
      }
      // Widely written `"width": 1200`: schema.org wants a QuantitativeValue, consumers accept the number.
      const quantity = range.some(
        (r) => this.vocab.isSubClassOf(r, "Quantity") || r === "QuantitativeValue",
      );
      this.sink.add(
        path,
        quantity ? "number-for-quantity" : "wrong-value-type",
        `${term} expects ${range.join(" or ")}, got a number`,
      );
      return;
    }
    if (typeof value !== "string") return;
    if (value.trim() === "") {
      this.sink.add(path, "empty-value", `${term} is empty; leave the property out`);
      return;
    }
    if (textual) return;
    // schema.org: instances of Quantity (Distance, Duration, Mass, Energy) are strings like "3 kg".
    if (range.some((r) => this.vocab.isSubClassOf(r, "Quantity"))) return;
    const enumOk = this.vocab
      .memberTypes(schemaTermOf(value) ?? value)
      .some((m) => range.some((r) => this.vocab.isSubClassOf(m, r)));
    if (enumOk) return;
    const checks: Array<() => string | null> = [];
    if (dataTypes.includes("URL"))
      checks.push(() => (isAbsoluteIri(value) ? null : "url-not-absolute"));
    if (dataTypes.includes("Date") || dataTypes.includes("DateTime")) {
      checks.push(() => (dateShape(value.trim()) === "invalid" ? "invalid-date" : null));
    }
    if (dataTypes.includes("Time")) {
      checks.push(() =>
        /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/.test(value) ? null : "invalid-time",
      );
    }
    if (dataTypes.some((t) => NUMERIC.has(t))) {
      checks.push(() =>
        /^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(value.trim()) ? null : "invalid-number",
      );
    }
    if (dataTypes.includes("Boolean")) {
      checks.push(() => (/^(true|false)$/i.test(value) ? null : "invalid-boolean"));
    }
    if (checks.length > 0) {
      const failures = checks.map((c) => c());
      if (failures.some((f) => f === null)) return;
      const code = failures[0] as ValidationCode;
      const what: Record<string, string> = {
        "url-not-absolute": "an absolute URL",
        "invalid-date": "an ISO 8601 date",
        "invalid-time": "an ISO 8601 time",
        "invalid-number": "a number",
        "invalid-boolean": "true or false",
      };
      const expected = failures.map((f) => what[f as string]).join(" or ");
      this.sink.add(path, code, `${term} expects ${expected}, got "${value}"`);
      return;
    }
    // Only classes expected: schema.org accepts text there, consumers such as Google may not.
    this.sink.add(
      path,
      "text-for-node",
      `${term} expects a ${range.join(" or ")} node; got the text "${value.length > 60 ? `${value.slice(0, 57)}...` : value}"`,
    );
  }

  private suggest(term: string, names: readonly string[]): string {
    const lower = term.toLowerCase();
    const match = names.find((n) => n.toLowerCase() === lower);
    return match === undefined ? "" : ` (did you mean "${match}"?)`;
  }
}

/**
 * Checks JSON-LD (a parsed value, or JSON text) against the schema.org vocabulary and, by default,
 * Google's Article guidance. An array is checked as several blocks of one page (their `@id`s may
 * link to each other). Never throws: bad JSON is an `invalid-json` error.
 */
export function validateJsonLd(doc: unknown, options: ValidateOptions = {}): ValidationReport {
  const findings: Finding[] = [];
  const seen = new Set<string>();
  const sink: Sink = {
    add(path, code, message) {
      const key = `${path}\u0000${code}\u0000${message}`;
      if (seen.has(key)) return;
      seen.add(key);
      findings.push({ severity: validationRule(code).severity, path, code, message });
    },
  };
  let data = doc;
  if (typeof doc === "string") {
    try {
      data = JSON.parse(doc);
    } catch (error) {
      sink.add(
        "$",
        "invalid-json",
        `not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      );
      return report(findings);
    }
  }
  const vocab = options.vocabulary ?? loadVocabulary();
  const roots = Array.isArray(data) ? data : [data];
  const rootPath = (i: number) => (Array.isArray(data) ? childPath("$", i) : "$");
  const index = collectNodes(roots);
  const checker = new VocabularyChecker(vocab, index, sink);
  const checked: Array<{ node: Node; path: string }> = [];
  roots.forEach((root, i) => {
    const path = rootPath(i);
    if (!isObject(root)) {
      sink.add(path, "invalid-jsonld", "a JSON-LD document is an object (or an array of them)");
      return;
    }
    const context = root["@context"];
    if (context === undefined) {
      sink.add(path, "missing-context", 'no @context: give "@context": "https://schema.org"');
      return;
    }
    if (!isSchemaOrgContext(context)) {
      sink.add(
        childPath(path, "@context"),
        "foreign-context",
        "the @context is not schema.org; terms not checked",
      );
      return;
    }
    if (typeof context === "string" && context.startsWith("http://")) {
      sink.add(
        childPath(path, "@context"),
        "http-context",
        'use "https://schema.org" as the @context',
      );
    }
    const graph = root["@graph"];
    if (graph !== undefined) {
      if (!Array.isArray(graph) && !isObject(graph)) {
        sink.add(childPath(path, "@graph"), "invalid-graph", "@graph must hold node objects");
        return;
      }
      const extra = Object.keys(root).filter(
        (k) => k !== "@context" && k !== "@graph" && k !== "@id",
      );
      if (extra.length > 0 && root["@type"] === undefined) {
        sink.add(
          path,
          "graph-with-properties",
          `properties beside @graph describe no node: ${extra.join(", ")}`,
        );
      }
      asArray(graph).forEach((node, j) => {
        const nodePath = Array.isArray(graph)
          ? childPath(childPath(path, "@graph"), j)
          : childPath(path, "@graph");
        if (!isObject(node)) {
          sink.add(nodePath, "invalid-jsonld", "@graph must hold node objects");
          return;
        }
        checker.node(node, nodePath);
        checked.push({ node, path: nodePath });
      });
    } else {
      const { "@context": _, ...node } = root;
      checker.node(node, path);
      checked.push({ node, path });
    }
  });
  if (options.google !== false) {
    const google = {
      vocab,
      index,
      sink,
      recommended: options.recommended === true,
      imageSize: options.imageSize ?? null,
    };
    for (const { node, path } of checked) checkGoogleArticle(node, path, google);
  }
  return report(findings);
}

function report(findings: Finding[]): ValidationReport {
  const count = (severity: Finding["severity"]) =>
    findings.filter((f) => f.severity === severity).length;
  const errors = count("error");
  return {
    valid: errors === 0,
    errors,
    warnings: count("warning"),
    infos: count("info"),
    findings,
  };
}
