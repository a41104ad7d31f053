import type { Article, Warning } from "@vellum/model";
import { buildJsonLd, embedJsonLd } from "@vellum/schema";

export interface RenderJsonLdOptions {
  /** One line per document (several inputs). */
  readonly compact: boolean;
  /** Wrap in a ready `<script type="application/ld+json">` block. */
  readonly embed: boolean;
  readonly withBody: boolean;
  /** What the builder left out or repaired (Google's guidance), for `--verbose`. */
  readonly onWarning?: (warning: Warning) => void;
}

/** The JSON-LD text for an article, as `extract --format jsonld`, `jsonld` and `snapshot` write it. */
export function renderJsonLd(article: Article, options: RenderJsonLdOptions): string {
  const doc = buildJsonLd(article, {
    withBody: options.withBody,
    ...(options.onWarning ? { onWarning: options.onWarning } : {}),
  });
  if (options.embed) return embedJsonLd(doc);
  return `${JSON.stringify(doc, null, options.compact ? undefined : 2)}\n`;
}
