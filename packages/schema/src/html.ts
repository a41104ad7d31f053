import * as cheerio from "cheerio";

export interface PageJsonLdBlock {
  /** 0-based position among the page's JSON-LD scripts. */
  readonly index: number;
  /** The parsed block, or null when it is not valid JSON. */
  readonly data: unknown;
  /** The JSON syntax error, when the block does not parse. */
  readonly error: string | null;
}

/** The page's `<script type="application/ld+json">` blocks, parsed as written (no repair). */
export function extractJsonLdFromHtml(html: string): PageJsonLdBlock[] {
  const $ = cheerio.load(html);
  const blocks: PageJsonLdBlock[] = [];
  $("script").each((index, element) => {
    const type = ($(element).attr("type") ?? "").split(";")[0]?.trim().toLowerCase();
    if (type !== "application/ld+json") return;
    // Some CMSs wrap the JSON in an HTML comment or CDATA section to hide it from old parsers.
    const text = $(element)
      .text()
      .trim()
      .replace(/^<!--|-->$/g, "")
      .replace(/^\/\/\s*<!\[CDATA\[|\/\/\s*\]\]>$/g, "")
      .trim();
    try {
      blocks.push({ index: blocks.length, data: JSON.parse(text), error: null });
    } catch (error) {
      blocks.push({
        index: blocks.length,
        data: null,
        error: error instanceof Error ? error.message : String(error),
      });
    }
    void index;
  });
  return blocks;
}
