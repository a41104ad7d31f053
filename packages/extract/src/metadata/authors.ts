/** Authors of the article: the rules live in ./authors/, one module for each kind of evidence. */
export { attachBios, authors, bioTexts, withBios } from "./authors/index.js";
