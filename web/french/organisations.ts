/**
 * Organisation names inside a French sentence: « auprès de la Direction générale des finances
 * publiques », « du Département de la Gironde », « de l’Institut national… », « de France
 * Travail ». The article follows the name's first word (its gender and number); a proper name
 * (France Travail, a city) takes none.
 */

const FEMININE = new Set([
  'agence',
  'administration',
  'autorité',
  'caisse',
  'chambre',
  'collectivité',
  'commission',
  'commune',
  'communauté',
  'cour',
  'délégation',
  'direction',
  'école',
  'haute',
  'inspection',
  'mairie',
  'maison',
  'métropole',
  'mission',
  'mutualité',
  'plateforme',
  'préfecture',
  'région',
  'sous-direction',
  'société',
  'université',
  'ville',
]);
const MASCULINE = new Set([
  'bureau',
  'cabinet',
  'centre',
  'comité',
  'commissariat',
  'conseil',
  'conservatoire',
  'crous',
  'département',
  'établissement',
  'fonds',
  'groupement',
  'haut',
  'institut',
  'ministère',
  'musée',
  'observatoire',
  'office',
  'opérateur',
  'pôle',
  'secrétariat',
  'service',
  'syndicat',
  'tribunal',
]);
const PLURAL = new Set(['archives', 'caisses', 'services', 'hospices', 'directions', 'agences']);
/** Initial h that is not elided (« de la Haute Autorité », « du Haut Conseil »). */
const ASPIRATED = new Set(['haute', 'haut']);
/** Names used without an article. */
const PROPER = [/^france\b/i, /^pôle emploi\b/i, /^paris\b/i, /^lyon\b/i, /^marseille\b/i];

type Preposition = 'de' | 'à';

function firstWord(name: string): string {
  return (name.trim().split(/[\s’']/)[0] ?? '').toLowerCase();
}

function startsWithVowel(word: string): boolean {
  return /^[aeiouyàâäéèêëîïôöùûüœh]/i.test(word) && !ASPIRATED.has(word);
}

/** The article and preposition before a name: `de la`, `du`, `de l’`, `des`, `de` (and `à la`, `au`, `à l’`, `aux`, `à`). */
export function prepositionFor(name: string, preposition: Preposition = 'de'): string {
  const word = firstWord(name);
  const de = preposition === 'de';
  if (PROPER.some((p) => p.test(name.trim()))) return de ? 'de' : 'à';
  if (PLURAL.has(word)) return de ? 'des' : 'aux';
  const acronym = /^[A-ZÉ]{2,}$/.test(name.trim().split(/\s/)[0] ?? '');
  if ((FEMININE.has(word) || MASCULINE.has(word) || acronym) && startsWithVowel(word)) return de ? 'de l’' : 'à l’';
  if (FEMININE.has(word)) return de ? 'de la' : 'à la';
  if (MASCULINE.has(word)) return de ? 'du' : 'au';
  if (startsWithVowel(word)) return de ? 'd’' : 'à';
  return de ? 'de' : 'à';
}

/** « de la Direction générale des finances publiques » (the name keeps its own capitals). */
export function withArticle(name: string, preposition: Preposition = 'de'): string {
  const p = prepositionFor(name, preposition);
  return p.endsWith('’') ? `${p}${name.trim()}` : `${p} ${name.trim()}`;
}

/** « auprès de la Direction générale des finances publiques ». */
export function aupresDe(name: string): string {
  return `auprès ${withArticle(name, 'de')}`;
}
