import type { CheerioAPI } from "cheerio";

const probe = ($: CheerioAPI) => $("a").toArray()[0];
/**
 * domhandler's `Element`, taken from cheerio's own signatures: domhandler is not a direct
 * dependency of this package, and pnpm's strict layout does not let us import it by name.
 */
export type Element = NonNullable<ReturnType<typeof probe>>;
