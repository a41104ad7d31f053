/**
 * For the tests that hold an expression without the `i` flag to the case-insensitive one it
 * replaces: which characters a case-insensitive Unicode expression (`iu`) matches differently
 * from the same expression without `i` (`u`), found by trying every code point.
 */

/** Every Unicode scalar value as a string (surrogate code points excluded). */
export function everyCodePoint(): string[] {
  const all: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    all.push(String.fromCodePoint(cp));
  }
  return all;
}

const escaped = (c: string) => `\\u{${(c.codePointAt(0) ?? 0).toString(16)}}`;

/**
 * The characters x that some atom of an expression matches under `iu` but not under `u`: x is
 * not the literal `c` but `c` matches it case-insensitively, or x is not in `cls` but matches
 * it case-insensitively. The literals are the expression's characters (its syntax characters and
 * escape letters too: they only add candidates, each judged on its own).
 */
export function foldsApart(
  literals: Iterable<string>,
  classes: readonly string[],
  candidates: readonly string[],
): Set<string> {
  const lits = [...new Set(literals)];
  const litSet = new Set(lits);
  const anyLit = new RegExp(`^[${lits.map(escaped).join("")}]$`, "iu");
  const single = lits.map((c) => [c, new RegExp(`^${escaped(c)}$`, "iu")] as const);
  const cls = classes.map((c) => [new RegExp(`^${c}$`, "iu"), new RegExp(`^${c}$`, "u")] as const);
  const out = new Set<string>();
  for (const x of candidates) {
    const literalApart = litSet.has(x)
      ? single.some(([c, re]) => c !== x && re.test(x))
      : anyLit.test(x);
    if (literalApart || cls.some(([iu, u]) => iu.test(x) !== u.test(x))) out.add(x);
  }
  return out;
}

/** Code points as `U+XXXX` for a readable failure. */
export const codePoints = (chars: Iterable<string>): string[] =>
  [...chars].map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`);
