/**
 * Author boxes ("About the author", a photo, a bio, a link to the author's page): removed from
 * the body and returned, because the bio belongs to the Person, not to the article text.
 */

import { imageSource } from "./clean-tree.js";
import { attr, type DomElement, elementsInOrder, textOf } from "./dom.js";
import type { UrlResolver } from "./urls.js";

export interface AuthorBox {
  readonly name: string | null;
  readonly bio: string | null;
  readonly url: string | null;
  readonly image: string | null;
}

const BOX_NAME =
  /(?:^|[\s_-])(?:author[-_]?(?:bio|box|info|card|profile|details|about|description|block|wrap|wrapper|section|bottom)|about[-_]?(?:the[-_]?)?author|bio[-_]?(?:box|card|block)|contributor[-_]?(?:bio|box|info)|(?:post|entry|article)[-_]?author[-_]?(?:bio|box|info)|vcard[-_]?author)(?:[\s_-]|$)/iu;

/** Every name BOX_NAME can match contains one of these (ASCII, so `i` folds exactly). */
const MAYBE_BOX = /author|bio|contributor/i;

/** A bio is a sentence or more; shorter "author" blocks are bylines. */
const MIN_BIO = 40;
const AUTHOR_LINK =
  /\/(?:author|authors|writer|writers|contributor|contributors|profile|profiles|people|staff|team|user|users)\//iu;

export function isAuthorBoxName(el: DomElement): boolean {
  const cls = el.attribs.class;
  const id = el.attribs.id;
  if (cls === undefined && id === undefined) return false;
  // Cheap test first, with no string built: this runs on every element of every page.
  if (!(cls && MAYBE_BOX.test(cls)) && !(id && MAYBE_BOX.test(id))) return false;
  const sig = `${cls ?? ""} ${id ?? ""}`.toLowerCase();
  if (!sig.includes("author") && !sig.includes("bio") && !sig.includes("contributor")) return false;
  return BOX_NAME.test(sig);
}

export function readAuthorBox(el: DomElement, urls: UrlResolver): AuthorBox | null {
  const all = textOf(el, undefined, 2000);
  if (all.length < MIN_BIO) return null;
  const inner = elementsInOrder(el).slice(0, 500);
  let name: string | null = null;
  let url: string | null = null;
  let image: string | null = null;
  let bio: string | null = null;
  let headingText = "";
  for (const e of inner) {
    if (
      name === null &&
      (attr(e, "itemprop") === "name" ||
        /(?:^|[\s_-])(?:author[-_]?)?name(?:[\s_-]|$)/iu.test(attr(e, "class")))
    ) {
      name = clean(textOf(e, undefined, 200));
    }
    if (url === null && e.name === "a") {
      const href = urls.link(attr(e, "href"));
      if (href && AUTHOR_LINK.test(href)) {
        url = href;
        if (name === null) name = clean(textOf(e, undefined, 200)) || null;
      }
    }
    if (image === null && e.name === "img") image = imageSource(e, urls);
  }
  if (name === null) {
    // "Über die Autorin" above "Lea Hofer": a heading that is only the box's label names no one.
    // Bold text counts as the name only where it opens the box; inside the bio it is emphasis.
    const opening = clean(all);
    const heading = inner.find((e) => {
      const t = /^(?:h[2-6]|strong|b)$/u.test(e.name) ? clean(textOf(e, undefined, 200)) : "";
      return t !== "" && (e.name.startsWith("h") || opening.startsWith(t));
    });
    // "<h3><a>Jane Roe</a><a class=follow-button>Follow</a></h3>": the name is the heading's
    // first link, the buttons beside it are not part of it.
    const link = heading ? elementsInOrder(heading).find((e) => e.name === "a") : undefined;
    const linkText = link ? clean(textOf(link, undefined, 200)) : "";
    if (heading) {
      headingText = clean(textOf(heading, undefined, 200));
      name = linkText || headingText || null;
    }
  }
  let longest = "";
  for (const e of inner) {
    if (e.name !== "p" && e.name !== "div") continue;
    const t = textOf(e, undefined, 2000);
    if (
      t.length > longest.length &&
      t.length < all.length * 1.01 &&
      (e.name === "p" || !inner.some((c) => c.parent === e && c.name === "p"))
    )
      longest = t;
  }
  bio = longest.length >= MIN_BIO ? longest : all;
  // The whole box's text starts with the name heading (and its buttons); a bio paragraph keeps
  // its own wording.
  const lead = headingText && bio.startsWith(headingText) ? headingText : name;
  if (lead && bio === all && bio.startsWith(lead))
    bio = bio.slice(lead.length).replace(/^[\s:,–—-]+/u, "");
  if (name && name.length > 80) name = null;
  return { name, bio: bio || null, url, image };
}

/** The label an author box prints before (or instead of) the name, in several languages. */
const BOX_LABEL =
  /^(?:about(?: the author)?|written by|by|à propos de l['’]auteur(?:e|ice)?|sobre (?:el|la) autora?|über (?:den autor|die autorin)|zur person|zum autor|zur autorin)(?![\p{L}\p{N}])\s*:?\s*/iu;

function clean(text: string): string {
  return text.replace(BOX_LABEL, "").replace(/\s+/gu, " ").trim();
}
