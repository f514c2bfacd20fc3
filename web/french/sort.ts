/** Sorting as a French reader expects: accents and case do not push « É… » after « Z… »; numbers in order. */
export const FRENCH_COLLATOR = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/** Compares two strings in French order. */
export function compareFr(a: string, b: string): number {
  return FRENCH_COLLATOR.compare(a, b);
}

/** A sorted copy of `items`, by the French order of `key(item)`. */
export function sortFr<T>(items: readonly T[], key: (item: T) => string): T[] {
  return [...items].sort((a, b) => FRENCH_COLLATOR.compare(key(a), key(b)));
}
