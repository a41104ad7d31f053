import type { Fetcher } from "@vellum/fetch";
import { PartialCaptureError, releaseExchanges } from "@vellum/fetch";
import type { Capture } from "@vellum/model";
import type { FetchedDocument, SourceFetcher } from "./types.js";

/** What sources ask servers for: XML first, then what else sitemaps and feeds are served as. */
const ACCEPT: Readonly<Record<"sitemap" | "feed", string>> = {
  sitemap: "application/xml,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
  feed: "application/rss+xml,application/atom+xml,application/feed+json,application/xml;q=0.9,application/json;q=0.8,*/*;q=0.5",
};

export interface FetcherSourceOptions {
  /**
   * Told about every capture of a sitemap or feed before its body is read (to archive it). A
   * capture that failed midway (a redirect loop) comes with the exchanges that did arrive.
   */
  readonly onCapture?: (capture: Capture, kind: "sitemap" | "feed") => void | Promise<void>;
  readonly onPartial?: (
    error: PartialCaptureError,
    kind: "sitemap" | "feed",
  ) => void | Promise<void>;
}

/**
 * Sources over a `@vellum/fetch` fetcher: the same politeness, robots.txt and address guard as
 * the pages, the body never decoded into memory (`content: false`) but streamed from the
 * fetcher's spool, and robots.txt read from the copy the fetcher keeps for its own rules.
 */
export function fetcherSource(fetcher: Fetcher, options: FetcherSourceOptions = {}): SourceFetcher {
  return {
    async document(url, kind, signal): Promise<FetchedDocument> {
      let capture: Capture;
      try {
        capture = await fetcher.capture(url, {
          content: false,
          accept: ACCEPT[kind],
          ...(signal === undefined ? {} : { signal }),
        });
      } catch (error) {
        if (error instanceof PartialCaptureError) {
          if (options.onPartial === undefined) await releaseExchanges(error.received);
          else await options.onPartial(error, kind);
        }
        throw error;
      }
      try {
        await options.onCapture?.(capture, kind);
      } catch (error) {
        await fetcher.release(capture);
        throw error;
      }
      const last = capture.exchanges[capture.exchanges.length - 1];
      if (last === undefined) throw new Error("a capture without exchanges");
      return {
        url: capture.finalUrl,
        status: last.status,
        headers: last.responseHeaders,
        body: last.body.stream(),
        truncated: last.truncated !== null,
        release: () => fetcher.release(capture),
      };
    },
    async robotsSitemaps(url) {
      const rules = await fetcher.robots(url);
      return { sitemaps: rules.sitemaps, outcome: rules.outcome };
    },
  };
}
