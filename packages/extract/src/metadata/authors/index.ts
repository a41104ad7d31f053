/** Authors of the article: which rule is asked, in which order, and what outranks what. */
import type { Author } from "@vellum/model";
import { isObject } from "../../structured/jsonld.js";
import { fold } from "../../structured/normalize.js";
import { type Found, ldText, type Page } from "../page.js";
import { fromByline, fromNewsroomByline } from "./byline.js";
import {
  fromCreditLabel,
  fromCreditLines,
  fromMetaLines,
  fromStandaloneByline,
} from "./credit-lines.js";
import { fromAboveHeadline, fromBylineText, fromNameByDate } from "./near-headline.js";
import { fromSignature } from "./signature.js";
import { fromJsonLd, fromMeta, fromMicrodata } from "./structured.js";

export { attachBios, bioTexts, withBios } from "./bios.js";

/** "Agencies", "Wires": a wire credit that names no agency stands in for the printed byline. */
const GENERIC_WIRE = /^(?:agencies|news agencies|wires|wire services)$/i;

/**
 * Authors in byline order, first sound rule wins: JSON-LD, meta names, microdata, visible byline.
 * An organisation that signs the piece (a wire service) is an Organization, never a Person.
 */
export function authors(page: Page, site: string | null): Found<Author[]> | null {
  const ld = fromJsonLd(page, site);
  // A CMS login ("jane.doe", "jdoe") in JSON-LD loses to a byline the page prints.
  // So does the site itself named as author, when the page prints a person's byline.
  // The publisher of the page (in JSON-LD) named as its author is the same stand-in.
  const article = page.ld.article;
  const pubNode = article ? page.ld.deref(article.publisher) : null;
  const house = [site, isObject(pubNode) ? ldText(page, pubNode.name) : null]
    .filter((x): x is string => !!x)
    .map(fold);
  // "HT" for the site "HT - Harbour Times": the house by its short name.
  const isHouse = (name: string) => {
    const f = fold(name);
    return house.some((h) => h === f || h.startsWith(`${f} `));
  };
  const weak = (a: Author) =>
    /^[a-z0-9._-]+$/.test(a.name) ||
    (a.type !== "Person" && (isHouse(a.name) || GENERIC_WIRE.test(a.name)));
  if (ld.length && ld.every(weak)) {
    const shown = fromByline(page, site, 0, 2);
    if (shown) return shown;
    // With the house as the only author, an author-classed element naming a person is the byline.
    const loose = ld.every((a) => a.type !== "Person") ? fromByline(page, site, 2, 3) : null;
    if (loose?.value.some((a) => a.type === "Person" && a.name.includes(" "))) return loose;
    // A signature line ("Von Fenja Brandauer" under the text) names the writer the house stood
    // in for.
    const signed = ld.every((a) => a.type !== "Person") ? fromStandaloneByline(page, site) : null;
    if (signed) return signed;
    const dated = fromNameByDate(page, site);
    if (dated) return dated;
  }
  // A first name alone in JSON-LD ("Ottmar") that the printed byline writes in full
  // ("Ottmar Quell").
  const only = ld.length === 1 ? ld[0] : undefined;
  if (only?.type === "Person" && !only.name.includes(" ")) {
    const shown = fromByline(page, site, 0, 3);
    const full = shown?.value.find(
      (a) => a.type === "Person" && a.name.startsWith(`${only.name} `),
    );
    if (full?.type === "Person")
      return { value: [{ ...only, name: full.name, url: only.url ?? full.url }], source: "jsonld" };
  }
  if (ld.length) return { value: ld, source: "jsonld" };
  const md = fromMicrodata(page, site);
  if (md.length) return { value: md, source: page.props.get("author")[0]?.source ?? "microdata" };
  const marked = fromByline(page, site, 0, 1);
  // A byline that names only the house ("By The Daily Ledger") yields to a person's credit
  // printed with the text ("Written by: Jane Roe" atop a syndicated piece).
  if (marked?.value.every(weak)) return fromBylineText(page, site) ?? marked;
  if (marked) return marked;
  const text = fromBylineText(page, site);
  if (text) return text;
  const meta = fromMeta(page, site);
  if (meta) return meta;
  return (
    fromByline(page, site, 1) ??
    fromAboveHeadline(page) ??
    fromCreditLabel(page, site) ??
    fromCreditLines(page, site) ??
    fromNameByDate(page, site) ??
    fromMetaLines(page, site) ??
    fromStandaloneByline(page, site) ??
    fromSignature(page, site) ??
    fromNewsroomByline(page)
  );
}
