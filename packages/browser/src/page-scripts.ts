/*
 * Code that runs inside the page, kept as source text: this package is compiled for Node and has
 * no DOM types, and `page.evaluate` takes an expression as well as a function.
 */

/**
 * Scrolls one screen down, waits two frames (lazy loaders react to a scroll in the next frame),
 * and answers true when the page cannot scroll further.
 */
export const SCROLL_ONE_SCREEN = `new Promise((resolve) => {
  const root = document.scrollingElement || document.documentElement;
  const before = root.scrollTop;
  window.scrollBy(0, window.innerHeight);
  requestAnimationFrame(() => requestAnimationFrame(() =>
    resolve(root.scrollTop === before || root.scrollTop + window.innerHeight >= root.scrollHeight - 2)));
})`;

export const SCROLL_TO_TOP = "window.scrollTo(0, 0)";

/** The size of the whole document, for a full-page screenshot. */
export const PAGE_SIZE = `(() => {
  const root = document.scrollingElement || document.documentElement;
  return { width: root.scrollWidth, height: root.scrollHeight };
})()`;
