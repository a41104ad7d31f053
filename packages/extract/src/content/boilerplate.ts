/**
 * What is not article text, judged from an element alone: its tag, whether it is hidden, and the
 * words in its class, id and role. Pure predicates; the veto for elements that hold most of the
 * page's text lives in the caller, because a class name can lie (`<div class="page has-sidebar">`).
 */

import { SUBHEADING_TAGS } from "../html-tags.js";
import { RUBY_ANNOTATION } from "../structured/walk.js";
import { attr, type DomElement } from "./dom.js";

/** Never article text, whatever they contain. */
const ALWAYS_DROP = new Set([
  "applet",
  "area",
  "audio",
  "button",
  "canvas",
  "datalist",
  "dialog",
  "embed",
  "head",
  "iframe",
  "input",
  "link",
  "map",
  "math",
  "menu",
  "meta",
  "meter",
  "object",
  "option",
  "optgroup",
  "param",
  "progress",
  // Ruby readings (furigana over kanji) and their fallback parentheses are not the text.
  ...RUBY_ANNOTATION,
  "script",
  "select",
  "source",
  "style",
  "svg",
  "template",
  "textarea",
  "title",
  "track",
  "video",
]);

/** Page furniture by tag: dropped unless the element holds most of the page's text. */
const FURNITURE_TAGS = new Set(["aside", "footer", "form", "header", "nav"]);

const FURNITURE_ROLES = new Set([
  "alert",
  "alertdialog",
  "banner",
  "complementary",
  "contentinfo",
  "dialog",
  "menu",
  "menubar",
  "navigation",
  "search",
  "tablist",
  "toolbar",
]);

/**
 * One class or id token that marks furniture. Tokens are lower-cased with `_` read as `-`, and
 * matched whole or as a `-`-separated part, so `post-comments` and `share-bar` match while
 * `commentary` or `shareholder` do not.
 */
const FURNITURE_WORD =
  /^(?:ad|ads|adv|advert|advertisement|advertising|adsense|adslot|ad-slot|dfp|banner|breadcrumb|breadcrumbs|byline|bylines|comment|comments|commentlist|comment-list|comment-form|comment-respond|respond|disqus|cookie|cookies|consent|gdpr|footer|masthead|menu|nav|navbar|navigation|newsletter|newsletters|outbrain|taboola|popup|modal|overlay|promo|promos|promoted|related|recommended|recommendations|share|shares|sharing|sharebar|sharedaddy|social|socials|sidebar|sponsor|sponsored|subscribe|subscription|signup|tags|tag-list|taglist|trending|popular|most-popular|most-read|author-bio|author-box|pagination|pager|print-only|sr-only|screen-reader-text|visually-hidden|visuallyhidden|hidden|hide|d-none|skip-link|toolbar|tooltip|jump-link|read-more|more-stories|also-read|see-also|rating|reactions|entry-meta|post-meta|article-meta|meta-data|dateline|timestamp|caption-credit|credits|newsletter-signup|inline-newsletter|lightbox|carousel|slideshow|gallery|slider|control-bar|nav-stats|slide-count)$/u;

/**
 * Furniture words that mean it only as a whole class: `hidden` hides, but `label-hidden`
 * (a Drupal field whose label is hidden) or `hidden-xs` (hidden on phones only) hold content.
 */
const WHOLE_ONLY = new Set([
  // `format-gallery` is a WordPress post format, not a slideshow.
  "gallery",
  "hidden",
  "hide",
  "overlay",
  "modal",
  "popup",
  "rating",
  "credits",
  "timestamp",
  "widget",
  "widgets",
  "toolbar",
  "tooltip",
  "menu",
  "print",
  "skip",
]);

/** Words that say "this is the article": they veto a furniture word on the same token. */
const CONTENT_WORD =
  /^(?:article|articlebody|article-body|body|content|entry|entry-content|main|post|post-body|post-content|story|story-body|text)$/u;

export function isAlwaysDropped(el: DomElement): boolean {
  return ALWAYS_DROP.has(el.name);
}

export function isFurnitureTag(el: DomElement): boolean {
  return FURNITURE_TAGS.has(el.name);
}

/** `hidden`, `aria-hidden`, or an inline style that hides it. */
export function isHidden(el: DomElement): boolean {
  const a = el.attribs;
  if (a.hidden !== undefined) return true;
  if (a["aria-hidden"] === "true" && el.name !== "img" && el.name !== "figure") return true;
  const style = a.style;
  if (style && /(?:display\s*:\s*none|visibility\s*:\s*hidden)/iu.test(style)) return true;
  return false;
}

/** Class, id or role words that name page furniture (navigation, comments, shares, ads …). */
export function isFurnitureByName(el: DomElement): boolean {
  const role = attr(el, "role").toLowerCase();
  if (role && FURNITURE_ROLES.has(role)) return true;
  return hasWord(attr(el, "class")) || hasWord(attr(el, "id"));
}

/** Class strings repeat across a page and across pages: remember verdicts (bounded). */
const wordCache = new Map<string, boolean>();

function hasWord(value: string): boolean {
  if (!value) return false;
  const known = wordCache.get(value);
  if (known !== undefined) return known;
  const verdict = judgeWords(value);
  if (wordCache.size > 50_000) wordCache.clear();
  // htmlparser2's attribute values are V8 slices of the whole decoded page, so keeping one as a
  // key would keep that page alive; a slice of a fresh concatenation holds only its own chars.
  wordCache.set(` ${value}`.slice(1), verdict);
  return verdict;
}

function judgeWords(value: string): boolean {
  for (const raw of value.toLowerCase().split(/\s+/u)) {
    if (!raw) continue;
    const token = raw.replace(/_/gu, "-");
    if (FURNITURE_WORD.test(token)) return true;
    const parts = token.split("-");
    if (parts.length < 2 || parts.length > 5) continue;
    if (parts.some((p) => CONTENT_WORD.test(p))) {
      // `article-share` is furniture, `article-body` is not: look only at the non-content parts.
      if (
        parts.some(
          (p) =>
            !CONTENT_WORD.test(p) && FURNITURE_WORD.test(p) && p.length > 2 && !WHOLE_ONLY.has(p),
        )
      ) {
        return true;
      }
      continue;
    }
    if (parts.some((p) => p.length > 2 && FURNITURE_WORD.test(p) && !WHOLE_ONLY.has(p)))
      return true;
  }
  return false;
}

const POSITIVE = /article|body|content|entry|hentry|h-entry|main|page|post|text|blog|story/iu;
const NEGATIVE =
  /-ad-|hidden|^hid$|banner|combx|comment|com-|contact|footer|gdpr|masthead|media|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|widget/iu;

/** ±25 for class and for id words that lean to article or furniture (Readability's weighting). */
export function classWeight(el: DomElement): number {
  let weight = 0;
  for (const value of [attr(el, "class"), attr(el, "id")]) {
    if (!value) continue;
    if (NEGATIVE.test(value)) weight -= 25;
    if (POSITIVE.test(value)) weight += 25;
  }
  return weight;
}

const HEADING_JUNK =
  /^(?:leave a (?:reply|comment)|post a comment|\d+\s+(?:comments?|responses?|replies)|comments?|(?:related|recommended|more|popular|latest|trending)(?: \w+)? (?:articles?|posts?|stories|news|reads?|content|videos?)|share (?:this|on)|read (?:more|next|also)|more from|about the author|sign up|subscribe|newsletter|tags?|advertisement|sponsored)\b/iu;

/** A heading that introduces furniture is shorter than this. */
export const JUNK_HEADING_MAX = 80;

/** Headings that introduce furniture ("Leave a Reply", "Related articles"). */
export function isJunkHeading(text: string): boolean {
  return text.length < JUNK_HEADING_MAX && (HEADING_JUNK.test(text) || RELATED_HEADING.test(text));
}

/**
 * Headings over a list of other stories, in the languages the recommendation widgets of common
 * CMSs print ("Você pode gostar…", "Das könnte Sie auch interessieren", "À lire aussi"); the
 * phrase ends the heading's words ("Auch interessant", not "Auch interessante Fakten").
 */
const RELATED_HEADING =
  /^(?:you (?:may|might) (?:also )?(?:like|enjoy)|(?:related|recommended|similar)(?: \w+)? (?:articles?|posts?|stories|reads?)|see also|more (?:stories|articles|posts) (?:like this|from)|você (?:também )?pode gostar|veja também|leia também|(?:posts?|artigos?|matérias?) relacionad[oa]s|(?:también )?te puede interesar|(?:artículos|noticias|notas|entradas) relacionad[oa]s|lee también|vous (?:aimerez|pourriez aimer) (?:aussi|également)|(?:(?:à|a) )?lire aussi|articles similaires|sur le même sujet|das könnte (?:sie|dich) auch interessieren|auch interessant|(?:ähnliche|weitere|verwandte) (?:artikel|beiträge)|mehr zum thema|lesen sie auch|potrebbe interessarti|leggi anche|articoli correlati|lees ook|gerelateerde artikelen)(?![\p{L}\p{N}])/iu;

const RELATED_CLASS = /related|recommend/iu;

/** A heading over other stories is shorter than this. */
export const RELATED_HEADING_MAX = 80;

/**
 * A heading over other stories: by its words, or, on a heading element, by a class that says so
 * (`related-posts-title`). A class alone does not make a `div` a heading: tag bars are classed
 * "related-topics" too.
 */
export function isRelatedHeading(el: DomElement, text: string): boolean {
  if (text.length >= RELATED_HEADING_MAX) return false;
  if (RELATED_HEADING.test(text)) return true;
  return (
    SUBHEADING_TAGS.has(el.name) &&
    RELATED_CLASS.test(`${el.attribs.class ?? ""} ${el.attribs.id ?? ""}`)
  );
}

const CAPTION_WORD =
  /(?:^|[\s_-])(?:wp-caption-text|caption|captions|caption-text|image-caption|photo-caption|media-caption|figure-caption|img-caption)(?:$|[\s_-])/iu;
/** `newsCaption`, `imgCaption`, but not `withoutCaption` / `noCaption` (image holders). */
const CAMEL_CAPTION = /(?:^|\s)(?!without|no[A-Z])[a-z]+Caption(?:$|\s)/u;
const FIGURE_WORD = /(?:^|\s)(?:wp-caption|image-wrapper|media-wrapper|figure|photo)(?:$|\s)/iu;

/** Caption and figure containers written as divs (`div.wp-caption > p.wp-caption-text`). */
export function semanticTag(el: DomElement): string | null {
  if (el.name !== "div" && el.name !== "p" && el.name !== "span") return null;
  const cls = attr(el, "class");
  if (!cls) return null;
  if (CAPTION_WORD.test(cls) || CAMEL_CAPTION.test(cls)) return "figcaption";
  if (el.name === "div" && FIGURE_WORD.test(cls)) return "figure";
  return null;
}

const COMMENT_SECTION =
  /^(?:comments?|comment-list|commentlist|comments-area|comments-section|comment-section|comments-list|comment-respond|respond|disqus-thread|disqus_thread)$/u;

const MAYBE_COMMENT = /comment|respond|disqus/iu;

/** The reader-comments block (`#comments`, `.comment-list`, Disqus), by whole class or id. */
export function isCommentSection(el: DomElement): boolean {
  const rawId = el.attribs.id;
  const rawClass = el.attribs.class;
  // Cheap test first: this runs on every element of every page.
  if (!(rawId && MAYBE_COMMENT.test(rawId)) && !(rawClass && MAYBE_COMMENT.test(rawClass))) {
    return false;
  }
  if (el.name === "body" || el.name === "html" || el.name === "article" || el.name === "main")
    return false;
  const id = attr(el, "id").toLowerCase().replace(/_/gu, "-");
  if (id && COMMENT_SECTION.test(id)) return true;
  const cls = attr(el, "class");
  if (!cls) return false;
  for (const token of cls.toLowerCase().split(/\s+/u)) {
    if (token && COMMENT_SECTION.test(token.replace(/_/gu, "-"))) return true;
  }
  return false;
}
