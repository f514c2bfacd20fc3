/**
 * Subjects of an exchange (docs/architecture.md, "Subjects"): a person, given by the FranceConnect identity
 * pivot, or a company, given by its SIREN or SIRET. `subjectRef` turns either into the opaque
 * reference the ledger stores (invariant 4: no personal data in clear), the same whichever way
 * the subject arrived — API Particulier v3 parameters on the exchange path, or the claims of a
 * citizen who logs in with FranceConnect.
 */
import { createHmac } from 'node:crypto';
import { ProblemError, type ProblemItem } from './problems.js';
import { isValidSiren, isValidSiret, sirenOf } from './siret.js';

/** The FranceConnect identity pivot (OpenID Connect claims of FranceConnect). */
export interface PersonPivot {
  family_name: string;
  /** Every given name, space-separated, in civil-registry order. */
  given_name: string;
  /** YYYY-MM-DD. */
  birthdate: string;
  gender: 'male' | 'female';
  /** COG code of the birth commune; '' when born abroad. */
  birthplace: string;
  /** COG code of the birth country; '99100' is France. */
  birthcountry: string;
}

export type Subject = { kind: 'person'; pivot: PersonPivot } | { kind: 'company'; siren: string };

export const COG_FRANCE = '99100';

/**
 * A name as the civil registry compares it: accents and other combining marks removed,
 * ligatures spelled out, upper case, any character other than a letter (hyphen, apostrophe,
 * dot) read as a separator, runs of separators collapsed to one space, trimmed.
 */
export function canonicalName(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[Œœ]/g, 'OE')
    .replace(/[Ææ]/g, 'AE')
    .replace(/ß/g, 'SS')
    .toUpperCase()
    .replace(/[^\p{L}]+/gu, ' ')
    .trim();
}

/** The canonical text of a person's identity: the six pivot fields, canonicalised, `|`-separated. */
export function canonicalPerson(pivot: PersonPivot): string {
  const country = pivot.birthcountry.trim().toUpperCase();
  // Born abroad: the commune is meaningless (FranceConnect sends '').
  const place = country === COG_FRANCE ? pivot.birthplace.trim().toUpperCase() : '';
  const gender = pivot.gender === 'female' ? 'F' : 'M';
  return [canonicalName(pivot.family_name), canonicalName(pivot.given_name), pivot.birthdate.trim(), gender, place, country].join('|');
}

/**
 * The canonical identity of a company: its SIREN (the legal unit), also when a SIRET (one of its
 * establishments) was given — a company sees every exchange about it, whatever establishment was named.
 */
export function canonicalCompany(sirenOrSiret: string): string {
  const v = sirenOrSiret.replace(/\s+/g, '');
  if (isValidSiret(v)) return sirenOf(v);
  if (isValidSiren(v)) return v;
  throw new ProblemError('client.invalid_siret', { detail: 'SIREN ou SIRET invalide.' });
}

/** The canonical identity of a subject. */
export function canonicalSubject(subject: Subject): string {
  return subject.kind === 'person' ? canonicalPerson(subject.pivot) : canonicalCompany(subject.siren);
}

/** subject_ref = HMAC-SHA256(secret, kind + ':' + canonical identity), lower-case hex. */
export function subjectRef(secret: string, subject: Subject): string {
  if (secret.length < 32) throw new TypeError('subjectRef: the secret must have at least 32 characters');
  return createHmac('sha256', secret)
    .update(`${subject.kind}:${canonicalSubject(subject)}`)
    .digest('hex');
}

/** Names of the person parameters of API Particulier v3, as they appear in a query string. */
export const PARTICULIER_IDENTITY_PARAMS = [
  'nomNaissance',
  'prenoms[]',
  'anneeDateNaissance',
  'moisDateNaissance',
  'jourDateNaissance',
  'sexeEtatCivil',
  'codeCogInseePaysNaissance',
  'codeCogInseeCommuneNaissance',
] as const;

/** True when the query names at least one API Particulier v3 identity parameter. */
export function hasParticulierIdentity(query: Record<string, string | string[] | undefined>): boolean {
  return PARTICULIER_IDENTITY_PARAMS.some((name) => query[name] !== undefined);
}

function one(query: Record<string, string | string[] | undefined>, name: string, errors: ProblemItem[]): string {
  const v = query[name];
  if (v === undefined || v === '') errors.push({ pointer: `/${name}`, detail: 'paramètre obligatoire' });
  else if (typeof v !== 'string') errors.push({ pointer: `/${name}`, detail: 'doit apparaître une seule fois' });
  else return v;
  return '';
}

function intIn(raw: string, min: number, max: number): number | null {
  if (!/^\d{1,4}$/.test(raw)) return null;
  const n = Number(raw);
  return n >= min && n <= max ? n : null;
}

/**
 * Parses the API Particulier v3 person parameters into the identity pivot. Every violation is
 * listed (`client.invalid_parameter`, one item per parameter). The date must exist in the calendar.
 */
export function parseParticulierIdentity(query: Record<string, string | string[] | undefined>): PersonPivot {
  const errors: ProblemItem[] = [];
  const family = one(query, 'nomNaissance', errors);
  const rawGiven = query['prenoms[]'];
  const given = (typeof rawGiven === 'string' ? [rawGiven] : (rawGiven ?? [])).filter((p) => p.trim() !== '');
  if (given.length === 0) errors.push({ pointer: '/prenoms[]', detail: 'au moins un prénom' });
  const year = intIn(one(query, 'anneeDateNaissance', errors), 1800, 2200);
  const month = intIn(one(query, 'moisDateNaissance', errors), 1, 12);
  const day = intIn(one(query, 'jourDateNaissance', errors), 1, 31);
  const sex = one(query, 'sexeEtatCivil', errors);
  const country = one(query, 'codeCogInseePaysNaissance', errors).toUpperCase();
  const commune = typeof query.codeCogInseeCommuneNaissance === 'string' ? query.codeCogInseeCommuneNaissance.toUpperCase() : '';
  if (year === null && !errors.some((e) => e.pointer === '/anneeDateNaissance'))
    errors.push({ pointer: '/anneeDateNaissance', detail: 'année invalide' });
  if (month === null && !errors.some((e) => e.pointer === '/moisDateNaissance'))
    errors.push({ pointer: '/moisDateNaissance', detail: 'mois invalide (1 à 12)' });
  if (day === null && !errors.some((e) => e.pointer === '/jourDateNaissance'))
    errors.push({ pointer: '/jourDateNaissance', detail: 'jour invalide' });
  if (sex && sex !== 'M' && sex !== 'F') errors.push({ pointer: '/sexeEtatCivil', detail: 'M ou F' });
  if (country && !/^99\d{3}$/.test(country)) errors.push({ pointer: '/codeCogInseePaysNaissance', detail: 'code COG pays (99XXX)' });
  if (Array.isArray(query.codeCogInseeCommuneNaissance))
    errors.push({ pointer: '/codeCogInseeCommuneNaissance', detail: 'doit apparaître une seule fois' });
  else if (country === COG_FRANCE && !/^(\d{5}|2[AB]\d{3})$/.test(commune))
    errors.push({ pointer: '/codeCogInseeCommuneNaissance', detail: 'code COG commune obligatoire pour une naissance en France' });
  let birthdate = '';
  if (year !== null && month !== null && day !== null) {
    const d = new Date(Date.UTC(year, month - 1, day));
    if (d.getUTCMonth() !== month - 1) errors.push({ pointer: '/jourDateNaissance', detail: 'date inexistante' });
    birthdate = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
  if (errors.length > 0) {
    throw new ProblemError('client.invalid_parameter', { detail: errors.map((e) => `${e.pointer}: ${e.detail}`).join('; '), errors });
  }
  return {
    family_name: family,
    given_name: given.join(' '),
    birthdate,
    gender: sex === 'F' ? 'female' : 'male',
    birthplace: country === COG_FRANCE ? commune : '',
    birthcountry: country,
  };
}
