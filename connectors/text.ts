/**
 * Canonical form of a name, as docs/architecture.md ("Subjects") defines it: upper case, no accents,
 * single spaces, typographic apostrophes folded. Legacy referentials are matched on it.
 */
export function canonicalText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘`]/g, "'")
    .toUpperCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** `YYYY-MM-DD` -> `YYYYMMDD` (the legacy packed date). */
export function compactDate(iso: string): string {
  return iso.replaceAll('-', '');
}
