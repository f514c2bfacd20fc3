import fc from 'fast-check';
import {
  canonicalName,
  canonicalPerson,
  parseParticulierIdentity,
  subjectRef,
  ProblemError,
  type PersonPivot,
} from '../../schemas/index.js';

const SECRET = 'test-subject-secret-0123456789abcdef0123';
const PIVOT: PersonPivot = {
  family_name: 'Dupont',
  given_name: 'Élodie Marie',
  birthdate: '1985-04-12',
  gender: 'female',
  birthplace: '69381',
  birthcountry: '99100',
};

describe('subject_ref is the same for the same person however the identity is spelled', () => {
  test('canonical names: upper case, no accents, single spaces, ligatures spelled out', () => {
    expect(canonicalName('  Élodie   Marie ')).toBe('ELODIE MARIE');
    expect(canonicalName('Lætitia Œuvray-D’Aubigné')).toBe('LAETITIA OEUVRAY D AUBIGNE');
    expect(canonicalName('ÇA ÉTÉ')).toBe(canonicalName('ça été'));
  });

  test('accents, case and spacing do not change the reference', () => {
    const ref = subjectRef(SECRET, { kind: 'person', pivot: PIVOT });
    const variants: PersonPivot[] = [
      { ...PIVOT, family_name: 'DUPONT', given_name: 'ELODIE MARIE' },
      { ...PIVOT, family_name: '  dupont ', given_name: 'elodie  marie' },
      { ...PIVOT, given_name: 'Elodie Marie' },
    ];
    for (const p of variants) expect(subjectRef(SECRET, { kind: 'person', pivot: p })).toBe(ref);
    expect(ref).toMatch(/^[0-9a-f]{64}$/);
  });

  test('property: any case/accent/spacing rewriting of the names keeps the reference', () => {
    const ref = subjectRef(SECRET, { kind: 'person', pivot: PIVOT });
    const respell = (s: string, upper: boolean[], pad: number) =>
      `${' '.repeat(pad)}${[...s.normalize('NFD').replace(/\p{M}/gu, '')]
        .map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c.toLowerCase()))
        .join('')
        .replace(/ /g, ' '.repeat(pad + 1))} `;
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 3 }), (upper, pad) => {
        const p = { ...PIVOT, family_name: respell(PIVOT.family_name, upper, pad), given_name: respell(PIVOT.given_name, upper, pad) };
        return subjectRef(SECRET, { kind: 'person', pivot: p }) === ref;
      }),
    );
  });

  test('any other pivot field changes the reference', () => {
    const ref = subjectRef(SECRET, { kind: 'person', pivot: PIVOT });
    for (const p of [
      { ...PIVOT, birthdate: '1985-04-13' },
      { ...PIVOT, gender: 'male' as const },
      { ...PIVOT, birthplace: '69382' },
      { ...PIVOT, given_name: 'Élodie' },
    ]) {
      expect(subjectRef(SECRET, { kind: 'person', pivot: p })).not.toBe(ref);
    }
    expect(subjectRef(`${SECRET}x`, { kind: 'person', pivot: PIVOT })).not.toBe(ref);
  });

  test('born abroad: the commune is ignored', () => {
    expect(canonicalPerson({ ...PIVOT, birthcountry: '99134', birthplace: '69381' })).toBe(
      canonicalPerson({ ...PIVOT, birthcountry: '99134', birthplace: '' }),
    );
  });

  test('API Particulier v3 parameters give the FranceConnect pivot (the citizen who logs in finds the same ref)', () => {
    const pivot = parseParticulierIdentity({
      nomNaissance: 'DUPONT',
      'prenoms[]': ['ELODIE', 'MARIE'],
      anneeDateNaissance: '1985',
      moisDateNaissance: '04',
      jourDateNaissance: '12',
      sexeEtatCivil: 'F',
      codeCogInseePaysNaissance: '99100',
      codeCogInseeCommuneNaissance: '69381',
    });
    expect(pivot).toEqual({
      family_name: 'DUPONT',
      given_name: 'ELODIE MARIE',
      birthdate: '1985-04-12',
      gender: 'female',
      birthplace: '69381',
      birthcountry: '99100',
    });
    expect(subjectRef(SECRET, { kind: 'person', pivot })).toBe(subjectRef(SECRET, { kind: 'person', pivot: PIVOT }));
  });

  test('bad person parameters -> client.invalid_parameter listing each one', () => {
    try {
      parseParticulierIdentity({
        nomNaissance: 'X',
        anneeDateNaissance: '1985',
        moisDateNaissance: '2',
        jourDateNaissance: '30',
        sexeEtatCivil: 'Z',
        codeCogInseePaysNaissance: '99100',
      });
      throw new Error('expected a problem');
    } catch (err) {
      expect(err).toBeInstanceOf(ProblemError);
      expect((err as ProblemError).code).toBe('client.invalid_parameter');
      expect((err as ProblemError).errors!.map((e) => e.pointer).sort()).toEqual([
        '/codeCogInseeCommuneNaissance',
        '/jourDateNaissance',
        '/prenoms[]',
        '/sexeEtatCivil',
      ]);
    }
  });

  test('companies: a SIRET and its SIREN give the same reference; invalid ones are refused', () => {
    expect(subjectRef(SECRET, { kind: 'company', siren: '13000600000017' })).toBe(
      subjectRef(SECRET, { kind: 'company', siren: '130006000' }),
    );
    expect(subjectRef(SECRET, { kind: 'company', siren: '130006000' })).not.toBe(subjectRef(SECRET, { kind: 'person', pivot: PIVOT }));
    expect(() => subjectRef(SECRET, { kind: 'company', siren: '130006001' })).toThrow(ProblemError);
  });
});
