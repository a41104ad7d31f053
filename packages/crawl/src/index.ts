export type { RenderJsonLdOptions } from "./render.js";
export {
  articleFiles,
  articleJson,
  renderArticleJson,
  renderJsonLd,
  renderMarkdown,
} from "./render.js";
export type { SnapshotEvent } from "./snapshot/events.js";
export type { SnapshotOptions } from "./snapshot/run.js";
export { snapshot } from "./snapshot/run.js";
export { slugFor } from "./snapshot/slug.js";
