/** The page's language as BCP 47. */
import { headerValue } from "@vellum/model";
import { metaProvenance } from "../structured/meta.js";
import type { Found, Page } from "./page.js";
import { ldProp, ldText } from "./page.js";

/** BCP 47 from `<html lang>`, `Content-Language`, `og:locale`, `inLanguage`; `en_US` → `en-US`. */
export function language(page: Page): Found<string> | null {
  const norm = (s: string | null | undefined): string | null => {
    const t =
      (s ?? "")
        .trim()
        .split(/[,;\s]/)[0]
        ?.replace(/_/g, "-") ?? "";
    if (!/^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$/i.test(t)) return null;
    const [lang, ...rest] = t.split("-");
    return [
      lang?.toLowerCase(),
      ...rest.map((r) =>
        r.length === 2
          ? r.toUpperCase()
          : r.length === 4
            ? r[0]?.toUpperCase() + r.slice(1).toLowerCase()
            : r,
      ),
    ].join("-");
  };
  const html = norm(page.htmlLang);
  if (html) return { value: html, source: "meta" };
  const ld = norm(ldText(page, ldProp(page, "inLanguage")));
  if (ld) return { value: ld, source: "jsonld" };
  const header = norm(headerValue(page.headers, "content-language"));
  if (header) return { value: header, source: "http" };
  const m = page.meta.first([
    "content-language",
    "og:locale",
    "language",
    "dc.language",
    "dcterms.language",
  ]);
  const mv = m ? norm(m.value) : null;
  return mv && m ? { value: mv, source: metaProvenance(m.key) } : null;
}
