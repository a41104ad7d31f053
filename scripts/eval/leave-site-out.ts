/**
 * Leave-site-out scoring of the learned rankers: the dev pages' candidates are gathered once,
 * trees are fitted on nine folds of sites and the tenth fold's pages are extracted with them, so
 * every page is scored by a model that never saw a page of its site.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ExtractOptions } from "@vellum/extract";
import type { RankModel } from "../../packages/extract/src/metadata/authors/rank.js";
import { AUTHOR_MODEL } from "../../packages/extract/src/metadata/authors/rank.js";
import {
  AUTHOR_PARAMS,
  type PageCandidates,
  pageCandidates,
  trainAuthorModel,
} from "../train/authors.js";
import { evalMetadata, type MetadataResult } from "./run.js";

interface Expectation {
  readonly author?: string[];
}

/** Every dev page with an expected author, with its candidates; and how many there are. */
export async function collectAuthorPages(
  dir: string,
  limit: number | null = null,
): Promise<{ pages: PageCandidates[]; total: number; result: MetadataResult }> {
  const expected = JSON.parse(await readFile(join(dir, "expected.json"), "utf8")) as Record<
    string,
    Expectation
  >;
  const pages: PageCandidates[] = [];
  const result = await evalMetadata(dir, {
    limit,
    optionsFor: (key, fold): ExtractOptions => {
      const want = expected[key]?.author;
      if (!want) return {};
      return {
        onAuthorCandidates: (candidates) => {
          pages.push(pageCandidates(key, fold, want, candidates));
        },
      };
    },
  });
  const total = result.rows.filter((r) => r.outcomes.author !== undefined).length;
  return { pages, total, result };
}

/**
 * The dev figures with the bundled model, and the leave-site-out figures: each page extracted
 * with trees fitted on the other folds (the bundled model's threshold, chosen by the same
 * site-grouped cross-validation).
 */
export async function evalLeaveSiteOut(
  dir: string,
  limit: number | null,
): Promise<{ dev: MetadataResult; leaveSiteOut: MetadataResult }> {
  const { pages, result } = await collectAuthorPages(dir, limit);
  const folds = [...new Set(result.rows.map((r) => r.fold))];
  const models = new Map<number, RankModel>();
  for (const k of folds)
    models.set(
      k,
      trainAuthorModel(
        pages.filter((p) => p.fold !== k),
        AUTHOR_PARAMS,
        AUTHOR_MODEL.threshold,
      ),
    );
  const leaveSiteOut = await evalMetadata(dir, {
    limit,
    optionsFor: (_key, fold): ExtractOptions => {
      const model = models.get(fold);
      return model ? { authorModel: model } : {};
    },
  });
  return { dev: result, leaveSiteOut };
}
