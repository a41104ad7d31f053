/** The writer's name signed under the article's text. */
import type { Author } from "@vellum/model";
import { clean } from "../../structured/normalize.js";
import { type Element, spacedText } from "../../structured/walk.js";
import { splitNames } from "../names.js";
import { type Found, once, type Page } from "../page.js";
import { person } from "./people.js";
import { inPhotoCredit, inQuote } from "./placement.js";

const INLINE_WRAP = new Set(["strong", "b", "em", "i", "font", "span"]);

/** Text of a paragraph of prose, long enough to be the article's and not a caption or a label. */
function isProse(el: Element | null | undefined): boolean {
  if (el?.tagName !== "p") return false;
  const t = clean(spacedText(el, 400)) ?? "";
  // A footnote after the text ("(1) Figures from …") is not more of the article.
  return t.length >= 150 && !FOOTNOTE.test(t);
}

/** A block with text after the signature, other than a footnote ("(1) Figures from …"). */
function continuesText(el: Element): boolean {
  const t = (clean(spacedText(el, 20)) ?? "").trim();
  return t !== "" && !FOOTNOTE.test(t);
}

const FOOTNOTE = /^(?:\(\d+\)|\[\d+\]|\*|\d+\))/;

/** The words a letter closes with; "Best Regards", "Viele Grüße" sign off, they name no one. */
const SIGN_OFF =
  /\b(?:regards|best|cheers|thanks|thank you|sincerely|yours|grüße|gruß|grüßen|danke|herzlichst|merci|cordialement|amitiés|saludos|gracias|atentamente|cordiali|saluti|groeten)\b/iu;

function siblingsOf(el: Element, dir: "previousSibling" | "nextSibling", n: number): Element[] {
  const out: Element[] = [];
  for (let s = el[dir] as Element | null; s && out.length < n; s = s[dir] as Element | null)
    if (s.type === "tag") out.push(s);
  return out;
}

/**
 * The writer's name signed under the text: a paragraph that is only a person's name, set bold,
 * italic or flush right (`<p align="right"><em>Bruno Falk</em></p>`), right after the article's
 * prose and with no prose after it. Last resort, when nothing else names anyone.
 */
export function fromSignature(page: Page, site: string | null): Found<Author[]> | null {
  return once(page, readSignature, () => readSignature(page, site));
}

function readSignature(page: Page, site: string | null): Found<Author[]> | null {
  let seen = 0;
  for (let i = page.elements.length - 1; i >= 0 && seen < 300; i--) {
    const el = page.elements[i] as Element;
    if (el.tagName !== "p") continue;
    seen++;
    const kids = el.children.filter(
      (c) => c.type !== "text" || /\S/.test((c as { data?: string }).data ?? ""),
    );
    const wrapped =
      kids.length === 1 && kids[0]?.type === "tag" && INLINE_WRAP.has((kids[0] as Element).tagName);
    const right =
      el.attribs.align === "right" || /text-align:\s*right/i.test(el.attribs.style ?? "");
    if (!wrapped && !right) continue;
    const text = clean(spacedText(el, 60)) ?? "";
    if (text.length < 5 || text.length > 40) continue;
    const words = text.split(" ");
    // Written as a name ("Bruno Falk"), not shouted ("BRUNO FALK" is a heading) nor a sign-off.
    if (words.length < 2 || words.length > 3 || !words.every((w) => /^\p{Lu}\p{Ll}/u.test(w)))
      continue;
    if (SIGN_OFF.test(text)) continue;
    const names = splitNames(text, { siteName: site });
    if (names.length !== 1 || names[0] !== text) continue;
    if (!siblingsOf(el, "previousSibling", 3).some(isProse)) continue;
    // A signature closes its container: only footnotes may follow it.
    if (siblingsOf(el, "nextSibling", 5).some(continuesText)) continue;
    if (page.isChrome(el) || inQuote(el) || inPhotoCredit(el)) continue;
    return { value: [person(text)], source: "byline" };
  }
  return null;
}
