import type { RawEntry } from "./entries.js";
import type { ProblemTally } from "./problems.js";
import { SourceFault } from "./problems.js";
import { httpUrl } from "./urls.js";

/**
 * JSON Feed 1.0/1.1 (jsonfeed.org). A feed lists its latest items and is small by design (the
 * largest seen in the wild are a few MB), so it is collected up to a bound and parsed whole
 * rather than with a streaming JSON parser: past the bound it is refused, which keeps memory
 * bounded all the same.
 */
export const JSON_FEED_VERSION = /^https?:\/\/jsonfeed\.org\/version\/1(?:\.\d+)?\/?$/;

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

export async function readJsonFeed(
  chunks: AsyncIterable<string>,
  documentUrl: string,
  maxChars: number,
  tally: ProblemTally,
  counter: { entries: number },
  kindIsFeed: boolean,
): Promise<RawEntry[]> {
  let body = "";
  for await (const chunk of chunks) {
    body += chunk;
    if (body.length > maxChars)
      throw new SourceFault(
        "source-too-large",
        `is a JSON document larger than ${Math.round(maxChars / 1024 / 1024)} MiB; a JSON Feed lists only recent items`,
        "check that the URL is the feed",
      );
  }
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (error) {
    throw new SourceFault(
      "json-malformed",
      `is not valid JSON (${(error as Error).message})`,
      "the feed is broken; tell the site",
    );
  }
  const feed = data as { version?: unknown; items?: unknown; feed_url?: unknown };
  if (
    typeof data !== "object" ||
    data === null ||
    typeof feed.version !== "string" ||
    !JSON_FEED_VERSION.test(feed.version) ||
    !Array.isArray(feed.items)
  ) {
    throw kindIsFeed
      ? new SourceFault(
          "not-a-feed",
          "is JSON but not a JSON Feed (no jsonfeed.org version and items)",
          "check the URL; an RSS or Atom feed may be linked from the site's pages",
        )
      : new SourceFault(
          "not-a-sitemap",
          "is JSON, not a sitemap",
          "give a JSON Feed with --feed, or the site's XML sitemap with --sitemap",
        );
  }
  // Relative URLs have no base in the spec; the feed's own address is the natural one.
  const base = documentUrl;
  const entries: RawEntry[] = [];
  for (const raw of feed.items as unknown[]) {
    counter.entries += 1;
    if (typeof raw !== "object" || raw === null) continue;
    const item = raw as Record<string, unknown>;
    const id = text(item.id);
    const loc = text(item.url) ?? (id !== undefined && httpUrl(id, "") !== null ? id : undefined);
    const title = text(item.title);
    if (loc === undefined) {
      tally.add(
        "url-invalid",
        "feed items without a url skipped",
        "the feed names no page for these items",
        title,
      );
      continue;
    }
    const images: string[] = [];
    for (const candidate of [item.image, item.banner_image]) {
      const value = text(candidate);
      const url = value === undefined ? null : httpUrl(value, base);
      if (url !== null && !images.includes(url)) images.push(url);
    }
    if (Array.isArray(item.attachments))
      for (const attachment of item.attachments as Array<Record<string, unknown>>) {
        const type = text(attachment?.mime_type);
        const value = text(attachment?.url);
        const url =
          value === undefined || !type?.startsWith("image/") ? null : httpUrl(value, base);
        if (url !== null && !images.includes(url)) images.push(url);
      }
    const published = text(item.date_published);
    const lastmod = text(item.date_modified);
    entries.push({
      type: "page",
      loc,
      base,
      ...(lastmod === undefined ? {} : { lastmod }),
      ...(published === undefined ? {} : { published }),
      ...(title === undefined ? {} : { title }),
      ...(images.length === 0 ? {} : { images }),
    });
  }
  return entries;
}
