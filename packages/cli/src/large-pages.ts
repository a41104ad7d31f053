import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** Pages this long (in characters) or longer get a full collection once they are read. */
export const LARGE_PAGE_CHARACTERS = 4 * 1024 * 1024;

let collect: (() => void) | null | undefined;

/**
 * V8's own full collection, as `node --expose-gc` gives it; null if it cannot be had. The flag
 * set now only makes new contexts carry `gc`: nothing else in the process changes.
 */
function fullCollection(): (() => void) | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  if (typeof exposed === "function") return exposed as () => void;
  try {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as unknown;
    return typeof gc === "function" ? (gc as () => void) : null;
  } catch {
    return null;
  }
}

/**
 * `ExtractOptions.onDocumentRead` for the commands that extract in this thread: a full garbage
 * collection once a page of several megabytes is read, when its parsed document (five times the
 * page) has just become garbage. V8 collects the old generation only when it has grown to up to
 * four times what was alive at its last full collection, which on a large page comes while the
 * document is being parsed: without this the document stayed resident through the renderings and
 * the output (a 20 MB page: `vellum extract --format markdown` peaked at 435 MB). Pages below
 * `LARGE_PAGE_CHARACTERS` (every real page we have, the largest 1.5 MB) never pay for it.
 */
export function collectAfterLargePage(page: { readonly characters: number }): void {
  if (page.characters < LARGE_PAGE_CHARACTERS) return;
  if (collect === undefined) collect = fullCollection();
  collect?.();
}
