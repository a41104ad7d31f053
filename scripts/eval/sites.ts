/**
 * Sites and folds for leave-site-out scoring. A page's site is the registrable domain of its URL
 * (the public suffix plus one label: `www.zeit.de` and `blog.zeit.de` are one site,
 * `a.blogspot.com` and `b.blogspot.com` two), so no page of a site is ever scored by a model
 * trained on another page of the same site.
 */
import { getDomain } from "tldts";

/** `https://web.archive.org/web/2019…/https://example.com/x`: the archived page's own URL. */
const WAYBACK = /^https?:\/\/web\.archive\.org\/web\/[^/]*\/(.+)$/iu;

/** The registrable domain of the page's URL; an archive's copy counts as the archived site. */
export function siteOf(url: string): string {
  const archived = WAYBACK.exec(url.trim())?.[1];
  const target = archived
    ? /^https?:\/\//iu.test(archived)
      ? archived
      : `http://${archived}`
    : url;
  let host = "";
  try {
    host = new URL(target).hostname.toLowerCase();
  } catch {
    return url.trim().toLowerCase();
  }
  // An IP address or a host with no public suffix is its own site.
  return getDomain(host, { allowPrivateDomains: true }) ?? host;
}

/** The number of folds `pnpm eval` and `pnpm train` split the sites into. */
export const FOLDS = 10;

/** FNV-1a: a fixed, platform-independent hash, so a site keeps its fold across runs. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * Folds of whole sites, balanced by page count: sites in hash order, each to the fold with the
 * fewest pages so far (ties to the lowest fold). The same pages give the same folds every run.
 */
export function assignFolds(
  siteOfPage: ReadonlyMap<string, string>,
  folds = FOLDS,
): Map<string, number> {
  const pagesPerSite = new Map<string, number>();
  for (const site of siteOfPage.values()) pagesPerSite.set(site, (pagesPerSite.get(site) ?? 0) + 1);
  // Big sites first, so the greedy fill stays balanced; then by hash, then name, for stability.
  const sites = [...pagesPerSite.keys()].sort(
    (a, b) =>
      (pagesPerSite.get(b) ?? 0) - (pagesPerSite.get(a) ?? 0) ||
      hash(a) - hash(b) ||
      (a < b ? -1 : 1),
  );
  const load = new Array<number>(folds).fill(0);
  const foldOfSite = new Map<string, number>();
  for (const site of sites) {
    let best = 0;
    for (let f = 1; f < folds; f++) if ((load[f] ?? 0) < (load[best] ?? 0)) best = f;
    foldOfSite.set(site, best);
    load[best] = (load[best] ?? 0) + (pagesPerSite.get(site) ?? 0);
  }
  const out = new Map<string, number>();
  for (const [page, site] of siteOfPage) out.set(page, foldOfSite.get(site) ?? 0);
  return out;
}
