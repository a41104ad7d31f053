import { declaredTypes, isJsonObject, type Warning } from "@vellum/model";
import { decodeEntities } from "./normalize.js";
import type { Element } from "./walk.js";

export type JsonObject = { readonly [key: string]: unknown };

export interface JsonLdData {
  /** Every block that parsed, in page order (repaired where needed). */
  readonly blocks: readonly unknown[];
  /** Every node object found, `@graph` members and nested nodes included. */
  readonly nodes: readonly JsonObject[];
  /** The node that describes the article itself, if any. */
  readonly article: JsonObject | null;
  /** The WebPage node, a fallback for dates, names and breadcrumbs. */
  readonly webPage: JsonObject | null;
  /** Looks up a node reference (`{"@id": …}`) and returns the full node, else the value itself. */
  deref(value: unknown): unknown;
  readonly warnings: readonly Warning[];
}

/** Types that name an article; the page's own type is kept as `articleType`. */
const ARTICLE_TYPES = new Set([
  "article",
  "newsarticle",
  "reportagenewsarticle",
  "analysisnewsarticle",
  "opinionnewsarticle",
  "reviewnewsarticle",
  "backgroundnewsarticle",
  "askpublicnewsarticle",
  "satiricalarticle",
  "scholarlyarticle",
  "medicalscholarlyarticle",
  "techarticle",
  "apireference",
  "socialmediaposting",
  "blogposting",
  "liveblogposting",
  "discussionforumposting",
  "report",
  "advertisercontentarticle",
  "review",
  "creativework",
  "recipe",
  "howto",
  "videoobject",
]);
const PAGE_TYPES = new Set([
  "webpage",
  "itempage",
  "collectionpage",
  "aboutpage",
  "profilepage",
  "qapage",
  "faqpage",
]);

/** The local name of a schema.org type: `http://schema.org/NewsArticle`, `schema:NewsArticle` → `NewsArticle`. */
export function localType(t: string): string {
  const i = Math.max(t.lastIndexOf("/"), t.lastIndexOf(":"), t.lastIndexOf("#"));
  return i >= 0 ? t.slice(i + 1) : t;
}

/**
 * The node's types by their local names, whatever vocabulary the page wrote them in. Not
 * schema's `schemaTypesOf`, which keeps schema.org terms only.
 */
export function localTypesOf(node: JsonObject): string[] {
  return declaredTypes(node).map(localType);
}

export function isObject(v: unknown): v is JsonObject {
  return isJsonObject(v);
}

/** Reads every `<script type="application/ld+json">`, repairing broken JSON where it can. */
export function readJsonLd(elements: readonly Element[]): JsonLdData {
  const blocks: unknown[] = [];
  const warnings: Warning[] = [];
  for (const el of elements) {
    if (el.tagName !== "script") continue;
    const type = (el.attribs.type ?? "").toLowerCase();
    if (!type.includes("ld+json")) continue;
    const raw = scriptText(el);
    if (!raw.trim()) continue;
    const parsed = parseJsonLd(raw);
    if (parsed.ok) {
      blocks.push(parsed.value);
      if (parsed.repaired)
        warnings.push({
          code: "jsonld-repaired",
          message: `JSON-LD block repaired: ${parsed.repaired}`,
        });
    } else {
      warnings.push({
        code: "jsonld-invalid",
        message: "A JSON-LD block could not be parsed, even after repair",
      });
    }
  }

  const nodes: JsonObject[] = [];
  const byId = new Map<string, JsonObject>();
  const seen = new Set<unknown>();
  const walk = (v: unknown, depth: number): void => {
    if (depth > 12 || seen.has(v)) return;
    if (Array.isArray(v)) {
      for (const x of v) walk(x, depth + 1);
      return;
    }
    if (!isObject(v)) return;
    seen.add(v);
    const id = v["@id"];
    const keys = Object.keys(v);
    if (typeof id === "string") {
      // A bare reference must not shadow the full node it points at.
      const isBare = keys.every((k) => k === "@id");
      if (!isBare && (!byId.has(id) || keys.length > Object.keys(byId.get(id) ?? {}).length))
        byId.set(id, v);
    }
    if (keys.some((k) => k === "@type" || k === "type")) nodes.push(v);
    for (const k of keys) {
      if (k === "@context") continue;
      const child = v[k];
      if (typeof child === "object" && child !== null) walk(child, depth + 1);
    }
  };
  walk(blocks, 0);

  const deref = (value: unknown): unknown => {
    if (isObject(value) && typeof value["@id"] === "string") {
      const full = byId.get(value["@id"]);
      if (full && Object.keys(full).length >= Object.keys(value).length) return full;
    }
    return value;
  };

  let article: JsonObject | null = null;
  let webPage: JsonObject | null = null;
  let bestScore = -1;
  for (const node of nodes) {
    const types = localTypesOf(node).map((t) => t.toLowerCase());
    if (!webPage && types.some((t) => PAGE_TYPES.has(t))) webPage = node;
    if (!types.some((t) => ARTICLE_TYPES.has(t))) continue;
    // Prefer a node that has a headline and a date; a bare `CreativeWork` or a nested review loses.
    let score = 0;
    if (node.headline !== undefined) score += 4;
    if (node.datePublished !== undefined) score += 2;
    if (node.author !== undefined) score += 2;
    if (types.some((t) => t.endsWith("article") || t.endsWith("posting"))) score += 3;
    if (score > bestScore) {
      bestScore = score;
      article = node;
    }
  }
  if (!article && webPage) {
    const main = deref(webPage.mainEntity);
    if (isObject(main) && localTypesOf(main).length) article = main;
  }
  return { blocks, nodes, article, webPage, deref, warnings };
}

/** A script's raw text: its text children joined (no entity decoding happens inside scripts). */
function scriptText(el: Element): string {
  let out = "";
  for (const c of (el as unknown as { children?: { type: string; data?: string }[] }).children ??
    [])
    if (c.type === "text") out += c.data ?? "";
  return out;
}

/** What `parseJsonLd` made of a script's text: the value (and the repaired text, if any), or nothing. */
export type JsonLdParseResult =
  | { ok: true; value: unknown; repaired: string | null }
  | { ok: false };

/** JSON.parse, and when that fails, the repairs real pages need, each named for the warning. */
/**
 * `s.replace(/(?:-->|\/\/\s*\]\]>|\]\]>)$/, "")` without the regex, which V8 tries at every
 * `-`, `/` and `]` of a long block before it reaches the end.
 */
function stripCommentTail(s: string): string {
  if (s.endsWith("-->")) return s.slice(0, -3);
  if (!s.endsWith("]]>")) return s;
  // The leftmost match wins: `// ]]>` when the `]]>` follows `//` and whitespace.
  let i = s.length - 3;
  while (i > 0 && /\s/.test(s[i - 1] as string)) i--;
  return i >= 2 && s[i - 1] === "/" && s[i - 2] === "/" ? s.slice(0, i - 2) : s.slice(0, -3);
}

export function parseJsonLd(raw: string): JsonLdParseResult {
  let text = raw.trim();
  // Some CMSs wrap the block in an HTML comment or CDATA section to hide it from old browsers.
  text = stripCommentTail(text.replace(/^(?:<!--|\/\/\s*<!\[CDATA\[|<!\[CDATA\[)/, "")).trim();
  try {
    return { ok: true, value: JSON.parse(text), repaired: null };
  } catch {
    // fall through to the repairs
  }
  const fixes: string[] = [];
  let fixed = scrub(text, fixes);
  try {
    return { ok: true, value: JSON.parse(fixed), repaired: fixes.join(", ") || "whitespace" };
  } catch {
    // try the entity repair
  }
  if (/&(?:quot|#34|#x22|lt|gt|amp);/i.test(fixed)) {
    fixes.push("HTML entities");
    fixed = scrub(decodeEntities(text), fixes);
    try {
      return { ok: true, value: JSON.parse(fixed), repaired: [...new Set(fixes)].join(", ") };
    } catch {
      // give up below
    }
  }
  // Several objects written one after another without an array around them.
  if (/}\s*{/.test(fixed)) {
    try {
      return {
        ok: true,
        value: JSON.parse(`[${fixed.replace(/}\s*{/g, "},{")}]`),
        repaired: "concatenated objects",
      };
    } catch {
      // give up
    }
  }
  return { ok: false };
}

/**
 * One pass that knows whether it is inside a string: drops comments and trailing commas outside
 * strings, escapes raw control characters inside them (RFC 8259 §7 forbids them unescaped).
 */
function scrub(s: string, fixes: string[]): string {
  let out = "";
  let inString = false;
  const note = (f: string) => {
    if (!fixes.includes(f)) fixes.push(f);
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    if (inString) {
      if (c === "\\") {
        const next = s[i + 1];
        // An invalid escape such as `\'` or `\/`-like typos: keep the character, drop the slash.
        if (next !== undefined && !'"\\/bfnrtu'.includes(next)) {
          note("invalid escapes");
          continue;
        }
        out += c + (next ?? "");
        i++;
        continue;
      }
      if (c === '"') inString = false;
      const code = c.charCodeAt(0);
      if (code < 0x20) {
        note("raw control characters");
        out +=
          c === "\n"
            ? "\\n"
            : c === "\r"
              ? "\\r"
              : c === "\t"
                ? "\\t"
                : `\\u${code.toString(16).padStart(4, "0")}`;
        continue;
      }
      out += c;
      continue;
    }
    if (c === '"') {
      inString = true;
      out += c;
      continue;
    }
    if (c === "/" && s[i + 1] === "/") {
      note("comments");
      const end = s.indexOf("\n", i);
      i = end < 0 ? s.length : end - 1;
      continue;
    }
    if (c === "/" && s[i + 1] === "*") {
      note("comments");
      const end = s.indexOf("*/", i + 2);
      i = end < 0 ? s.length : end + 1;
      continue;
    }
    if (c === ",") {
      let j = i + 1;
      while (j < s.length && /\s/.test(s[j] as string)) j++;
      if (s[j] === "}" || s[j] === "]") {
        note("trailing commas");
        continue;
      }
    }
    out += c;
  }
  return out;
}

/** A page without JSON-LD, for reading what the page shows apart from its structured data. */
export const EMPTY_JSONLD: JsonLdData = {
  blocks: [],
  nodes: [],
  article: null,
  webPage: null,
  deref: (value) => value,
  warnings: [],
};
