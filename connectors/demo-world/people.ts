import { seededRandom, type Random } from './random.js';
import { BIRTH_COMMUNES, BIRTH_COUNTRIES_ABROAD, FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from './names.js';
import { canonicalText } from '../text.js';

/** FranceConnect pivot identity of a synthetic person (docs/architecture.md, "Subjects"). */
export interface DemoPerson {
  given_name: string;
  family_name: string;
  /** YYYY-MM-DD */
  birthdate: string;
  gender: 'male' | 'female';
  /** COG commune, '' if born abroad */
  birthplace: string;
  /** COG pays, '99100' France */
  birthcountry: string;
  email: string;
}

/** A member of a household as the family-benefits producer stores it. */
export interface HouseholdMember {
  nomNaissance: string;
  prenoms: string[];
  dateNaissance: string;
  sexe: 'M' | 'F';
}

/** One synthetic person and what each demo producer holds about them (null: unknown there). */
export interface DemoWorldPerson {
  index: number;
  pivot: DemoPerson;
  prenoms: string[];
  family: {
    numeroAllocataire: string;
    quotientFamilial: number;
    annee: number;
    mois: number;
    allocataires: HouseholdMember[];
    enfants: HouseholdMember[];
  } | null;
  tax: {
    numeroFiscal: string;
    revenuFiscalReference: number;
    nombreParts: number;
    anneeRevenus: number;
    situationFamiliale: 'C' | 'M' | 'D' | 'V' | 'O';
  } | null;
  student: {
    ine: string;
    boursier: boolean;
    echelon: number;
    anneeUniversitaire: string;
    statut: 'D' | 'P';
    etablissement: string;
    villeEtudes: string;
  } | null;
  employment: { identifiant: string; dateInscription: string; categorie: '1' | '2' | '3' | '4' | '5'; dateCessation: string | null } | null;
}

/** Size of the synthetic population. The first SHOWCASE people are known to every person producer. */
export const PEOPLE_COUNT = 320;
export const SHOWCASE = 10;
const SEED = 20261123;
const REFERENCE_YEAR = 2026;
const ETABLISSEMENTS = [
  ['Université Paris Cité', 'Paris'],
  ['Université Lumière Lyon 2', 'Lyon'],
  ['Université de Bordeaux', 'Bordeaux'],
  ['Université de Lille', 'Lille'],
  ['Université de Rennes', 'Rennes'],
  ['Aix-Marseille Université', 'Marseille'],
] as const;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function birthdate(r: Random, fromYear: number, toYear: number): string {
  return `${r.int(fromYear, toYear)}-${pad(r.int(1, 12), 2)}-${pad(r.int(1, 28), 2)}`;
}

function givenNames(r: Random, gender: 'male' | 'female'): string[] {
  const list = gender === 'female' ? FEMALE_GIVEN_NAMES : MALE_GIVEN_NAMES;
  const first = r.pick(list);
  if (!r.chance(0.4)) return [first];
  const second = r.pick(list);
  return second === first ? [first] : [first, second];
}

function asciiLocal(s: string): string {
  return canonicalText(s)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function member(r: Random, familyName: string, fromYear: number, toYear: number): HouseholdMember {
  const sexe = r.chance(0.5) ? 'F' : 'M';
  return {
    nomNaissance: familyName,
    prenoms: givenNames(r, sexe === 'F' ? 'female' : 'male'),
    dateNaissance: birthdate(r, fromYear, toYear),
    sexe,
  };
}

function makePerson(r: Random, index: number): DemoWorldPerson {
  const showcase = index < SHOWCASE;
  const gender = r.chance(0.5) ? 'female' : 'male';
  const prenoms = givenNames(r, gender);
  const family_name = r.pick(FAMILY_NAMES);
  const born = showcase ? birthdate(r, 1998, 2005) : birthdate(r, 1950, 2007);
  const abroad = !showcase && r.chance(0.06);
  const pivot: DemoPerson = {
    given_name: prenoms.join(' '),
    family_name,
    birthdate: born,
    gender,
    birthplace: abroad ? '' : r.pick(BIRTH_COMMUNES),
    birthcountry: abroad ? r.pick(BIRTH_COUNTRIES_ABROAD) : '99100',
    email: `${asciiLocal(prenoms[0]!)}.${asciiLocal(family_name)}.${pad(index, 3)}@exemple.fr`,
  };
  const age = REFERENCE_YEAR - Number(born.slice(0, 4));
  const self: HouseholdMember = { nomNaissance: family_name, prenoms, dateNaissance: born, sexe: gender === 'female' ? 'F' : 'M' };
  const couple = r.chance(0.5);
  const children = showcase ? r.int(1, 2) : r.int(0, 3);
  const enfants = Array.from({ length: children }, () => member(r, family_name, Math.max(2008, Number(born.slice(0, 4)) + 18), 2025));
  const allocataires = couple
    ? [self, member(r, r.pick(FAMILY_NAMES), Number(born.slice(0, 4)) - 5, Number(born.slice(0, 4)) + 3)]
    : [self];
  const parts = (couple ? 2 : 1) + (children >= 3 ? children - 1 : children * 0.5);
  const rfr = r.int(0, 60) * 1000 + r.int(0, 999);
  const family =
    showcase || r.chance(0.7)
      ? {
          numeroAllocataire: pad(1000000 + index * 7, 7),
          quotientFamilial: Math.round(rfr / 12 / Math.max(1, parts)),
          annee: REFERENCE_YEAR,
          mois: 10,
          allocataires,
          enfants,
        }
      : null;
  const tax = {
    numeroFiscal: `3${pad((index * 104729) % 1e12, 12)}`,
    revenuFiscalReference: rfr,
    nombreParts: parts,
    anneeRevenus: REFERENCE_YEAR - 1,
    situationFamiliale: couple ? ('M' as const) : r.pick(['C', 'D', 'V'] as const),
  };
  const [etablissement, villeEtudes] = r.pick(ETABLISSEMENTS);
  const boursier = r.chance(0.6);
  const student =
    showcase || (age <= 28 && r.chance(0.7))
      ? {
          ine: `${pad(index, 4)}${r.pick(['AB', 'CD', 'EF'])}${pad(r.int(0, 99999), 5)}`,
          boursier,
          echelon: boursier ? r.int(0, 7) : 0,
          anneeUniversitaire: `${REFERENCE_YEAR}-${REFERENCE_YEAR + 1}`,
          statut: r.chance(0.8) ? ('D' as const) : ('P' as const),
          etablissement,
          villeEtudes,
        }
      : null;
  const employment =
    index < 5 || r.chance(0.3)
      ? {
          identifiant: `${pad(index, 7)}${String.fromCharCode(65 + (index % 26))}`,
          dateInscription: birthdate(r, 2022, 2026),
          categorie: r.pick(['1', '2', '3', '4', '5'] as const),
          dateCessation: r.chance(0.2) ? '2026-09-30' : null,
        }
      : null;
  return { index, pivot, prenoms, family, tax, student, employment };
}

let cache: DemoWorldPerson[] | undefined;

/** The synthetic population with what each producer knows, deterministic, generated once. */
export function listDemoWorldPeople(): DemoWorldPerson[] {
  if (!cache) {
    const r = seededRandom(SEED);
    cache = Array.from({ length: PEOPLE_COUNT }, (_, i) => makePerson(r, i));
  }
  return cache;
}

/** FranceConnect pivot identities of the synthetic people. */
export function listDemoPeople(): DemoPerson[] {
  return listDemoWorldPeople().map((p) => ({ ...p.pivot }));
}
