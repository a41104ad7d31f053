/**
 * Text as a one-byte string where it fits, for a costly expression's first uses. V8 compiles an
 * expression once for one-byte and once for two-byte subjects, and for two-byte ones it spells out
 * its Unicode classes (`\p{L}`: some 650 ranges) and alternatives beyond Latin-1 in full; for
 * one-byte ones only their Latin-1 part. A page with one ’ is a two-byte string, and so is every
 * text sliced from it: short lines of Latin-1 text copied to one-byte spare a cold process the
 * two-byte compilation. The copy has the same characters, so every expression matches it alike.
 */

/** A code unit beyond Latin-1. */
const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/** `text` itself, or, when all of it is Latin-1, the same characters as a one-byte string. */
export function oneByte(text: string): string {
  return BEYOND_LATIN1.test(text) ? text : Buffer.from(text, "latin1").toString("latin1");
}
