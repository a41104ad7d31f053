import { load } from "cheerio";

/** What a requisite is for: decides the `Accept` header and whether its body is decoded. */
export type RequisiteKind = "image" | "stylesheet" | "script" | "font" | "icon" | "media";

export interface Requisite {
  readonly url: string;
  readonly kind: RequisiteKind;
}

function absolute(raw: string | undefined, base: string): string | null {
  if (raw === undefined) return null;
  const trimmed = raw.trim();
  if (trimmed === "" || /^(data|javascript|about|blob|mailto):/i.test(trimmed)) return null;
  try {
    const url = new URL(trimmed, base);
    if (url.protocol !== "http:" && url.protocol !== "https:") return null;
    url.hash = "";
    return url.href;
  } catch {
    return null;
  }
}

/** URLs in a `srcset` (HTML §4.8.4.3.1): comma-separated candidates, each a URL then a descriptor. */
export function srcsetUrls(srcset: string): string[] {
  const out: string[] = [];
  for (const candidate of srcset.split(/,(?=\s*[^\s,]+(?:\s|$))|,\s+/)) {
    const url = candidate.trim().split(/\s+/)[0];
    if (url !== undefined && url !== "") out.push(url);
  }
  return out;
}

const fontExtension = /\.(woff2?|ttf|otf|eot)(?:[?#]|$)/i;
const imageExtension = /\.(png|jpe?g|gif|webp|avif|svg|ico|bmp)(?:[?#]|$)/i;

/** `url(…)` and `@import "…"` references in a stylesheet, resolved against `base`. */
export function findCssRequisites(css: string, base: string): Requisite[] {
  const found = new Map<string, Requisite>();
  // Comments can hold url() that is not loaded.
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  for (const m of text.matchAll(/@import\s+(?:url\(\s*)?(["']?)([^"')\s;]+)\1/gi)) {
    const url = absolute(m[2], base);
    if (url !== null) found.set(url, { url, kind: "stylesheet" });
  }
  for (const m of text.matchAll(/url\(\s*(["']?)(.*?)\1\s*\)/gi)) {
    const url = absolute(m[2], base);
    if (url === null || found.has(url)) continue;
    const kind: RequisiteKind = fontExtension.test(url) ? "font" : "image";
    found.set(url, { url, kind });
  }
  return [...found.values()];
}

/**
 * What a page needs to replay with its look: images (with `srcset` and `<picture>` sources),
 * stylesheets, icons, scripts, preloaded fonts, media posters, and `url()` in inline styles.
 * Resolved against `<base href>` when the page sets one. Not links to other pages.
 */
export function findRequisites(html: string, pageUrl: string): Requisite[] {
  const $ = load(html);
  const base = absolute($("base[href]").first().attr("href"), pageUrl) ?? pageUrl;
  const found = new Map<string, Requisite>();
  const add = (raw: string | undefined, kind: RequisiteKind) => {
    const url = absolute(raw, base);
    if (url !== null && url !== pageUrl && !found.has(url)) found.set(url, { url, kind });
  };
  $("img[src], input[type=image][src]").each((_, el) => add($(el).attr("src"), "image"));
  $("img[srcset], source[srcset]").each((_, el) => {
    for (const u of srcsetUrls($(el).attr("srcset") ?? "")) add(u, "image");
  });
  $("video[poster]").each((_, el) => add($(el).attr("poster"), "image"));
  $("link[href]").each((_, el) => {
    const rel = ($(el).attr("rel") ?? "").toLowerCase().split(/\s+/);
    const as = ($(el).attr("as") ?? "").toLowerCase();
    const href = $(el).attr("href");
    if (rel.includes("stylesheet")) add(href, "stylesheet");
    else if (rel.some((r) => r === "icon" || r === "apple-touch-icon" || r === "mask-icon"))
      add(href, "icon");
    else if (rel.includes("preload") || rel.includes("modulepreload")) {
      if (as === "font" || fontExtension.test(href ?? "")) add(href, "font");
      else if (as === "style") add(href, "stylesheet");
      else if (as === "script" || rel.includes("modulepreload")) add(href, "script");
      else if (as === "image" || imageExtension.test(href ?? "")) add(href, "image");
    }
  });
  $("script[src]").each((_, el) => add($(el).attr("src"), "script"));
  $("style").each((_, el) => {
    for (const r of findCssRequisites($(el).text(), base)) add(r.url, r.kind);
  });
  $("[style]").each((_, el) => {
    for (const r of findCssRequisites($(el).attr("style") ?? "", base)) add(r.url, r.kind);
  });
  return [...found.values()];
}
