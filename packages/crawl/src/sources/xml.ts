import { decodeHTMLStrict } from "entities";
import { SaxesParser, type SaxesTagPlain } from "saxes";
import type { RawEntry } from "./entries.js";
import type { ProblemTally } from "./problems.js";
import { SourceFault } from "./problems.js";

/**
 * XML is read with saxes: strict (every well-formedness error reported with its line and
 * column, so a broken sitemap is told from a sound one), streaming (strings in, events out, no
 * tree) and the fastest of the maintained JavaScript SAX parsers we measured on a 50 MB sitemap
 * (README, "Sources"). Namespaces are resolved here rather than by saxes, so that a sitemap using
 * `image:` without declaring it (a common slip) is still read.
 */

/** Longest entity name in HTML (`&CounterClockwiseContourIntegral;`) with room to spare. */
const MAX_REFERENCE = 40;
/** A whole entity or character reference, tried at a `&` (sticky: no slicing). */
const REFERENCE = /&(?:[A-Za-z_:][A-Za-z0-9_:.-]*|#[0-9]+|#x[0-9A-Fa-f]+);/y;
/** What the scan stops at outside CDATA. */
const NEXT = /&|<!\[CDATA\[/g;
/** What ends a reference's name: past one of these, a `&` started no reference. */
const REFERENCE_END = /[;\s<&]/;
const CDATA_OPEN = "<![CDATA[";
const CDATA_CLOSE = "]]>";

/**
 * Escapes each `&` that starts no entity or character reference (`?a=1&b=2` in a URL, "Q&A" in
 * a title): the most common error in hand-made sitemaps and feeds, and one a strict parser
 * cannot step over (it reads on to the next `;`, swallowing tags). CDATA sections are left as
 * they are. Works on a stream of strings in one pass, holding back at most a few characters
 * between chunks; a chunk with nothing to repair is passed on as it is.
 */
export class AmpersandRepair {
  #carry = "";
  #inCdata = false;
  repaired = 0;

  write(chunk: string): string {
    return this.#scan(this.#carry === "" ? chunk : this.#carry + chunk, false);
  }

  end(): string {
    return this.#scan(this.#carry, true);
  }

  #scan(text: string, final: boolean): string {
    this.#carry = "";
    let out = "";
    /** `text` up to here is in `out` (or needs no copy yet). */
    let copied = 0;
    let i = 0;
    const hold = (from: number): string => {
      this.#carry = text.slice(from);
      return out + text.slice(copied, from);
    };
    for (;;) {
      if (this.#inCdata) {
        const close = text.indexOf(CDATA_CLOSE, i);
        if (close === -1) {
          // Hold back a possible start of `]]>`.
          const keep = final ? 0 : text.endsWith("]]") ? 2 : text.endsWith("]") ? 1 : 0;
          return hold(text.length - keep);
        }
        i = close + CDATA_CLOSE.length;
        this.#inCdata = false;
        continue;
      }
      NEXT.lastIndex = i;
      const next = NEXT.exec(text);
      if (next === null) {
        // Hold back a possible start of `<![CDATA[`.
        let keep = 0;
        if (!final) {
          const lt = text.lastIndexOf("<");
          if (
            lt !== -1 &&
            text.length - lt < CDATA_OPEN.length &&
            CDATA_OPEN.startsWith(text.slice(lt))
          )
            keep = text.length - lt;
        }
        if (copied === 0 && keep === 0) return text;
        return hold(text.length - keep);
      }
      const at = next.index;
      if (next[0] !== "&") {
        this.#inCdata = true;
        i = at + CDATA_OPEN.length;
        continue;
      }
      REFERENCE.lastIndex = at;
      if (REFERENCE.test(text)) {
        i = REFERENCE.lastIndex;
        continue;
      }
      // The reference may go on in the next chunk.
      if (!final && text.length - at < MAX_REFERENCE && !REFERENCE_END.test(text.slice(at + 1)))
        return hold(at);
      out += `${text.slice(copied, at)}&amp;`;
      copied = at + 1;
      i = at + 1;
      this.repaired += 1;
    }
  }
}

/** An element as the readers see it. */
export interface XmlElement {
  /** The local name, without prefix. */
  readonly local: string;
  /** The namespace URI, or "" when none is declared (the prefix is then in `prefix`). */
  readonly ns: string;
  readonly prefix: string;
  readonly attributes: Readonly<Record<string, string>>;
  /** The element's base URL: `xml:base` resolved against its parent's, or the document URL. */
  readonly base: string;
  /** 0 for the root. */
  readonly depth: number;
}

/** What a format reader does with the events of one document. */
export interface XmlHandler {
  open(element: XmlElement): void;
  /** Text and CDATA inside the element last opened and not yet closed. */
  text(text: string): void;
  close(element: XmlElement): void;
}

/**
 * saxes messages for mistakes it can read past without losing structure: these become an
 * `xml-repaired` warning instead of stopping the document.
 */
const RECOVERABLE = [
  "undefined entity.",
  "disallowed character in entity name.",
  "malformed character entity.",
  "empty entity name.",
  "disallowed character.",
  "text data outside of root node.",
];

const HTML_START = /^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>])/i;

/** A character reference for an HTML named entity (feeds that follow the RSS 0.91 DTD use them). */
function htmlEntity(name: string): string | undefined {
  const decoded = decodeHTMLStrict(`&${name};`);
  return decoded === `&${name};` ? undefined : decoded;
}

/**
 * Feeds a document's text to saxes and calls `choose` with the root element to pick the format
 * reader. Stops the document with a fault at the first error that breaks its structure, after
 * the handler has seen everything before it.
 */
export async function* readXml(
  chunks: AsyncIterable<string>,
  documentUrl: string,
  choose: (root: XmlElement, emit: (entry: RawEntry) => void) => XmlHandler,
  tally: ProblemTally,
): AsyncGenerator<RawEntry, void, undefined> {
  /** Entries the handler found while the last chunk was parsed. */
  let found: RawEntry[] = [];
  const emit = (entry: RawEntry) => {
    found.push(entry);
  };
  const parser = new SaxesParser<{ xmlns: false; position: true }>({
    xmlns: false,
    position: true,
  });
  // Named HTML entities are resolved on demand rather than declared up front (2,000 of them).
  parser.ENTITIES = new Proxy(parser.ENTITIES, {
    get: (target, name) =>
      typeof name === "string" ? (target[name] ?? htmlEntity(name)) : undefined,
  });
  const repair = new AmpersandRepair();
  // Set from the parser's callbacks; an object so that the checks below are not narrowed away.
  const state: { fault: SourceFault | null; handler: XmlHandler | null } = {
    fault: null,
    handler: null,
  };
  let head = "";
  let recovered = 0;
  let firstRecovered: string | undefined;
  const stack: XmlElement[] = [];
  const namespaces: Array<Readonly<Record<string, string>>> = [{}];

  parser.on("error", (error) => {
    const message = error.message.replace(/^\d+:\d+: /, "");
    if (RECOVERABLE.includes(message)) {
      recovered += 1;
      firstRecovered ??= `line ${parser.line}: ${message}`;
      return;
    }
    if (state.fault !== null) return;
    state.fault = HTML_START.test(head)
      ? notXml()
      : new SourceFault(
          "xml-malformed",
          `broken XML at line ${parser.line}, column ${parser.column}: ${message.replace(/\.$/, "")}`,
          "the entries read before the break are kept; tell the site, or fetch it again if it was cut off",
        );
  });
  parser.on("doctype", (doctype) => {
    if (state.fault === null && state.handler === null && /^\s*html\b/i.test(doctype))
      state.fault = notXml();
  });
  parser.on("opentag", (tag: SaxesTagPlain) => {
    if (state.fault !== null) return;
    const parent = stack[stack.length - 1];
    let scope = namespaces[namespaces.length - 1] as Readonly<Record<string, string>>;
    let declared: Record<string, string> | null = null;
    for (const name in tag.attributes) {
      if (name === "xmlns" || name.startsWith("xmlns:")) {
        declared ??= { ...scope };
        declared[name === "xmlns" ? "" : name.slice(6)] = tag.attributes[name] as string;
      }
    }
    if (declared !== null) scope = declared;
    namespaces.push(scope);
    const colon = tag.name.indexOf(":");
    const prefix = colon === -1 ? "" : tag.name.slice(0, colon);
    const local = colon === -1 ? tag.name : tag.name.slice(colon + 1);
    let base = parent?.base ?? documentUrl;
    const xmlBase = tag.attributes["xml:base"];
    if (xmlBase !== undefined) {
      try {
        base = new URL(xmlBase, base).href;
      } catch {
        // An unreadable xml:base leaves the inherited one.
      }
    }
    const element: XmlElement = {
      local,
      ns: scope[prefix] ?? "",
      prefix,
      attributes: tag.attributes as Record<string, string>,
      base,
      depth: stack.length,
    };
    stack.push(element);
    if (state.handler === null) {
      if (local.toLowerCase() === "html") {
        state.fault = notXml();
        return;
      }
      state.handler = choose(element, emit);
    }
    state.handler.open(element);
  });
  const onText = (text: string) => {
    if (state.fault === null && state.handler !== null && stack.length > 0)
      state.handler.text(text);
  };
  parser.on("text", onText);
  parser.on("cdata", onText);
  parser.on("closetag", () => {
    const element = stack.pop();
    namespaces.pop();
    if (state.fault === null && element !== undefined) state.handler?.close(element);
  });

  const feed = (text: string) => {
    if (text !== "") parser.write(text);
  };
  let started = false;
  for await (let chunk of chunks) {
    if (!started) {
      // Blank lines before `<?xml` (a PHP file with a newline before its opening tag) make the
      // declaration misplaced, which strict parsers refuse; they carry nothing.
      chunk = chunk.replace(/^\s+/, "");
      if (chunk === "") continue;
      started = true;
    }
    if (head.length < 1024) head += chunk.slice(0, 1024 - head.length);
    feed(repair.write(chunk));
    // Entries found before a break in the same chunk are still handed on.
    if (found.length > 0) {
      const batch = found;
      found = [];
      yield* batch;
    }
    if (state.fault !== null) break;
  }
  if (state.fault === null) {
    feed(repair.end());
    if (started) parser.close();
    yield* found;
  }
  const repairs = [
    repair.repaired > 0
      ? `${repair.repaired.toLocaleString("en-US")} unescaped "&" read as "&amp;"`
      : "",
    recovered > 0
      ? `${recovered.toLocaleString("en-US")} unknown entities or disallowed characters read past`
      : "",
  ].filter((part) => part !== "");
  if (repairs.length > 0)
    tally.add(
      "xml-repaired",
      repairs.join(", "),
      "the file is not valid XML; tell the site so that other readers can use it",
      firstRecovered,
    );
  if (state.fault !== null) throw state.fault;
  if (!started || state.handler === null) throw emptyDocument();
}

export function notXml(): SourceFault {
  return new SourceFault(
    "html-not-xml",
    "is an HTML page, not XML",
    "the site may have no file at this address (a soft 404) or redirect it to a page; check the URL in a browser",
  );
}

function emptyDocument(): SourceFault {
  return new SourceFault(
    "xml-malformed",
    "has no root element (the file is empty)",
    "check the URL; the site may generate the file on demand and have failed",
  );
}
