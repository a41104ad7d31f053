import { join } from "node:path";
import { readWarc, type WarcWriter } from "@vellum/archive";
import { releaseExchanges } from "@vellum/fetch";
import type { RenderedCapture } from "@vellum/model";

/**
 * Writes a browser capture as the crawl engine does (its exchanges, then the derived documents
 * tied to the page's response) and releases its bodies; answers the capture and the id of the
 * page's response record.
 */
export async function record(
  warc: WarcWriter,
  capturing: Promise<RenderedCapture>,
): Promise<RenderedCapture & { readonly responseRecordId: string | null }> {
  const page = await capturing;
  try {
    const ids: string[] = [];
    for (const exchange of page.exchanges) {
      ids.push((await warc.writeExchange(exchange)).response.recordId);
    }
    const main = page.documents.at(-1);
    const responseRecordId = main === undefined ? null : (ids[main] ?? null);
    for (const item of page.derived) {
      await warc.writeResource({
        targetUri: item.targetUri,
        ...(responseRecordId === null ? {} : { concurrentTo: responseRecordId }),
        contentType: item.contentType,
        body: item.body,
      });
    }
    return { ...page, responseRecordId };
  } finally {
    await releaseExchanges(page.exchanges);
  }
}

/** The page's final document response, if one arrived. */
export function mainDocument(page: RenderedCapture) {
  const at = page.documents.at(-1);
  return at === undefined ? undefined : page.exchanges[at];
}

/** A WARC record read whole, for tests that look inside a capture's WARC files. */
export interface Rec {
  type: string;
  headers: Map<string, string>;
  block: Buffer;
}

export async function records(dir: string, files: readonly string[]): Promise<Rec[]> {
  const out: Rec[] = [];
  for (const file of files) {
    for await (const entry of readWarc(join(dir, file))) {
      const chunks: Uint8Array[] = [];
      for await (const c of entry.block) chunks.push(c);
      out.push({
        type: entry.type,
        headers: new Map(entry.headers.map(([k, v]) => [k.toLowerCase(), v])),
        block: Buffer.concat(chunks),
      });
    }
  }
  return out;
}

export const httpPayload = (block: Buffer) => block.subarray(block.indexOf("\r\n\r\n") + 4);
export const httpHead = (block: Buffer) =>
  block.subarray(0, block.indexOf("\r\n\r\n")).toString("latin1");
