import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { countingIds, fixedClock } from "@vellum/model";
import { derivedUri, WarcWriter } from "../src/index.js";
import { exchange } from "./helpers.js";

/** Writes a small snapshot directory in the layout `vellum snapshot --out` uses. */
export async function writeFixtureSnapshot(dir: string): Promise<void> {
  const writer = await WarcWriter.open({
    dir: join(dir, "warc"),
    prefix: "snap",
    clock: fixedClock("2026-11-25T10:00:00Z"),
    ids: countingIds(),
    info: { software: "Vellum/0.1.0", robots: "obey" },
  });
  const pages = [
    [
      "https://news.example/2026/11/a-story",
      "A story",
      "<html><title>A story</title><p>Once.</p></html>",
    ],
    [
      "https://www.example.org/b?z=2&a=1",
      "B side",
      "<html><title>B side</title><p>Twice.</p></html>",
    ],
  ] as const;
  const urls = [];
  for (const [i, [url, headline, html]] of pages.entries()) {
    const startedAt = `2026-11-25T10:0${i}:00Z`;
    const loc = await writer.writeExchange(
      exchange(url, html, {
        startedAt,
        ipAddress: `192.0.2.${i + 1}`,
        tls: {
          protocol: "TLSv1.3",
          subject: "CN=example",
          issuer: "CN=Test CA",
          validFrom: "2026-01-01T00:00:00Z",
          validTo: "2027-01-01T00:00:00Z",
        },
      }),
    );
    await writer.writeExchange(
      exchange(`${new URL(url).origin}/style.css`, "p{margin:0}", {
        startedAt,
        responseHeaders: [["Content-Type", "text/css"]],
      }),
    );
    await writer.writeMetadata({
      targetUri: derivedUri("article", url),
      concurrentTo: loc.response.recordId,
      refersTo: loc.response.recordId,
      contentType: "application/json",
      body: new TextEncoder().encode(JSON.stringify({ headline })),
    });
    const slug = `page-${i}`;
    const articleDir = join(dir, "articles", slug);
    await mkdir(articleDir, { recursive: true });
    await writeFile(join(articleDir, "article.json"), `${JSON.stringify({ url, headline })}\n`);
    await writeFile(
      join(articleDir, "article.jsonld"),
      `${JSON.stringify({ "@type": "NewsArticle", headline })}\n`,
    );
    await writeFile(join(articleDir, "article.md"), `# ${headline}\n`);
    await writeFile(join(articleDir, "article.html"), html);
    urls.push({
      url,
      outcome: "ok",
      status: 200,
      finalUrl: url,
      articleDir: `articles/${slug}`,
      startedAt,
      error: null,
    });
  }
  await writer.close();
  await writeFile(
    join(dir, "report.json"),
    `${JSON.stringify(
      {
        software: "Vellum/0.1.0",
        startedAt: "2026-11-25T10:00:00Z",
        finishedAt: "2026-11-25T10:02:00Z",
        robots: "obey",
        interrupted: false,
        warcFiles: writer.files.map((f) => `warc/${f}`),
        urls,
      },
      null,
      2,
    )}\n`,
  );
}
