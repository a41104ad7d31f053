/**
 * HTML built so that page-derived text cannot become markup: every interpolated value is escaped
 * unless it is itself an `Html` built here. Archived pages are hostile (script tags, `javascript:`
 * links, attribute breakouts in headlines, bylines and bodies), so escaping is the default and
 * the only way around it is a value that came from this module.
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/** Text escaped for an HTML text node or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => ESCAPES[c] as string);
}

/** Markup that is already safe: only `html`, `raw` and `join` make one. */
export class Html {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Html) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

/** A template whose `${values}` are escaped (arrays are joined; null, undefined, false vanish). */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0] ?? "";
  for (let i = 0; i < values.length; i += 1) out += render(values[i]) + (strings[i + 1] ?? "");
  return new Html(out);
}

/** Trusted markup written in this package (never page text). */
export function raw(markup: string): Html {
  return new Html(markup);
}

/**
 * A link target from a page (an author's URL, a `sameAs`): only http(s) URLs are kept, so a
 * `javascript:` or `data:` link in an archived page never becomes a live link in the catalog.
 */
export function safeHref(url: string | null | undefined): string | null {
  if (url === null || url === undefined) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * JSON inside a `<script type="application/json">` block: `<`, `>` and `&` as \u escapes, so
 * `</script>` or `<!--` in page text cannot end the block.
 */
export function jsonForScript(value: unknown): Html {
  return new Html(
    JSON.stringify(value)
      .replace(/</g, "\\u003c")
      .replace(/>/g, "\\u003e")
      .replace(/&/g, "\\u0026")
      .replace(/\u2028/g, "\\u2028")
      .replace(/\u2029/g, "\\u2029"),
  );
}
