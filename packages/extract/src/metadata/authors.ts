/** Authors of the article: the rules live in ./authors/, one module for each kind of evidence. */
export { attachBios, authors } from "./authors/index.js";
