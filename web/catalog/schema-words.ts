/** A data element's JSON Schema told in words (« texte de 9 caractères au plus, au format date »). */

const TYPES: Record<string, string> = {
  string: 'texte',
  integer: 'nombre entier',
  number: 'nombre',
  boolean: 'oui ou non',
  array: 'liste',
  object: 'ensemble de champs',
  null: 'vide',
};
const FORMATS: Record<string, string> = {
  date: 'date (AAAA-MM-JJ)',
  'date-time': 'date et heure',
  email: 'adresse électronique',
  uri: 'adresse web',
  siret: 'SIRET (14 chiffres)',
  siren: 'SIREN (9 chiffres)',
  uuid: 'identifiant unique',
};

export function describeSchema(schema: unknown): string {
  if (typeof schema !== 'object' || schema === null) return 'format libre';
  const s = schema as Record<string, unknown>;
  const parts: string[] = [];
  const types = ([] as unknown[]).concat(s.type ?? []).map(String);
  parts.push(types.length ? types.map((t) => TYPES[t] ?? 'valeur').join(' ou ') : 'valeur');
  if (typeof s.format === 'string') parts.push(`au format ${FORMATS[s.format] ?? s.format}`);
  if (Array.isArray(s.enum)) parts.push(`parmi : ${s.enum.map((v) => String(v)).join(', ')}`);
  if (typeof s.minLength === 'number' && s.minLength > 0) parts.push(`${s.minLength} caractère(s) au moins`);
  if (typeof s.maxLength === 'number') parts.push(`${s.maxLength} caractère(s) au plus`);
  if (typeof s.minimum === 'number') parts.push(`supérieur ou égal à ${s.minimum}`);
  if (typeof s.maximum === 'number') parts.push(`inférieur ou égal à ${s.maximum}`);
  if (typeof s.pattern === 'string') parts.push('de forme imposée');
  if (s.type === 'array' && s.items) parts.push(`de : ${describeSchema(s.items)}`);
  return parts.join(', ');
}
