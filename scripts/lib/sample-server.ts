import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { loadSamples, type Sample } from "./samples.js";

export interface SampleServer {
  /** e.g. `http://127.0.0.1:41234` */
  readonly origin: string;
  readonly samples: readonly Sample[];
  /** The loopback URL a sample is served at. */
  urlOf(sample: Sample): string;
  /** `/sitemap.xml`, listing every sample. */
  readonly sitemapUrl: string;
  /**
   * Serves a sample edited from now on: `edit` gets its page bytes and answers new ones (the
   * demo changes a sentence, then recaptures).
   */
  edit(slug: string, edit: (page: Buffer) => Buffer): void;
  close(): Promise<void>;
}

/**
 * Serves every sample at `/<slug>/` on a loopback port, with the response headers its meta.json
 * records (so a charset declared only in HTTP arrives only in HTTP), and a permissive robots.txt.
 */
export interface SampleServerOptions {
  readonly samplesDir?: string;
  /** A port to try first (so output paths repeat from run to run); any free port if it is taken. */
  readonly port?: number;
}

export async function startSampleServer(options: SampleServerOptions = {}): Promise<SampleServer> {
  const samplesDir = options.samplesDir;
  const samples = loadSamples(samplesDir);
  const bySlug = new Map(samples.map((s) => [s.slug, s]));
  const edited = new Map<string, Buffer>();
  let origin = "";
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path === "/robots.txt") {
      res.writeHead(200, { "Content-Type": "text/plain" }).end("User-agent: *\nAllow: /\n");
      return;
    }
    if (path === "/sitemap.xml") {
      const urls = samples.map((s) => `<url><loc>${origin}/${s.slug}/</loc></url>`).join("");
      res
        .writeHead(200, { "Content-Type": "application/xml" })
        .end(
          `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${urls}</urlset>`,
        );
      return;
    }
    const slug = /^\/([a-z0-9-]+)\/?$/.exec(path)?.[1];
    const sample = slug === undefined ? undefined : bySlug.get(slug);
    if (sample === undefined) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
      return;
    }
    if (!path.endsWith("/")) {
      res.writeHead(301, { Location: `/${sample.slug}/` }).end();
      return;
    }
    const page = edited.get(sample.slug) ?? sample.page;
    res.writeHead(200, [...sample.headers.flat(), "Content-Length", String(page.byteLength)]);
    res.end(page);
  });
  await listen(server, options.port ?? 0).catch(() => listen(server, 0));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    samples,
    urlOf: (sample) => `${origin}/${sample.slug}/`,
    sitemapUrl: `${origin}/sitemap.xml`,
    edit(slug, edit) {
      const sample = bySlug.get(slug);
      if (sample !== undefined)
        edited.set(slug, edit(edited.get(slug) ?? Buffer.from(sample.page)));
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const onError = (error: Error) => reject(error);
    server.once("error", onError);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", onError);
      resolve();
    });
  });
}
