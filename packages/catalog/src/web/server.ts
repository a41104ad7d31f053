import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Clock, systemClock, userAgent, VELLUM_VERSION, VellumError } from "@vellum/model";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { Catalog } from "../catalog.js";
import { type FacetName, parseSearchParams, type SearchQuery } from "../search/query.js";
import { CATALOG_CSS, CATALOG_JS } from "./assets.js";
import {
  articleBag,
  collectionBag,
  collectionWacz,
  resultBag,
  resultCsv,
  resultJsonl,
  resultWacz,
} from "./downloads.js";
import { articlePage, authorPage, errorPage, searchPage, sitePage } from "./pages.js";
import { paths } from "./paths.js";
import { pageWacz, replayAsset, serveFile } from "./replay.js";

export interface CatalogServerOptions {
  readonly catalog: Catalog;
  /**
   * A secret every request must carry (`Authorization: Bearer …`, or `?token=…` once, which sets
   * a cookie for the browser). Default: none (only sensible on 127.0.0.1).
   */
  readonly token?: string;
  /** How often the indexes look for new captures. Default 1000 ms. */
  readonly syncIntervalMs?: number;
  /** Captures indexed per step while requests keep being answered. Default 200. */
  readonly syncBudget?: number;
  /** Where per-page WACZ files for replay are built. Default: a new temporary directory, removed on close. */
  readonly cacheDir?: string;
  /** Timestamps written into downloads. Default: the system clock. */
  readonly clock?: Clock;
}

const TOKEN_COOKIE = "vellum_token";

/** The software named in the bundles the catalog builds. */
export function catalogSoftware(): string {
  return `Vellum ${VELLUM_VERSION} catalog (${userAgent()})`;
}

/*
 * Content-Security-Policy. Catalog pages run only the catalog's own script; archived HTML never
 * renders in this origin except inside ReplayWeb.page's sandboxed frame, whose documents come
 * from its service worker under /replay/. The replay element needs its own scripts, inline
 * styles (its web components) and a worker.
 */
const CSP_PAGE = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");
const CSP_ARTICLE = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "frame-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join("; ");
/** ReplayWeb.page's frame: its scripts and styles, framed only by the catalog's article page. */
const CSP_REPLAY = [
  "default-src 'self' data: blob:",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "frame-src 'self' blob:",
  "worker-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'self'",
].join("; ");
const CSP_DATA = "default-src 'none'; sandbox; frame-ancestors 'none'";

function query(request: FastifyRequest): URLSearchParams {
  const url = request.raw.url ?? "/";
  const at = url.indexOf("?");
  return new URLSearchParams(at === -1 ? "" : url.slice(at + 1));
}

function statusFor(error: VellumError): number {
  switch (error.code) {
    case "input-not-found":
      return 404;
    case "input-invalid":
    case "usage":
    case "too-large":
      return 400;
    default:
      return 500;
  }
}

/** A reply for an error: JSON under /api/, a page elsewhere. */
function fail(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  message: string,
  hint: string | null,
) {
  if (request.url.startsWith("/api/")) {
    return reply
      .code(status)
      .header("Content-Security-Policy", CSP_DATA)
      .type("application/json; charset=utf-8")
      .send(JSON.stringify({ error: message, ...(hint === null ? {} : { hint }) }));
  }
  return reply
    .code(status)
    .header("Content-Security-Policy", CSP_PAGE)
    .type("text/html; charset=utf-8")
    .send(errorPage(status, message, hint));
}

function notFound(what: string): VellumError {
  return new VellumError("input-not-found", `No ${what} here`, {
    hint: "check the link, or search for it",
  });
}

function tokenOk(request: FastifyRequest, token: string): boolean {
  const auth = request.headers.authorization;
  if (auth === `Bearer ${token}`) return true;
  const cookie = request.headers.cookie ?? "";
  for (const part of cookie.split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === TOKEN_COOKIE && decodeURIComponent(rest.join("=")) === token) return true;
  }
  return false;
}

function sameToken(given: string | null, token: string): boolean {
  return given !== null && given.length === token.length && given === token;
}

const json = (reply: FastifyReply, value: unknown) =>
  reply
    .header("Content-Security-Policy", CSP_DATA)
    .type("application/json; charset=utf-8")
    .send(JSON.stringify(value));

/** `/author?name=…` and `/site/…` list a person's or a site's articles: a browse with one filter. */
function listing(params: URLSearchParams, facet: FacetName, value: string): SearchQuery {
  const base = parseSearchParams(params);
  return {
    ...base,
    filters: { ...base.filters, [facet]: [...new Set([...base.filters[facet], value])] },
  };
}

/**
 * The catalog's HTTP server (fastify: a small, well-kept server with fast routing and
 * `inject()` for tests without a port). Read-only: only GET and HEAD routes exist.
 */
export function createCatalogServer(options: CatalogServerOptions): FastifyInstance {
  const { catalog } = options;
  const clock = options.clock ?? systemClock;
  const ownCache = options.cacheDir === undefined;
  const cacheDir = options.cacheDir ?? mkdtempSync(join(tmpdir(), "vellum-catalog-"));
  const app = Fastify({ logger: false, routerOptions: { maxParamLength: 500 } });

  // Index in small steps so the first requests are answered while a big collection is indexed.
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const step = () => {
    if (stopped) return;
    let done = true;
    try {
      done = catalog.sync(options.syncBudget ?? 200);
    } catch {
      // A collection being written may be briefly busy; the next step tries again.
    }
    timer = setTimeout(step, done ? (options.syncIntervalMs ?? 1000) : 0);
    timer.unref();
  };
  app.addHook("onReady", async () => {
    step();
  });
  app.addHook("onClose", async () => {
    stopped = true;
    if (timer !== null) clearTimeout(timer);
    if (ownCache) rmSync(cacheDir, { recursive: true, force: true });
  });

  app.addHook("onRequest", async (request, reply) => {
    reply.header("X-Content-Type-Options", "nosniff");
    reply.header("Referrer-Policy", "no-referrer");
    reply.header("Cross-Origin-Opener-Policy", "same-origin");
    if (options.token === undefined) return;
    const params = query(request);
    const given = params.get("token");
    if (sameToken(given, options.token)) {
      params.delete("token");
      const path = request.url.split("?")[0] ?? "/";
      const rest = params.toString();
      return reply
        .header(
          "Set-Cookie",
          `${TOKEN_COOKIE}=${encodeURIComponent(options.token)}; HttpOnly; SameSite=Strict; Path=/`,
        )
        .redirect(rest === "" ? path : `${path}?${rest}`, 303);
    }
    if (!tokenOk(request, options.token)) {
      return fail(
        request,
        reply,
        401,
        "This catalog needs its token",
        "open the link with ?token=… or send Authorization: Bearer …",
      );
    }
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof VellumError) {
      return fail(request, reply, statusFor(error), error.toLine(), null);
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status !== undefined && status >= 400 && status < 500) {
      return fail(request, reply, status, "The request could not be read", null);
    }
    return fail(
      request,
      reply,
      500,
      "Something went wrong in the catalog",
      "see the server's output",
    );
  });
  app.setNotFoundHandler((request, reply) =>
    fail(request, reply, 404, "No page here", "check the link, or search"),
  );

  const html = (reply: FastifyReply, body: string, csp = CSP_PAGE) =>
    reply.header("Content-Security-Policy", csp).type("text/html; charset=utf-8").send(body);

  // ── pages ───────────────────────────────────────────────────────────────────────────────
  app.get("/", async (request, reply) =>
    html(reply, searchPage(catalog.search(parseSearchParams(query(request))))),
  );

  app.get<{ Params: { collection: string; slug: string } }>(
    "/c/:collection/:slug",
    async (request, reply) => {
      const view = catalog.article(request.params.collection, request.params.slug);
      if (view === null) throw notFound("article");
      return html(reply, articlePage(view), CSP_ARTICLE);
    },
  );

  app.get("/author", async (request, reply) => {
    const params = query(request);
    const name = params.get("name") ?? "";
    const person = name === "" ? null : catalog.person(name);
    if (person === null) throw notFound("author of that name");
    params.delete("name");
    return html(reply, authorPage(person, catalog.search(listing(params, "author", person.name))));
  });

  app.get<{ Params: { site: string } }>("/site/:site", async (request, reply) => {
    const site = request.params.site.toLowerCase();
    const result = catalog.search(listing(query(request), "site", site));
    if (result.total === 0) throw notFound("site of that name");
    return html(reply, sitePage(site, result));
  });

  app.get<{ Params: { name: string } }>("/assets/:name", async (request, reply) => {
    if (request.params.name === "catalog.css")
      return reply.type("text/css; charset=utf-8").send(CATALOG_CSS);
    if (request.params.name === "catalog.js")
      return reply.type("text/javascript; charset=utf-8").send(CATALOG_JS);
    throw notFound("file");
  });

  // ── replay ──────────────────────────────────────────────────────────────────────────────
  // The replay frame's own page (ReplayWeb.page's `index.html`, unmodified): its service worker
  // serves it too once active, but the first frame may load before the worker controls it.
  app.get("/replay/", async (_request, reply) => {
    const answer = await serveFile(
      replayAsset("index.html"),
      undefined,
      "text/html; charset=utf-8",
    );
    return reply
      .code(answer.status)
      .headers(answer.headers)
      .header("Content-Security-Policy", CSP_REPLAY)
      .send(answer.body);
  });
  app.get<{ Params: { name: string } }>("/replay/:name", async (request, reply) => {
    const name = request.params.name;
    if (name !== "ui.js" && name !== "sw.js") throw notFound("file");
    const answer = await serveFile(replayAsset(name), undefined, "text/javascript; charset=utf-8");
    return reply
      .code(answer.status)
      .headers(answer.headers)
      .header("Cache-Control", "max-age=3600")
      .send(answer.body);
  });

  const waczOf = async (collectionName: string, slug: string) => {
    const view = catalog.article(collectionName, slug);
    const c = catalog.collection(collectionName);
    if (view === null || c === null) throw notFound("article");
    return pageWacz({
      collection: c.collection,
      urlId: view.doc.id,
      captureId: view.doc.captureId,
      title: view.doc.headline,
      cacheDir,
      key: String(catalog.collections.indexOf(c)),
      clock,
      software: catalogSoftware(),
    });
  };

  app.get<{ Params: { collection: string; file: string } }>(
    "/wacz/:collection/:file",
    async (request, reply) => {
      const m = /^([a-z0-9][a-z0-9-]*)\.wacz$/.exec(request.params.file);
      if (m?.[1] === undefined) throw notFound("file");
      const path = await waczOf(request.params.collection, m[1]);
      const answer = await serveFile(path, request.headers.range, "application/wacz+zip");
      return reply
        .code(answer.status)
        .headers(answer.headers)
        .header("Content-Security-Policy", CSP_DATA)
        .header("Content-Disposition", `attachment; filename="${m[1]}.wacz"`)
        .send(answer.body);
    },
  );

  // ── downloads ───────────────────────────────────────────────────────────────────────────
  const ARTICLE_FILES: Record<string, [string, "article.json" | "article.jsonld" | "article.md"]> =
    {
      "article.json": ["application/json; charset=utf-8", "article.json"],
      "article.jsonld": ["application/ld+json; charset=utf-8", "article.jsonld"],
      "article.md": ["text/markdown; charset=utf-8", "article.md"],
    };
  app.get<{ Params: { collection: string; slug: string; file: string } }>(
    "/download/c/:collection/:slug/:file",
    async (request, reply) => {
      const kind = ARTICLE_FILES[request.params.file];
      if (kind === undefined) throw notFound("file");
      const text = catalog.articleFile(request.params.collection, request.params.slug, kind[1]);
      if (text === null) throw notFound("file");
      return reply.header("Content-Security-Policy", CSP_DATA).type(kind[0]).send(text);
    },
  );

  app.get<{ Params: { collection: string; file: string } }>(
    "/download/c/:collection/:file",
    async (request, reply) => {
      const m = /^([a-z0-9][a-z0-9-]*)\.bag\.zip$/.exec(request.params.file);
      if (m?.[1] === undefined) throw notFound("file");
      const view = catalog.article(request.params.collection, m[1]);
      if (view === null) throw notFound("article");
      return reply
        .header("Content-Security-Policy", CSP_DATA)
        .header("Content-Disposition", `attachment; filename="${view.doc.slug}-bag.zip"`)
        .type("application/zip")
        .send(articleBag(catalog, view, { clock, software: catalogSoftware() }));
    },
  );

  app.get<{ Params: { format: string } }>("/download/search.:format", async (request, reply) => {
    const params = query(request);
    params.delete("page");
    params.delete("per");
    const q = parseSearchParams(params);
    const stamp = clock.now().toISOString().replace(/[-:]/g, "").slice(0, 15);
    const name = `vellum-${stamp}`;
    reply.header("Content-Security-Policy", CSP_DATA);
    switch (request.params.format) {
      case "csv":
        return reply
          .header("Content-Disposition", `attachment; filename="${name}.csv"`)
          .type("text/csv; charset=utf-8")
          .send(resultCsv(catalog, q));
      case "jsonl":
        return reply
          .header("Content-Disposition", `attachment; filename="${name}.jsonl"`)
          .type("application/x-ndjson; charset=utf-8")
          .send(resultJsonl(catalog, q));
      case "bag.zip":
        return reply
          .header("Content-Disposition", `attachment; filename="${name}-bag.zip"`)
          .type("application/zip")
          .send(resultBag(catalog, q, { clock, software: catalogSoftware() }));
      case "wacz":
        return reply
          .header("Content-Disposition", `attachment; filename="${name}.wacz"`)
          .type("application/wacz+zip")
          .send(resultWacz(catalog, q, { clock, software: catalogSoftware() }));
      default:
        throw notFound("download of that format");
    }
  });

  app.get<{ Params: { file: string } }>("/download/collection/:file", async (request, reply) => {
    const m = /^([a-z0-9][a-z0-9-]*)\.(wacz|bag\.zip)$/.exec(request.params.file);
    const c = m?.[1] === undefined ? null : catalog.collection(m[1]);
    if (m === null || c === null) throw notFound("collection");
    const options = { clock, software: catalogSoftware() };
    reply.header("Content-Security-Policy", CSP_DATA);
    if (m[2] === "wacz") {
      return reply
        .header("Content-Disposition", `attachment; filename="${c.name}.wacz"`)
        .type("application/wacz+zip")
        .send(await collectionWacz(c, options));
    }
    return reply
      .header("Content-Disposition", `attachment; filename="${c.name}-bag.zip"`)
      .type("application/zip")
      .send(await collectionBag(catalog, c, options));
  });

  // ── API ─────────────────────────────────────────────────────────────────────────────────
  app.get("/api/collections", async (_request, reply) =>
    json(reply, {
      collections: catalog.collections.map((c) => ({
        name: c.name,
        pages: c.index.size,
        indexedThrough: c.index.position,
        downloads: {
          wacz: paths.collectionDownload(c.name, "wacz"),
          bag: paths.collectionDownload(c.name, "bag.zip"),
        },
      })),
    }),
  );

  app.get("/api/search", async (request, reply) => {
    const result = catalog.search(parseSearchParams(query(request)));
    return json(reply, {
      query: result.query,
      terms: result.terms,
      total: result.total,
      pages: result.pages,
      indexing: result.indexing,
      items: result.items.map((item) => ({
        collection: item.collection,
        ...item.doc,
        highlight: { headline: item.headline, snippet: item.snippet },
        links: {
          page: `/c/${item.collection}/${item.doc.slug}`,
          api: `/api/articles/${item.collection}/${item.doc.slug}`,
        },
      })),
      facets: result.facets,
    });
  });

  app.get<{ Params: { collection: string; slug: string; part?: string } }>(
    "/api/articles/:collection/:slug",
    async (request, reply) => {
      const view = catalog.article(request.params.collection, request.params.slug);
      if (view === null) throw notFound("article");
      return json(reply, {
        collection: view.collection,
        ...view.doc,
        bodyText: view.article.bodyText,
        extras: view.extras,
        jsonld: view.jsonld === null ? null : (JSON.parse(view.jsonld) as unknown),
        captures: view.captures.map(captureJson),
        changes: view.changes,
      });
    },
  );
  app.get<{ Params: { collection: string; slug: string; part: string } }>(
    "/api/articles/:collection/:slug/:part",
    async (request, reply) => {
      const view = catalog.article(request.params.collection, request.params.slug);
      if (view === null) throw notFound("article");
      if (request.params.part === "captures")
        return json(reply, { captures: view.captures.map(captureJson) });
      if (request.params.part === "changes") return json(reply, { changes: view.changes });
      throw notFound("part of an article");
    },
  );

  app.get("/api/authors", async (request, reply) => {
    const params = query(request);
    const person = catalog.person(params.get("name") ?? "");
    if (person === null) throw notFound("author of that name");
    params.delete("name");
    const result = catalog.search(listing(params, "author", person.name));
    return json(reply, {
      person,
      total: result.total,
      items: result.items.map((i) => ({ collection: i.collection, ...i.doc })),
    });
  });

  return app;
}

function captureJson(c: import("@vellum/crawl").CaptureRecord) {
  return {
    id: c.id,
    url: c.url,
    startedAt: c.startedAt,
    status: c.status,
    outcome: c.outcome,
    finalUrl: c.finalUrl,
    redirects: c.redirects,
    bytes: c.bytes,
    error: c.error,
    record:
      c.record === null
        ? null
        : {
            type: c.record.type,
            date: c.record.date,
            mime: c.record.mime,
            payloadDigest: c.record.payloadDigest,
            warcRecordId: c.record.warc.recordId,
          },
  };
}

export interface ServeOptions extends Omit<CatalogServerOptions, "catalog"> {
  readonly dirs: readonly string[];
  /** Default 8080; 0 for any free port. */
  readonly port?: number;
  /** Default 127.0.0.1. Any other address needs `token` or `public`. */
  readonly host?: string;
  /** Serve without a token on a non-loopback address (anyone who reaches it reads everything). */
  readonly public?: boolean;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/**
 * Opens the collections and serves them. Safe by default: loopback only unless a host is named,
 * and then only with a token or an explicit `public`.
 */
export async function serveCatalog(options: ServeOptions): Promise<{
  readonly url: string;
  readonly server: FastifyInstance;
  close(): Promise<void>;
}> {
  const host = options.host ?? "127.0.0.1";
  if (!LOOPBACK.has(host) && options.token === undefined && options.public !== true) {
    throw new VellumError("usage", "Serving beyond this machine needs a token", {
      value: `--host ${host}`,
      hint: "add --token SECRET (or --public to let anyone who reaches it read everything)",
    });
  }
  const catalog = Catalog.open({ dirs: options.dirs });
  const server = createCatalogServer({ ...options, catalog });
  try {
    await server.listen({ port: options.port ?? 8080, host });
  } catch (cause) {
    await server.close();
    catalog.close();
    throw new VellumError("io", "Cannot listen on this address", {
      value: `${host}:${options.port ?? 8080}`,
      hint: "choose another --port, or stop what is using it",
      cause,
    });
  }
  const address = server.server.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/`,
    server,
    close: async () => {
      await server.close();
      catalog.close();
    },
  };
}
