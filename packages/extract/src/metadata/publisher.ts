/** The publisher: JSON-LD, microdata, else the site name. */
import type { Organization } from "@vellum/model";
import { absoluteUrl } from "@vellum/model";
import { isObject, localTypesOf } from "../structured/jsonld.js";
import { clean } from "../structured/normalize.js";
import { spacedText } from "../structured/walk.js";
import { ldImageRef } from "./image.js";
import type { Found, Page } from "./page.js";
import { ldList, ldProp, ldText } from "./page.js";

function organizationFrom(page: Page, v: unknown): Organization | null {
  const x = page.ld.deref(Array.isArray(v) ? v[0] : v);
  if (typeof x === "string") {
    const name = clean(x);
    return name ? { type: "Organization", name, url: null, logo: null, sameAs: [] } : null;
  }
  if (!isObject(x)) return null;
  const name = ldText(page, x.name);
  if (!name) return null;
  const types = localTypesOf(x);
  const sameAs = ldList(page, x.sameAs)
    .map((s) => (typeof s === "string" ? absoluteUrl(s, page.url) : null))
    .filter((s): s is string => s !== null);
  return {
    type: types.includes("NewsMediaOrganization") ? "NewsMediaOrganization" : "Organization",
    name,
    url: typeof x.url === "string" ? absoluteUrl(x.url, page.url) : null,
    logo: x.logo === undefined ? null : ldImageRef(page, x.logo),
    sameAs,
  };
}

/** The publisher: JSON-LD `publisher`, else the site name with the site's root URL. */
export function publisher(page: Page, site: Found<string> | null): Found<Organization> | null {
  const ld = ldProp(page, "publisher");
  if (ld !== undefined) {
    const org = organizationFrom(page, ld);
    if (org) return { value: org, source: "jsonld" };
  }
  const md = microdataPublisher(page);
  if (md) return md;
  const pubMeta = page.meta.first([
    "article:publisher",
    "dc.publisher",
    "dcterms.publisher",
    "publisher",
  ]);
  const name =
    site?.value ?? (pubMeta && !/^https?:/i.test(pubMeta.value) ? clean(pubMeta.value) : null);
  if (!name) return null;
  let url: string | null = null;
  try {
    url = page.url ? new URL("/", page.url).href : null;
  } catch {
    url = null;
  }
  return {
    value: { type: "Organization", name, url, logo: null, sameAs: [] },
    source: site?.source ?? "meta",
  };
}

/** `itemprop=publisher` with an Organization scope: its name, url and logo. */
function microdataPublisher(page: Page): Found<Organization> | null {
  for (const p of page.props.get("publisher")) {
    const a = p.el.attribs;
    if (a.itemscope === undefined && a.typeof === undefined) {
      const name = clean(p.value);
      if (name && name.length < 100)
        return {
          value: { type: "Organization", name, url: null, logo: null, sameAs: [] },
          source: p.source,
        };
      continue;
    }
    const $el = page.$(p.el);
    const nameEl = $el.find("[itemprop~=name], [property~=name]").get(0);
    const name = nameEl ? clean(nameEl.attribs.content ?? spacedText(nameEl, 200)) : null;
    if (!name) continue;
    const urlEl = $el.children("[itemprop~=url]").get(0);
    const logoEl = $el.find("[itemprop~=logo]").get(0);
    const logoUrl = logoEl
      ? (logoEl.attribs.src ??
        logoEl.attribs.href ??
        logoEl.attribs.content ??
        page.$(logoEl).find("[itemprop~=url]").attr("href") ??
        page.$(logoEl).find("[itemprop~=url]").attr("content") ??
        page.$(logoEl).find("img").attr("src"))
      : undefined;
    const logo = absoluteUrl(logoUrl, page.url);
    const type = /NewsMediaOrganization/.test(a.itemtype ?? a.typeof ?? "")
      ? "NewsMediaOrganization"
      : "Organization";
    return {
      value: {
        type,
        name,
        url: absoluteUrl(urlEl?.attribs.href ?? urlEl?.attribs.content, page.url),
        logo: logo ? { url: logo, width: null, height: null, caption: null } : null,
        sameAs: [],
      },
      source: p.source,
    };
  }
  return null;
}
