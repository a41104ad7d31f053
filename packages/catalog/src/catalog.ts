import { basename, resolve } from "node:path";
import {
  type ArticleRecord,
  type CaptureRecord,
  type ChangeRecord,
  Collection,
} from "@vellum/crawl";
import { VellumError } from "@vellum/model";
import { type ArticleExtras, readArticleExtras, readArticleFile } from "./search/article-file.js";
import { nameKey } from "./search/keys.js";
import {
  EMPTY_FILTERS,
  FACET_NAMES,
  type FacetName,
  parseText,
  SEARCH_LIMITS,
  type SearchQuery,
  type SortOrder,
} from "./search/query.js";
import {
  type CatalogDoc,
  type CatalogPerson,
  type IndexHit,
  SearchIndex,
  type SearchIndexOptions,
} from "./search/search-index.js";

export interface CatalogOptions {
  /** The collection directories to serve (each written by `vellum snapshot --out DIR`). */
  readonly dirs: readonly string[];
  /** Where each collection's index lives. Default: `catalog.db` in the collection directory. */
  readonly indexPath?: (dir: string) => string;
}

/** A served collection: its name in URLs, the collection and its index. */
export interface CatalogCollection {
  /** Lowercase letters, digits and dashes, from the directory's name; unique in the catalog. */
  readonly name: string;
  readonly dir: string;
  readonly collection: Collection;
  readonly index: SearchIndex;
}

/** A document of a result, with the collection it is in. */
export interface ResultItem {
  readonly collection: string;
  readonly doc: CatalogDoc;
  /** The headline with the query's words between `MARK_START` and `MARK_END`. */
  readonly headline: string | null;
  /** A passage of the body around the words (or the body's opening when browsing). */
  readonly snippet: string;
}

export interface FacetValue {
  /** What a filter takes (the key: names compare case-insensitively). */
  readonly value: string;
  readonly label: string;
  readonly count: number;
  readonly selected: boolean;
}

export interface FacetView {
  readonly name: FacetName;
  readonly values: readonly FacetValue[];
}

export interface SearchResult {
  readonly query: SearchQuery;
  /** The words and phrases searched for. */
  readonly terms: readonly string[];
  readonly total: number;
  readonly pages: number;
  readonly items: readonly ResultItem[];
  readonly facets: readonly FacetView[];
  /** The index is still catching up with the collections: more results may come. */
  readonly indexing: boolean;
  /** The names of every collection served (for their whole-collection downloads). */
  readonly collections: readonly string[];
}

/** Everything an article page shows. */
export interface ArticleView {
  readonly collection: string;
  readonly doc: CatalogDoc;
  readonly article: ArticleRecord;
  readonly extras: ArticleExtras;
  /** The JSON-LD graph as the capture stored it (`article.jsonld`), or null. */
  readonly jsonld: string | null;
  /** Every capture of the page, oldest first. */
  readonly captures: readonly CaptureRecord[];
  /** Edits between captures, in the order found. */
  readonly changes: readonly ChangeRecord[];
}

/** A hit, tagged with the collection it came from (its `source`). */
type Hit = IndexHit;

/** Every hit of a query, sorted, with its facet counts: what a page of results is cut from. */
interface Hits {
  readonly hits: Hit[];
  readonly terms: readonly string[];
  readonly match: string | null;
  readonly facets: Record<FacetName, Map<string, { count: number; label: string }>>;
}

/**
 * Queries whose hits are kept (most recently used): paging through a result, its downloads and
 * the same search asked again cost a slice, not a match, a facet count and a sort over every
 * matching page. Emptied whenever an index takes in new captures.
 */
const CACHED_QUERIES = 32;
const CACHED_PAGES = 256;

const COMPARE: Record<SortOrder, (a: Hit, b: Hit) => number> = {
  relevance: (a, b) => a.score - b.score || newest(a, b),
  newest: (a, b) => newest(a, b),
  oldest: (a, b) => dated(a.publishedMs, b.publishedMs, 1) || a.id - b.id,
  captured: (a, b) => dated(a.capturedMs, b.capturedMs, -1) || b.id - a.id,
};

/** Dates in `direction` (1 oldest first, -1 newest first), undated last. */
function dated(a: number, b: number, direction: 1 | -1): number {
  const an = Number.isNaN(a);
  const bn = Number.isNaN(b);
  if (an || bn) return an === bn ? 0 : an ? 1 : -1;
  return (a - b) * direction;
}

function newest(a: Hit, b: Hit): number {
  return dated(a.publishedMs, b.publishedMs, -1) || b.source - a.source || b.id - a.id;
}

/** A directory's name as a URL segment: lowercase ASCII letters, digits and dashes. */
function collectionName(dir: string, taken: Set<string>): string {
  const base =
    basename(dir)
      .normalize("NFKD")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 48) || "collection";
  let name = base;
  for (let n = 2; taken.has(name); n += 1) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/**
 * The catalog over one or more collections: each collection's index kept up to date with what
 * its runs commit, and the queries the pages and the API answer (search with facets across the
 * collections, an article with its captures and edits, an author, a site).
 */
export class Catalog {
  readonly collections: readonly CatalogCollection[];
  readonly #byName: Map<string, CatalogCollection>;
  /** The last `sync` found nothing more to read. */
  #caughtUp = false;
  readonly #cache = new Map<string, Hits>();
  /** Pages of results as answered (snippets marked): a page asked again costs no match. */
  readonly #pages = new Map<string, SearchResult>();

  private constructor(collections: CatalogCollection[]) {
    this.collections = collections;
    this.#byName = new Map(collections.map((c) => [c.name, c]));
  }

  /**
   * Opens the collections (read-only: a run may be writing them) and their indexes. Throws
   * `input-not-found` for a directory that holds no collection, `collection-invalid` for an
   * unreadable database.
   */
  static open(options: CatalogOptions): Catalog {
    if (options.dirs.length === 0) {
      throw new VellumError("usage", "Name at least one collection directory to serve");
    }
    const taken = new Set<string>();
    const opened: CatalogCollection[] = [];
    try {
      for (const given of options.dirs) {
        const dir = resolve(given);
        if (opened.some((c) => c.dir === dir)) continue;
        const collection = Collection.open(dir, { create: false });
        let index: SearchIndex;
        try {
          const indexOptions: SearchIndexOptions =
            options.indexPath === undefined ? {} : { path: options.indexPath(dir) };
          index = SearchIndex.open(collection, indexOptions);
        } catch (error) {
          collection.close();
          throw error;
        }
        opened.push({ name: collectionName(dir, taken), dir, collection, index });
      }
    } catch (error) {
      for (const c of opened) {
        c.index.close();
        c.collection.close();
      }
      throw error;
    }
    return new Catalog(opened);
  }

  close(): void {
    for (const c of this.collections) {
      c.index.close();
      c.collection.close();
    }
  }

  collection(name: string): CatalogCollection | null {
    return this.#byName.get(name) ?? null;
  }

  /**
   * Indexes up to `budget` new captures per collection; answers whether every index is caught
   * up. The server calls it in small steps so requests are answered while a big collection is
   * indexed for the first time.
   */
  sync(budget = 200): boolean {
    let done = true;
    for (const c of this.collections) {
      const synced = c.index.sync(budget);
      if (!synced.done) done = false;
      if (synced.captures > 0) {
        this.#cache.clear();
        this.#pages.clear();
      }
    }
    this.#caughtUp = done;
    return done;
  }

  /** Pages indexed, over every collection. */
  get size(): number {
    return this.collections.reduce((n, c) => n + c.index.size, 0);
  }

  #scope(query: SearchQuery): CatalogCollection[] {
    if (query.collections.length === 0) return [...this.collections];
    return this.collections.filter((c) => query.collections.includes(c.name));
  }

  /** Every hit of a query, sorted, over the collections in scope (no paging). */
  #hits(query: SearchQuery): Hits {
    const key = JSON.stringify([query.text, query.filters, query.collections, query.sort]);
    const cached = this.#cache.get(key);
    if (cached !== undefined) {
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached;
    }
    const parsed = parseText(query.text);
    const scope = this.#scope(query);
    let hits: Hit[] = [];
    const facets = Object.fromEntries(FACET_NAMES.map((f) => [f, new Map()])) as Record<
      FacetName,
      Map<string, { count: number; label: string }>
    >;
    for (const c of scope) {
      const source = this.collections.indexOf(c);
      const found = c.index.search(parsed.match, query, source, parsed.phrases);
      hits = hits.length === 0 ? found.hits : hits.concat(found.hits);
      for (const facet of FACET_NAMES) {
        const merged = facets[facet];
        for (const [key, count] of found.facets[facet]) {
          const seen = merged.get(key);
          if (seen === undefined)
            merged.set(key, { count, label: c.index.label(facet, key) ?? key });
          else seen.count += count;
        }
      }
    }
    const sort = query.sort === "relevance" && parsed.match === null ? "newest" : query.sort;
    hits.sort(COMPARE[sort]);
    const result: Hits = { hits, terms: parsed.terms, match: parsed.match, facets };
    this.#cache.set(key, result);
    if (this.#cache.size > CACHED_QUERIES) {
      this.#cache.delete(this.#cache.keys().next().value as string);
    }
    return result;
  }

  /** A page of results with facets, as the search page and `/api/search` show it. */
  search(query: SearchQuery): SearchResult {
    const key = JSON.stringify(query);
    const cached = this.#pages.get(key);
    if (cached !== undefined) {
      this.#pages.delete(key);
      this.#pages.set(key, cached);
      return { ...cached, indexing: !this.#caughtUp };
    }
    const result = this.#search(query);
    this.#pages.set(key, result);
    if (this.#pages.size > CACHED_PAGES)
      this.#pages.delete(this.#pages.keys().next().value as string);
    return result;
  }

  #search(query: SearchQuery): SearchResult {
    const { hits, terms, match, facets } = this.#hits(query);
    const start = (query.page - 1) * query.perPage;
    const slice = hits.slice(start, start + query.perPage);
    const items: ResultItem[] = [];
    const bySource = new Map<number, number[]>();
    for (const h of slice) bySource.set(h.source, [...(bySource.get(h.source) ?? []), h.id]);
    const found = new Map<string, ResultItem>();
    for (const [source, ids] of bySource) {
      const c = this.collections[source] as CatalogCollection;
      const docs = c.index.docs(ids);
      const marked = match === null ? null : c.index.highlights(match, ids);
      const openings = c.index.openings(ids);
      for (const doc of docs) {
        const m = marked?.get(doc.id);
        const snippet = m?.snippet.includes("\uE000")
          ? m.snippet
          : (doc.dek ?? openings.get(doc.id) ?? "");
        found.set(`${source}/${doc.id}`, {
          collection: c.name,
          doc,
          headline: m?.headline ?? doc.headline,
          snippet,
        });
      }
    }
    for (const h of slice) {
      const item = found.get(`${h.source}/${h.id}`);
      if (item !== undefined) items.push(item);
    }
    return {
      query,
      terms,
      total: hits.length,
      pages: Math.max(1, Math.ceil(hits.length / query.perPage)),
      items,
      facets: this.#facetViews(query, facets),
      indexing: !this.#caughtUp,
      collections: this.collections.map((c) => c.name),
    };
  }

  #facetViews(
    query: SearchQuery,
    counted: Record<FacetName, Map<string, { count: number; label: string }>>,
  ): FacetView[] {
    const views: FacetView[] = [];
    for (const name of FACET_NAMES) {
      const selected = new Set(query.filters[name].map((v) => SearchIndex.filterKey(name, v)));
      let entries = [...counted[name].entries()];
      // Months are listed within the years chosen (or within the only year there is).
      if (name === "month") {
        const years = new Set(query.filters.year);
        const allYears = [...counted.year.keys()];
        if (years.size === 0 && allYears.length === 1) years.add(allYears[0] as string);
        if (years.size === 0 && selected.size === 0) continue;
        entries = entries.filter(([key]) => years.has(key.slice(0, 4)) || selected.has(key));
      }
      const dateOrder = name === "year" || name === "month";
      entries.sort((a, b) =>
        dateOrder
          ? b[0].localeCompare(a[0])
          : b[1].count - a[1].count || a[1].label.localeCompare(b[1].label),
      );
      const top = entries.slice(0, dateOrder ? 24 : SEARCH_LIMITS.facetValues);
      for (const key of selected) {
        if (!top.some(([k]) => k === key)) {
          top.push([
            key,
            counted[name].get(key) ?? {
              count: 0,
              label: query.filters[name].find((v) => SearchIndex.filterKey(name, v) === key) ?? key,
            },
          ]);
        }
      }
      if (top.length === 0) continue;
      views.push({
        name,
        values: top.map(([key, v]) => ({
          value: key,
          label: v.label,
          count: v.count,
          selected: selected.has(key),
        })),
      });
    }
    return views;
  }

  /** Every document of a query's result (no paging), for downloads: batches in result order. */
  *resultDocs(
    query: SearchQuery,
    batch = 500,
  ): Generator<{ collection: CatalogCollection; docs: CatalogDoc[] }> {
    const { hits } = this.#hits(query);
    for (let i = 0; i < hits.length; i += batch) {
      const part = hits.slice(i, i + batch);
      // Consecutive hits of one collection are fetched together, keeping the result's order.
      let run: Hit[] = [];
      const flush = function* (this: Catalog) {
        if (run.length === 0) return;
        const c = this.collections[run[0]?.source ?? 0] as CatalogCollection;
        yield { collection: c, docs: c.index.docs(run.map((h) => h.id)) };
        run = [];
      }.bind(this);
      for (const h of part) {
        if (run.length > 0 && run[0]?.source !== h.source) yield* flush();
        run.push(h);
      }
      yield* flush();
    }
  }

  /** How many documents a query matches (for a download's description). */
  count(query: SearchQuery): number {
    return this.#hits(query).hits.length;
  }

  /** A page of a collection by its slug, with everything its article page shows. */
  article(collectionName: string, slug: string): ArticleView | null {
    const c = this.collection(collectionName);
    if (c === null || !/^[a-z0-9][a-z0-9-]*$/.test(slug)) return null;
    const doc = c.index.doc(slug);
    if (doc === null) return null;
    const article = c.collection.latestArticle(doc.id);
    if (article === null) return null;
    const captures = [...c.collection.captures({ url: doc.url })];
    const capture = captures.find((x) => x.id === article.captureId);
    const articleDir = capture?.articleDir ?? `articles/${doc.slug}`;
    return {
      collection: c.name,
      doc,
      article,
      extras: readArticleExtras(c.dir, articleDir),
      jsonld: readArticleFile(c.dir, articleDir, "article.jsonld"),
      captures,
      changes: [...c.collection.changes({ url: doc.url })],
    };
  }

  /** The files of a page's article folder, by name, for downloads. */
  articleFile(
    collectionName: string,
    slug: string,
    file: "article.json" | "article.jsonld" | "article.md",
  ): string | null {
    const view = this.article(collectionName, slug);
    if (view === null) return null;
    const capture = view.captures.find((x) => x.id === view.article.captureId);
    return readArticleFile(
      this.collection(collectionName)?.dir ?? "",
      capture?.articleDir ?? `articles/${slug}`,
      file,
    );
  }

  /** An author by name (any collection that knows them), or null. */
  person(name: string): CatalogPerson | null {
    const key = nameKey(name);
    let best: CatalogPerson | null = null;
    for (const c of this.collections) {
      const p = c.index.person(key);
      if (p === null) continue;
      if (best === null) {
        best = p;
        continue;
      }
      const description: string | null =
        (p.description?.length ?? 0) > (best.description?.length ?? 0)
          ? p.description
          : best.description;
      best = {
        ...best,
        description,
        url: best.url ?? p.url,
        jobTitle: best.jobTitle ?? p.jobTitle,
        sameAs: [...new Set([...best.sameAs, ...p.sameAs])],
      };
    }
    return best;
  }

  /** An empty query over everything (the start of an author or site page's listing). */
  static browse(change: Partial<SearchQuery> = {}): SearchQuery {
    return {
      text: "",
      filters: EMPTY_FILTERS,
      collections: [],
      sort: "newest",
      page: 1,
      perPage: SEARCH_LIMITS.defaultPerPage,
      ...change,
    };
  }
}
