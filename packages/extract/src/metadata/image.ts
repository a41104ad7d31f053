import type { ImageRef } from "@vellum/model";
import { absoluteUrl } from "@vellum/model";
import { isObject } from "../structured/jsonld.js";
import { clean } from "../structured/normalize.js";
import type { Found, Page } from "./page.js";
import { ldProp } from "./page.js";

function num(v: unknown): number | null {
  const n = typeof v === "number" ? v : typeof v === "string" ? Number.parseInt(v, 10) : Number.NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

function ref(
  url: string,
  width: number | null = null,
  height: number | null = null,
  caption: string | null = null,
): ImageRef {
  return { url, width, height, caption };
}

/** A JSON-LD `image`: URL string, ImageObject, or an array of either (the first wins). */
export function ldImageRef(page: Page, v: unknown): ImageRef | null {
  const list = Array.isArray(v) ? v : [v];
  for (const item of list) {
    const x = page.ld.deref(item);
    if (typeof x === "string") {
      const u = absoluteUrl(x, page.url);
      if (u) return ref(u);
    } else if (isObject(x)) {
      const raw =
        typeof x.url === "string" ? x.url : typeof x.contentUrl === "string" ? x.contentUrl : null;
      const u = absoluteUrl(raw, page.url);
      if (u)
        return ref(
          u,
          num(x.width),
          num(x.height),
          typeof x.caption === "string" ? clean(x.caption) : null,
        );
    }
  }
  return null;
}

/**
 * The lead image, first sound rule wins: og:image (+ its width/height), twitter:image, JSON-LD
 * image, `link rel=image_src`, microdata image, then the first large image in the page body.
 */
export function leadImage(page: Page): Found<ImageRef> | null {
  const { meta } = page;
  // secure_url first: it is the same image over https, and where a page gives both with
  // different files, og:image is the legacy thumbnail.
  for (const key of ["og:image:secure_url", "og:image", "og:image:url"]) {
    for (const v of meta.get(key)) {
      const u = absoluteUrl(v, page.url);
      if (!u) continue;
      let width = num(meta.get("og:image:width")[0]);
      let height = num(meta.get("og:image:height")[0]);
      if (width === null && height === null) {
        const size = sizeOf(page, u);
        if (size) [width, height] = size;
      }
      return {
        value: ref(u, width, height, clean(meta.get("og:image:alt")[0])),
        source: "og",
      };
    }
  }
  for (const key of ["twitter:image", "twitter:image:src"]) {
    for (const v of meta.get(key)) {
      const u = absoluteUrl(v, page.url);
      if (u) return { value: ref(u), source: "twitter" };
    }
  }
  const ld = ldProp(page, "image") ?? ldProp(page, "thumbnailUrl");
  if (ld !== undefined) {
    const r = ldImageRef(page, ld);
    if (r) return { value: r, source: "jsonld" };
  }
  for (const l of meta.links("image_src")) {
    const u = absoluteUrl(l.href, page.url);
    if (u) return { value: ref(u), source: "meta" };
  }
  for (const p of page.props.get("image")) {
    const u = absoluteUrl(
      p.el.attribs.content ?? p.el.attribs.src ?? p.el.attribs.href ?? p.value,
      page.url,
    );
    if (u) return { value: ref(u), source: p.source };
  }
  for (const key of ["thumbnail", "thumbnailurl", "parsely-image-url", "sailthru.image.full"]) {
    const u = absoluteUrl(meta.get(key)[0], page.url);
    if (u) return { value: ref(u), source: "meta" };
  }
  return bodyImage(page);
}

/**
 * og:image carries no size unless og:image:width/height are given; the same file described as a
 * JSON-LD or microdata ImageObject often states it.
 */
function sizeOf(page: Page, url: string): [number | null, number | null] | null {
  const ld = ldProp(page, "image");
  if (ld !== undefined) {
    const r = ldImageRef(page, ld);
    if (r && r.url === url && (r.width !== null || r.height !== null)) return [r.width, r.height];
  }
  for (const p of page.props.get("image")) {
    if (p.el.attribs.itemscope === undefined) continue;
    const $el = page.$(p.el);
    const inner = (prop: string): string | undefined => {
      const el = $el.find(`[itemprop~=${prop}]`).first();
      return el.attr("content") ?? el.attr("src") ?? el.attr("href") ?? (el.text() || undefined);
    };
    const img = $el.find("img").first();
    if (absoluteUrl(inner("url") ?? inner("contentUrl") ?? img.attr("src"), page.url) !== url)
      continue;
    const width = num(inner("width") ?? img.attr("width"));
    const height = num(inner("height") ?? img.attr("height"));
    if (width !== null || height !== null) return [width, height];
  }
  return null;
}

/** The first image in the article area that is big enough to be a lead, not an icon or avatar. */
function bodyImage(page: Page): Found<ImageRef> | null {
  // From the article (or main, or body) onwards, in document order, a bounded number of elements:
  // a lead image sits near the top, and a 20 MB page must not be walked for it.
  const els = page.elements;
  let start = els.findIndex((el) => el.tagName === "article");
  if (start < 0) start = els.findIndex((el) => el.tagName === "main");
  if (start < 0)
    start = Math.max(
      0,
      els.findIndex((el) => el.tagName === "body"),
    );
  const imgs = els.slice(start, start + 5000).filter((el) => el.tagName === "img");
  for (const el of imgs.slice(0, 30)) {
    if (page.isChrome(el)) continue;
    const a = el.attribs;
    const src =
      a.src && !a.src.startsWith("data:")
        ? a.src
        : (a["data-src"] ?? a["data-lazy-src"] ?? a["data-original"]);
    const u = absoluteUrl(src, page.url);
    if (
      !u ||
      /(?:\b|_)(?:logo|icon|avatar|sprite|pixel|spacer|badge|emoji|gravatar|missing|placeholder|blank|face|loading|transparent)(?:\b|_)/i.test(
        u,
      )
    )
      continue;
    const w = num(a.width);
    const h = num(a.height);
    if ((w !== null && w < 300) || (h !== null && h < 150)) continue;
    if (w === null && /\.(?:svg|gif)(?:$|\?)/i.test(u)) continue;
    return { value: ref(u, w, h, clean(a.alt)), source: "heuristic" };
  }
  return null;
}
