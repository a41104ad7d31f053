import type { Article } from "@vellum/model";
import { buildJsonLd } from "@vellum/schema";

export interface RenderJsonLdOptions {
  /** One line per document (several inputs). */
  readonly compact: boolean;
  /** Wrap in a ready `<script type="application/ld+json">` block. */
  readonly embed: boolean;
  readonly withBody: boolean;
}

export function renderJsonLd(article: Article, options: RenderJsonLdOptions): string {
  const doc = buildJsonLd(article, { withBody: options.withBody });
  if (options.embed) {
    // `<` is escaped so a `</script>` inside a value cannot end the block early.
    const json = JSON.stringify(doc, null, 2).replace(/</g, "\\u003c");
    return `<script type="application/ld+json">\n${json}\n</script>\n`;
  }
  return `${JSON.stringify(doc, null, options.compact ? undefined : 2)}\n`;
}
