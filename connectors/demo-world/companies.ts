import { withLuhnDigit } from '../../schemas/index.js';
import { seededRandom } from './random.js';
import { BIRTH_COMMUNES, COMPANY_PLACES, COMPANY_WORDS } from './names.js';

/** One synthetic company (unité légale) as the company register stores it. */
export interface DemoCompany {
  siren: string;
  nicSiege: string;
  denomination: string;
  /** Code of the catégorie juridique (INSEE nomenclature, a few values). */
  categorieJuridique: '5499' | '5710' | '1000' | '5498' | '9220';
  /** NAF rév. 2 code. */
  activitePrincipale: string;
  dateCreation: string;
  etatAdministratif: 'A' | 'C';
  trancheEffectifs: string;
  communeSiege: string;
}

export const COMPANIES_COUNT = 180;
const NAF = [
  '10.71C',
  '16.23Z',
  '49.41A',
  '70.22Z',
  '62.01Z',
  '81.30Z',
  '41.20A',
  '47.78A',
  '47.73Z',
  '45.20A',
  '18.12Z',
  '10.51C',
] as const;
const TRANCHES = ['NN', '00', '01', '02', '03', '11', '12'] as const;

let cache: DemoCompany[] | undefined;

/** The synthetic company register (valid Luhn SIRENs), deterministic. */
export function listDemoCompanies(): DemoCompany[] {
  if (cache) return cache;
  const r = seededRandom(4242);
  cache = Array.from({ length: COMPANIES_COUNT }, (_, i) => {
    const siren = withLuhnDigit(String(80000000 + i * 7919).padStart(8, '0'));
    const year = r.int(1975, 2025);
    return {
      siren,
      nicSiege: withLuhnDigit(`${siren}${String(r.int(1, 9)).padStart(4, '0')}`).slice(9),
      denomination: `${r.pick(COMPANY_WORDS)} ${r.pick(COMPANY_PLACES)}`.toUpperCase(),
      categorieJuridique: r.pick(['5499', '5710', '1000', '5498', '9220'] as const),
      activitePrincipale: r.pick(NAF),
      dateCreation: `${year}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`,
      etatAdministratif: r.chance(0.9) ? 'A' : 'C',
      trancheEffectifs: r.pick(TRANCHES),
      communeSiege: r.pick(BIRTH_COMMUNES),
    };
  });
  return cache;
}
