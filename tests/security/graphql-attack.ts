/** The hostile document of the GraphQL alias attack, shared by the limit and isolation tests. */

/** `apis { endpoints { fields } versions scopes fieldLinks }` under `n` aliases (300: about 35 KB); `prefix` varies the document. */
export function aliasAttack(n = 300, prefix = 'a'): string {
  const one = (i: number) =>
    `${prefix}${i}: apis { endpoints { fields } versions { version } scopes { name pointers } fieldLinks { pointer dataElementId } }`;
  return `{ ${Array.from({ length: n }, (_, i) => one(i)).join(' ')} }`;
}
