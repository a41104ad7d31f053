/** JSONPath in the bracket-light form people read: `$['@graph'][1].author[0]`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === "number") return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key)
    ? `${parent}.${key}`
    : `${parent}['${key.replace(/'/g, "\\'")}']`;
}
