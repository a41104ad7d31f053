export type { AuthorBox, ContentOptions, ContentResult } from "./content/index.js";
export { extractContent } from "./content/index.js";
export type { ExtractOptions } from "./extract.js";
export { extract } from "./extract.js";
