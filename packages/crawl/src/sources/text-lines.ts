import type { RawEntry } from "./entries.js";
import type { ProblemTally } from "./problems.js";

/**
 * Lines of a text stream, each at most `maxLine` characters: a longer one (a minified file, a
 * binary served as text, an attack) is skipped while it streams past, never collected, and
 * counted into a `line-too-long` warning.
 */
export interface Line {
  readonly text: string;
  /** 1-based. */
  readonly number: number;
}

export async function* lines(
  chunks: AsyncIterable<string>,
  maxLine: number,
  tally: ProblemTally,
): AsyncGenerator<Line, void, undefined> {
  let partial = "";
  let skipping = false;
  let number = 0;
  const tooLong = () =>
    tally.add(
      "line-too-long",
      `lines longer than ${maxLine.toLocaleString("en-US")} characters skipped`,
      "one URL per line is expected; the file may be something else",
      `line ${number}`,
    );
  for await (const chunk of chunks) {
    let from = 0;
    for (;;) {
      const newline = chunk.indexOf("\n", from);
      if (newline === -1) {
        if (!skipping) {
          partial += chunk.slice(from);
          if (partial.length > maxLine) {
            skipping = true;
            partial = "";
          }
        }
        break;
      }
      number += 1;
      if (skipping) {
        skipping = false;
        tooLong();
      } else {
        const line = partial + chunk.slice(from, newline);
        partial = "";
        if (line.length > maxLine) tooLong();
        else yield { text: line, number };
      }
      from = newline + 1;
    }
  }
  number += 1;
  if (skipping) tooLong();
  else if (partial !== "") yield { text: partial, number };
}

/**
 * A plain-text sitemap (one absolute URL per line, sitemaps.org "Text file") or a URL list
 * (the same, with `#` comments). Relative lines are not guessed at: they are reported.
 */
export async function* readTextUrls(
  chunks: AsyncIterable<string>,
  maxLine: number,
  tally: ProblemTally,
  counter: { entries: number },
  onComment?: () => void,
): AsyncGenerator<RawEntry, void, undefined> {
  for await (const raw of lines(chunks, maxLine, tally)) {
    const line = raw.text.trim();
    if (line.startsWith("#")) onComment?.();
    if (line === "" || line.startsWith("#")) continue;
    counter.entries += 1;
    yield { type: "page", loc: line, base: "", line: raw.number };
  }
}
