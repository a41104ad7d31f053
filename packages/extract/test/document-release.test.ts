/**
 * The parsed document is the largest thing an extraction holds (some five times the page), and
 * nothing after the main content's clean tree (and the authors' reading of the page) needs it:
 * the text, the author ranking and the HTML and Markdown renderings must not keep it alive, so
 * that a collection while they are made can free it.
 *
 * The document is made in an earlier job than the extraction (cheerio's `load` is replaced by one
 * that hands it over once), because a WeakRef keeps its target alive until the job that made it
 * ends; a full collection is forced inside the rendering, and the WeakRef says what survived.
 */
import type { CheerioAPI } from "cheerio";
import * as cheerio from "cheerio/slim";
import { describe, expect, it, vi } from "vitest";
import { extract } from "../src/extract.js";
import { createExtractPool, type ExtractPool } from "../src/pool.js";

const probe = await vi.hoisted(async () => {
  const { setFlagsFromString } = await import("node:v8");
  const { runInNewContext } = await import("node:vm");
  // A full collection on demand, as `node --expose-gc` gives one.
  setFlagsFromString("--expose-gc");
  const gc = runInNewContext("gc") as () => void;
  const state = {
    prepared: null as CheerioAPI | null,
    /** What should be garbage by the time `look` is called. */
    document: null as WeakRef<object> | null,
    /** The stage at which to collect and look. */
    at: "markdown" as "tree" | "text" | "markdown" | "read",
    seen: [] as ("held" | "released")[],
    look(): void {
      gc();
      state.seen.push(state.document?.deref() === undefined ? "released" : "held");
    },
  };
  return state;
});

// The entry extract.ts loads with (htmlparser2 only).
vi.mock("cheerio/slim", async (importOriginal) => {
  const original = await importOriginal<typeof import("cheerio/slim")>();
  return {
    ...original,
    load: (...args: Parameters<typeof original.load>) => {
      const prepared = probe.prepared;
      if (prepared === null) return original.load(...args);
      probe.prepared = null;
      return prepared;
    },
  };
});

vi.mock("../src/content/clean-tree.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/content/clean-tree.js")>();
  return {
    ...original,
    buildCleanTree: (...args: Parameters<typeof original.buildCleanTree>) => {
      if (probe.at === "tree") probe.look();
      return original.buildCleanTree(...args);
    },
  };
});

vi.mock("../src/content/render.js", async (importOriginal) => {
  const original = await importOriginal<typeof import("../src/content/render.js")>();
  return {
    ...original,
    toText: (...args: Parameters<typeof original.toText>) => {
      if (probe.at === "text") probe.look();
      return original.toText(...args);
    },
    toMarkdown: (...args: Parameters<typeof original.toMarkdown>) => {
      if (probe.at === "markdown") probe.look();
      return original.toMarkdown(...args);
    },
  };
});

const PAGE = `<!doctype html><html lang="en"><head><title>Harbour plan costs rise</title></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Harbour plan costs rise</h1><p class="byline">By <a href="/staff/jane">Jane Doe</a></p>
${Array.from({ length: 12 }, (_, i) => `<p>The council said on Tuesday that the harbour plan would cost more than expected, paragraph ${i}, as engineers reviewed the old ferry service.</p>`).join("\n")}
</article><footer>Contact us</footer></body></html>`;

const PARSE = { xml: { xmlMode: false, decodeEntities: true, withStartIndices: true } } as const;

/** Parses the page in a job of its own and keeps only a WeakRef to the document. */
function prepare(): void {
  const $ = cheerio.load(PAGE, PARSE);
  probe.prepared = $;
  probe.document = new WeakRef($.root().get(0) as object);
}

async function extractAt(stage: typeof probe.at) {
  prepare();
  probe.at = stage;
  probe.seen = [];
  const told: number[] = [];
  // A new job: the WeakRef no longer keeps the document alive.
  await new Promise((resolve) => setImmediate(resolve));
  const article = extract(PAGE, {
    url: "https://news.example/harbour",
    onDocumentRead: ({ characters }) => {
      told.push(characters);
      if (stage === "read") probe.look();
    },
  });
  return { article, seen: probe.seen, told };
}

describe("extract lets the parsed document go before the renderings", () => {
  it("holds the document while it builds the clean tree (the probe sees it live)", async () => {
    const { article, seen } = await extractAt("tree");
    expect(seen).toEqual(["held"]);
    expect(article.body.text).toContain("paragraph 11");
  });

  it("no longer holds it when the text is made (and the authors ranked on it)", async () => {
    const { article, seen } = await extractAt("text");
    expect(seen).toEqual(["released"]);
    expect(article.body.text).toContain("paragraph 11");
    expect(article.authors.map((a) => a.name)).toEqual(["Jane Doe"]);
  });

  it("no longer holds it when the Markdown is made", async () => {
    const { article, seen } = await extractAt("markdown");
    expect(seen).toEqual(["released"]);
    expect(article.body.markdown).toContain("paragraph 11");
    expect(article.authors.map((a) => a.name)).toEqual(["Jane Doe"]);
  });

  it("says when the document is garbage (onDocumentRead), with the page's length", async () => {
    const { article, seen, told } = await extractAt("read");
    expect(seen).toEqual(["released"]);
    expect(told).toEqual([PAGE.length]);
    expect(article.body.html).toContain("paragraph 11");
  });

  it("a pool lets go of a page's bytes once they are decoded", async () => {
    const handed = prepareBytes();
    probe.seen = [];
    // A new job: the WeakRef no longer keeps the bytes alive.
    await new Promise((resolve) => setImmediate(resolve));
    const pool = createExtractPool({ onDocumentRead: () => probe.look() });
    try {
      const article = await extractTaken(pool, handed);
      expect(probe.seen).toEqual(["released"]);
      expect(article.body.text).toContain("paragraph 11");
    } finally {
      await pool.close();
    }
  });
});

/** Page bytes made in a job of their own; only a WeakRef to them is kept besides `take`. */
function prepareBytes(): { take(): Uint8Array } {
  let bytes: Uint8Array | null = new TextEncoder().encode(PAGE);
  probe.document = new WeakRef(bytes);
  return {
    take() {
      const taken = bytes as Uint8Array;
      bytes = null;
      return taken;
    },
  };
}

/** Hands the bytes over from a frame that ends at once, as `vellum extract` does. */
function extractTaken(pool: ExtractPool, handed: { take(): Uint8Array }) {
  return pool.extract(handed.take(), { url: "https://news.example/harbour" });
}
