import { dateShape } from "./dates.js";
import { authorNameProblems, looksLikeOrganization } from "./names.js";
import { childPath } from "./paths.js";
import { asArray, isObject, isReference, schemaTypesOf } from "./terms.js";
import { isHttpUrl } from "./urls.js";
import type { NodeIndex, Sink } from "./validate.js";
import type { Vocabulary } from "./vocabulary.js";

type Node = Record<string, unknown>;

export interface GoogleContext {
  readonly vocab: Vocabulary;
  readonly index: NodeIndex;
  readonly sink: Sink;
  /** Report missing recommended properties too (`info`). */
  readonly recommended: boolean;
  readonly imageSize: ((url: string) => { width: number; height: number } | null) | null;
}

/** Google: article images "at least 50K pixels when multiplying width and height". */
export const IMAGE_MIN_PIXELS = 50_000;
/** Google recommends high-resolution images at least this wide (Discover, Top stories). */
export const IMAGE_GOOD_WIDTH = 1200;

/** A width or height as written: a number, "1200", "1200px", or a QuantitativeValue. */
function pixelsOf(value: unknown): number | null {
  const v = isObject(value) ? value.value : value;
  if (typeof v === "number") return Number.isFinite(v) && v > 0 ? v : null;
  if (typeof v !== "string") return null;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:px)?\s*$/i.exec(v);
  return m?.[1] === undefined ? null : Number(m[1]);
}

/** Google truncates longer headlines in rich results (Article structured data guidelines). */
export const HEADLINE_LIMIT = 110;

const DATE_PROPERTIES = ["datePublished", "dateModified"] as const;

function resolve(value: unknown, index: NodeIndex): Node | null {
  if (!isObject(value)) return null;
  if (isReference(value)) return index.get(value["@id"]) ?? null;
  // An untyped object with an @id adds to the node described elsewhere under that @id.
  if (value["@type"] === undefined && typeof value["@id"] === "string") {
    const target = index.get(value["@id"]);
    if (target !== undefined && target !== value) return { ...target, ...value };
  }
  return value;
}

function imageUrl(value: unknown, index: NodeIndex): string | null {
  if (typeof value === "string") return value;
  const node = resolve(value, index);
  if (node === null) return null;
  const url = node.url ?? node.contentUrl;
  return typeof url === "string" ? url : null;
}

/** Finds every Article-typed node in `root` (nested ones too) and applies Google's Article guidance. */
export function checkGoogleArticle(root: Node, path: string, ctx: GoogleContext): void {
  const visit = (value: unknown, at: string): void => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        visit(v, childPath(at, i));
      });
      return;
    }
    if (!isObject(value) || isReference(value)) return;
    if (schemaTypesOf(value).some((t) => ctx.vocab.isSubClassOf(t, "Article")))
      checkArticle(value, at, ctx);
    for (const [key, v] of Object.entries(value))
      if (key !== "@context") visit(v, childPath(at, key));
  };
  visit(root, path);
}

function checkArticle(node: Node, path: string, ctx: GoogleContext): void {
  const { sink, index } = ctx;
  const headline = node.headline;
  if (headline === undefined || (typeof headline === "string" && headline.trim() === "")) {
    sink.add(path, "headline-missing", "Google recommends a headline for articles");
  } else if (typeof headline === "string" && [...headline].length > HEADLINE_LIMIT) {
    sink.add(
      childPath(path, "headline"),
      "headline-too-long",
      `the headline has ${[...headline].length} characters; Google truncates past ${HEADLINE_LIMIT}`,
    );
  }

  if (node.image === undefined) {
    sink.add(path, "image-missing", "Google recommends an image for articles");
  } else {
    const images = asArray(node.image);
    images.forEach((image, i) => {
      const at = Array.isArray(node.image)
        ? childPath(childPath(path, "image"), i)
        : childPath(path, "image");
      const url = imageUrl(image, index);
      if (url === null)
        sink.add(at, "image-without-url", "the image has no url Google could fetch");
      else if (!isHttpUrl(url)) {
        sink.add(
          at,
          "image-not-crawlable",
          `"${url.slice(0, 80)}" is not an absolute http(s) URL Google can crawl`,
        );
      } else checkImageSize(resolve(image, index), url, at, ctx);
    });
  }

  if (node.datePublished === undefined) {
    sink.add(path, "date-published-missing", "Google recommends datePublished for articles");
  }
  if (ctx.recommended && node.dateModified === undefined) {
    sink.add(path, "date-modified-missing", "Google recommends dateModified for articles");
  }
  for (const key of DATE_PROPERTIES) {
    const value = node[key];
    if (typeof value !== "string") continue;
    const shape = dateShape(value.trim());
    if (shape === "partial") {
      sink.add(
        childPath(path, key),
        "date-imprecise",
        `"${value}" gives no day; Google wants the full date`,
      );
    }
    if (shape === "date-time-no-zone") {
      sink.add(
        childPath(path, key),
        "date-without-time-zone",
        `"${value}" has a time but no time zone; add the offset, or give only the day`,
      );
    }
  }
  const published =
    typeof node.datePublished === "string" ? Date.parse(node.datePublished) : Number.NaN;
  const modified =
    typeof node.dateModified === "string" ? Date.parse(node.dateModified) : Number.NaN;
  if (published - modified > 86_400_000) {
    sink.add(
      childPath(path, "dateModified"),
      "modified-before-published",
      "dateModified is before datePublished",
    );
  }

  if (node.author === undefined) {
    sink.add(path, "author-missing", "Google recommends an author for articles");
    return;
  }
  const publisherNames = asArray(node.publisher)
    .map((p) => resolve(p, index)?.name)
    .filter((n): n is string => typeof n === "string");
  asArray(node.author).forEach((author, i) => {
    const at = Array.isArray(node.author)
      ? childPath(childPath(path, "author"), i)
      : childPath(path, "author");
    if (typeof author === "string") {
      sink.add(
        at,
        "author-not-a-node",
        "give the author as a Person or Organization node with a name",
      );
      for (const p of authorNameProblems(author)) sink.add(at, p.code, p.message);
      return;
    }
    const target = resolve(author, index);
    if (target === null) return; // dangling: reported by the vocabulary check
    const types = schemaTypesOf(target);
    if (
      !types.some(
        (t) => ctx.vocab.isSubClassOf(t, "Person") || ctx.vocab.isSubClassOf(t, "Organization"),
      )
    ) {
      sink.add(at, "author-wrong-type", "an author is a Person or an Organization");
    }
    const name = target.name;
    if (typeof name !== "string" || name.trim() === "") {
      sink.add(at, "author-name-missing", "the author has no name");
      return;
    }
    const isPerson = types.some((t) => ctx.vocab.isSubClassOf(t, "Person"));
    if (!isPerson) return;
    if (ctx.recommended && target.url === undefined && target.sameAs === undefined) {
      sink.add(at, "author-url-missing", `give "${name}" a url: a page that identifies them`);
    }
    // Reported at the author link: that is where the wrong person entered the article.
    for (const p of authorNameProblems(name)) {
      // "Does not look like a name" is a guess; the other problems are certain.
      sink.add(at, p.code, p.message);
    }
    if (looksLikeOrganization(name, publisherNames)) {
      sink.add(
        at,
        "author-organization-as-person",
        `"${name}" looks like an organization; make it an Organization author`,
      );
    }
  });
}

/** Image sizes, from the markup's width and height, else from the image itself when it was read. */
function checkImageSize(node: Node | null, url: string, at: string, ctx: GoogleContext): void {
  let width = node === null ? null : pixelsOf(node.width);
  let height = node === null ? null : pixelsOf(node.height);
  let from = "markup";
  if ((width === null || height === null) && ctx.imageSize !== null) {
    const read = ctx.imageSize(url);
    if (read !== null) {
      width = read.width;
      height = read.height;
      from = "image file";
    }
  }
  if (width === null || height === null) return;
  if (width * height < IMAGE_MIN_PIXELS) {
    ctx.sink.add(
      at,
      "image-too-small",
      `the image is ${width}×${height} (${from}): under Google's ${IMAGE_MIN_PIXELS.toLocaleString("en")} pixels`,
    );
  } else if (ctx.recommended && width < IMAGE_GOOD_WIDTH) {
    ctx.sink.add(
      at,
      "image-narrow",
      `the image is ${width} pixels wide (${from}); Google recommends at least ${IMAGE_GOOD_WIDTH}`,
    );
  }
}
