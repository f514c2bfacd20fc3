import type pg from 'pg';
import { createArtefactSigner, createSigningKeys, type ApiTerms, type ContractsContext, type SigningKeys } from '../../contracts/index.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import type { Clock } from '../../schemas/index.js';
import { CNAF } from './fixtures.js';

/** An in-memory catalogue port (domain tests that do not need the catalogue's import). */
export const TEST_APIS: Record<string, ApiTerms> = {
  'cnaf-qf': {
    slug: 'cnaf-qf',
    title: 'QF',
    producerSiret: CNAF,
    access: 'restricted',
    sensitivity: 'sensitive',
    rateLimitPerMinute: 600,
    scopes: ['qf_valeur', 'qf_annee', 'allocataires'],
    endpoints: ['getQuotientFamilial'],
  },
  'cnaf-qf-sensible': {
    slug: 'cnaf-qf-sensible',
    title: 'QF+',
    producerSiret: CNAF,
    access: 'restricted',
    sensitivity: 'highly_sensitive',
    rateLimitPerMinute: 600,
    scopes: ['qf_valeur', 'qf_annee', 'allocataires'],
    endpoints: ['getQuotientFamilial'],
  },
};

export const TEST_KEY_SECRET = 'test-key-encryption-secret-0123456789abcdef';

export async function domainContext(pool: pg.Pool, clock: Clock): Promise<{ ctx: ContractsContext; keys: SigningKeys }> {
  await seedDemoOrganisations(pool);
  const keys = createSigningKeys({ pool, clock, secret: TEST_KEY_SECRET, tokenTtlSeconds: 600 });
  const ctx: ContractsContext = {
    pool,
    clock,
    lookupApi: async (slug) => TEST_APIS[slug] ?? null,
    signArtefact: createArtefactSigner(keys, 'http://localhost:3000'),
  };
  return { ctx, keys };
}
