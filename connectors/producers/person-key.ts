import { canonicalText } from '../text.js';

/**
 * How the demo legacy systems match a person: canonical birth name, canonical given names,
 * birth date `YYYYMMDD`, sex `M`/`F`. Each legacy system applies it to its own fields.
 */
export function legacyPersonKey(nom: string, prenoms: string, dateNaissance: string, sexe: string): string {
  return [canonicalText(nom), canonicalText(prenoms), dateNaissance.replaceAll('-', ''), sexe].join('|');
}
