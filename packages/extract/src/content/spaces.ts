/** Whitespace that collapsing would change: anything but single spaces. */
const LOOSE_SPACE = /[^\S ]| {2}/u;

/**
 * Runs of whitespace as one space, as `text.replace(/\s+/gu, " ")` answers them, without its
 * cost on large bodies. Text that needs no change (most of a clean body) is answered as it is: a
 * slice of the page, no copy. And `replace` answers a rope of every piece between the runs (V8
 * joins them lazily), about a kilobyte per text node until something reads it flat: on a 20 MB
 * page that was some 270 MB of clean tree, and as much again of garbage in each rendering.
 * `split` and `join` answer one flat string.
 */
export function collapseSpaces(text: string): string {
  return LOOSE_SPACE.test(text) ? text.split(/\s+/u).join(" ") : text;
}
