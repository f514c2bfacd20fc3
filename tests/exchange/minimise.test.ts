import { maskResponse, fieldsDelivered } from '../../catalog/index.js';
import { minimise } from '../../exchange/steps/minimise.js';
import type { ExchangeContext, ExchangeRuntime } from '../../exchange/context.js';

const body = {
  quotient_familial: { valeur: 812, annee: 2026 },
  allocataires: [{ nom: 'MULLER', prenoms: ['NOÉ'] }],
  numero_allocataire: '42',
};
const links = {
  '/quotient_familial/valeur': 'quotient_familial',
  '/quotient_familial/annee': 'quotient_familial_annee',
  '/allocataires': 'composition_foyer_allocataires',
};
const scopes = [
  { name: 'all', pointers: ['/quotient_familial/valeur', '/quotient_familial/annee', '/allocataires/*/nom', '/numero_allocataire'] },
];

function run(consent: ExchangeContext['consent']): Promise<ExchangeContext> {
  const ctx = {
    upstream: { status: 200, body },
    grantedScopes: scopes,
    consent,
    target: { api: { slug: 'cnaf' } },
  } as unknown as ExchangeContext;
  const rt = { ports: { catalog: { mask: maskResponse, fieldsDelivered, fieldLinks: async () => links } } } as unknown as ExchangeRuntime;
  return minimise(ctx, rt).then(() => ctx);
}

describe('minimisation: scopes first, then the data elements a consent covers', () => {
  test('without a consent, the granted scopes decide', async () => {
    const ctx = await run(undefined);
    expect(ctx.data).toEqual({
      quotient_familial: { valeur: 812, annee: 2026 },
      allocataires: [{ nom: 'MULLER' }],
      numero_allocataire: '42',
    });
  });

  test('a consent to the family quotient only releases the fields linked to it', async () => {
    const ctx = await run({ mode: 'consent', consentId: 'c', version: 1, dataElements: ['quotient_familial'] });
    expect(ctx.data).toEqual({ quotient_familial: { valeur: 812 } });
    expect(ctx.fields).toEqual(['/quotient_familial/valeur']);
  });

  test('fields linked to no data element are dropped under a restricted consent (allowlist)', async () => {
    const ctx = await run({ mode: 'consent', dataElements: ['composition_foyer_allocataires'] });
    expect(ctx.data).toEqual({ allocataires: [{ nom: 'MULLER' }] });
  });

  test('a consent to the whole API (no data elements) and FranceConnect presence restrict nothing more', async () => {
    expect((await run({ mode: 'consent', dataElements: [] })).data).toHaveProperty('numero_allocataire', '42');
    expect((await run({ mode: 'franceconnect' })).data).toHaveProperty('numero_allocataire', '42');
  });
});
