import { createHash } from "node:crypto";
import { siteRoot } from "./urls.js";

/**
 * Node `@id`s in the pattern Yoast made standard: the page URL with a fragment for page-level
 * nodes, the site root with `#/schema/...` for site-level ones. Deterministic: the same input
 * always gives the same ids.
 */
export interface GraphIds {
  readonly page: string;
  readonly site: string | null;
  readonly webpage: string;
  readonly article: string;
  readonly primaryImage: string;
  readonly breadcrumb: string;
  readonly website: string;
  readonly organization: string;
  readonly logo: string;
  person(name: string, url: string | null): string;
  /** A node for an organization that authored the piece and is not the publisher. */
  organizationNamed(name: string): string;
}

/** A stable short hash of a name: case and spacing do not change it. */
export function nameHash(name: string): string {
  const key = name.normalize("NFKC").replace(/\s+/gu, " ").trim().toLowerCase();
  return createHash("sha256").update(key).digest("hex").slice(0, 32);
}

export function graphIds(pageUrl: string | null, siteUrl: string | null): GraphIds {
  // Without a URL the ids are blank nodes: still linked inside the graph, never pretending to be IRIs.
  const page = pageUrl ?? "_:page";
  const site = siteUrl ?? (pageUrl === null ? null : siteRoot(pageUrl));
  const at = (fragment: string) =>
    pageUrl === null ? `_:${fragment}` : `${pageUrl.split("#")[0]}#${fragment}`;
  const siteAt = (path: string) =>
    site === null ? `_:${path.replace(/[^a-z0-9]+/gi, "-")}` : `${site}#${path}`;
  return {
    page,
    site,
    webpage: at("webpage"),
    article: at("article"),
    primaryImage: at("primaryimage"),
    breadcrumb: at("breadcrumb"),
    website: siteAt("website"),
    organization: siteAt("organization"),
    logo: siteAt("/schema/logo/image/"),
    person: (name, url) => url ?? siteAt(`/schema/person/${nameHash(name)}`),
    organizationNamed: (name) => siteAt(`/schema/organization/${nameHash(name)}`),
  };
}
