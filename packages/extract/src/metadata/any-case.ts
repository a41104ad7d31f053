/**
 * Case-insensitive matching spelled out, for an expression whose `i` flag is costly to compile.
 * V8 compiles a Unicode expression with `i` by closing every letter and every class over Unicode
 * case (ICU): for an alternation of words beside several `\p{L}` classes that took a cold process
 * several milliseconds, the same expression with the letters' case written out about a third.
 * Written out, it matches exactly what the `i` flag would (a test tries every code point).
 */

/**
 * `words` (ASCII letters and expression syntax, no escapes) with each letter matching what it
 * matches under `iu`: itself in both cases, and K also KELVIN SIGN (U+212A), s also LONG S (U+017F).
 */
export function anyCase(words: string): string {
  if (/[\\[\]]|[^ -~]/.test(words))
    throw new Error(`anyCase takes ASCII words and syntax only, not ${words}`);
  return words.replace(/[a-z]/gi, (c) => {
    const lower = c.toLowerCase();
    const upper = c.toUpperCase();
    if (lower === "k") return "[kK\\u212a]";
    if (lower === "s") return "[sS\\u017f]";
    return `[${lower}${upper}]`;
  });
}

/**
 * `\p{L}` as a class's content under the `i` flag: the letters, and COMBINING GREEK YPOGEGRAMMENI
 * (U+0345), which is no letter but folds to ι.
 */
export const LETTER_ANY_CASE = "\\p{L}\\u0345";
