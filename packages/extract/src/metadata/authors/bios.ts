/** Bios printed in a block of their own, attached to the Persons they start with. */
import type { Author } from "@vellum/model";
import { clean } from "../../structured/normalize.js";
import { type Element, spacedText } from "../../structured/walk.js";
import type { Page } from "../page.js";

/** Cheap first test: this runs on every element that has a class. */
const BIO_HINT = /bio|about|note/i;
const BIO_BOX =
  /(?:^|[\s_-])(?:author|contributor|writer)s?[-_]?(?:bios?|about|notes?)(?:[\s_-]|$)/i;

/**
 * A block of bios, one paragraph per author (`<p><strong>Name</strong> covers …</p>`): the
 * paragraph that starts with a Person's name is that Person's description, where none is known.
 */
export function attachBios(page: Page, list: readonly Author[]): readonly Author[] {
  if (!needsBio(list)) return list;
  return withBios(list, bioTexts(page));
}

function needsBio(list: readonly Author[]): boolean {
  return list.some((a) => a.type === "Person" && a.description === null);
}

/** The texts of the paragraphs of the page's bio blocks (the first 20), for `withBios`. */
export function bioTexts(page: Page): readonly (string | null)[] {
  const boxes: Element[] = [];
  for (const el of page.elements) {
    const cls = el.attribs.class;
    if (cls !== undefined && BIO_HINT.test(cls) && BIO_BOX.test(cls)) boxes.push(el);
  }
  if (!boxes.length) return [];
  const paragraphs = boxes.flatMap((b) => page.$(b).find("p").toArray() as Element[]).slice(0, 20);
  return paragraphs.map((p) => clean(spacedText(p, 1200)));
}

/** `attachBios` with the bio paragraphs read already (`bioTexts`). */
export function withBios(
  list: readonly Author[],
  texts: readonly (string | null)[],
): readonly Author[] {
  if (!texts.length || !needsBio(list)) return list;
  return list.map((a) => {
    if (a.type !== "Person" || a.description !== null) return a;
    for (const text of texts) {
      if (
        text &&
        text.length > a.name.length + 10 &&
        text.length <= 1000 &&
        startsWithName(text, a.name)
      )
        return { ...a, description: text };
    }
    return a;
  });
}

/** "Ann Lee covers …" starts with Ann Lee; "Ann Leeds is …" does not. */
function startsWithName(text: string, name: string): boolean {
  return text.startsWith(name) && !/^[\p{L}\p{N}]/u.test(text.slice(name.length));
}
