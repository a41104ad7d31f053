/**
 * The peer of `pnpm bench startup`: what a user of Readability.js runs instead of
 * `vellum extract`: a plain Node script that reads each saved page (gunzipping a .gz, as vellum
 * does), parses it with linkedom, runs @mozilla/readability and prints one JSON line per page.
 * Plain JavaScript run by `node`, so its whole-process time has no transpiler in it.
 */
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";

for (const file of process.argv.slice(2)) {
  const raw = readFileSync(file);
  const html = (file.endsWith(".gz") ? gunzipSync(raw) : raw).toString("utf8");
  const { document } = parseHTML(html);
  const article = new Readability(document).parse();
  process.stdout.write(
    `${JSON.stringify({
      title: article?.title ?? null,
      byline: article?.byline ?? null,
      published: article?.publishedTime ?? null,
      text: article?.textContent ?? null,
    })}\n`,
  );
}
