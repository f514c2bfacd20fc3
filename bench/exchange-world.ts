/**
 * The fixed world of the exchange benchmark: one producer API, one contract, one person, seeded
 * in PostgreSQL the way the demo seeds its world (`seedBenchWorld`): the demo organisations, the
 * API imported from its OpenAPI document through the catalogue, its scopes, published, bound by an
 * operator binding to the REST connector (declared target, sealed configuration); the contract
 * drafted, submitted and approved through the contracts workflow; a registered OAuth2 client.
 */
import type pg from 'pg';
import type { ContractGrant } from '../exchange/index.js';
import type { FixedEndpoint as InMemoryEndpoint } from '../tests/support/exchange-fakes.js';
import { systemClock } from '../schemas/index.js';
import { createApi, importOpenApi, setApiConnector, setScopes, transitionApi } from '../catalog/index.js';
import {
  approveHabilitationRequest,
  catalogueApiLookup,
  createArtefactSigner,
  createHabilitationRequest,
  createSigningKeys,
  registerDemoClient,
  submitHabilitationRequest,
  type Actor,
  type ContractsContext,
  type HabilitationForm,
} from '../contracts/index.js';
import { ConnectorTargets, connectorGovernance, prepareBinding } from '../connectors/index.js';
import { seedDemoOrganisations } from '../gateway/demo/organisations.js';
import { loadConfig, type Config } from '../gateway/config.js';

const consumer = '21690123100011';

/** ~1 KiB: granted fields (quotient familial) and non-granted ones (household, address, bank). */
const upstreamBody = {
  quotient_familial: { valeur: 1234, annee: 2026, mois: 10, date_calcul: '2026-10-01' },
  allocataire: {
    nom_naissance: 'DUPONT',
    nom_usage: 'MARTIN',
    prenoms: ['ELODIE', 'MARIE'],
    date_naissance: '1985-04-12',
    sexe: 'F',
    numero_allocataire: '0123456',
  },
  enfants: [
    { prenoms: ['LUCAS'], date_naissance: '2012-03-01', sexe: 'M' },
    { prenoms: ['JADE', 'EMMA'], date_naissance: '2015-07-21', sexe: 'F' },
    { prenoms: ['NOAH'], date_naissance: '2019-11-30', sexe: 'M' },
  ],
  adresse: {
    identite: 'Madame Elodie MARTIN',
    complement: 'Appartement 12, 3e étage',
    numero_libelle_voie: '12 rue de la République',
    lieu_dit: '',
    code_postal_ville: '69001 LYON',
    pays: 'FRANCE',
  },
  prestations: [
    { code: 'AF', libelle: 'Allocations familiales', montant: 141.99, date_debut: '2024-01-01' },
    { code: 'ARS', libelle: 'Allocation de rentrée scolaire', montant: 416.4, date_debut: '2026-08-20' },
  ],
  banque: { iban_masque: 'FR76 **** **** **** **** ***1 234', titulaire: 'Madame Elodie MARTIN' },
  regime: 'CNAF',
  caisse: '691',
  note: 'x'.repeat(60),
};

const entry: InMemoryEndpoint = {
  api: {
    id: 'bench-api',
    slug: 'cnaf-quotient-familial',
    producerSiret: '18000100000017',
    title: 'Quotient familial',
    lifecycle: 'published',
    sunsetDate: null,
    deprecationNotice: null,
    access: 'restricted',
    sensitivity: 'sensitive',
    subjectKind: 'person',
    consentPolicy: 'legal_basis',
    rateLimitPerMinute: 0,
  },
  endpoint: {
    id: 'bench-ep',
    operationId: 'getQuotientFamilial',
    method: 'GET',
    pathTemplate: '/v1/quotient-familial',
    requestBodySchema: null,
    parameters: [{ name: 'annee', in: 'query', required: false, schema: { type: 'integer' } }],
    responseSchema: {
      type: 'object',
      required: ['quotient_familial', 'allocataire'],
      properties: {
        quotient_familial: {
          type: 'object',
          required: ['valeur', 'annee'],
          properties: { valeur: { type: 'number' }, annee: { type: 'integer' }, mois: { type: 'integer' } },
        },
        allocataire: { type: 'object', properties: { prenoms: { type: 'array', items: { type: 'string' } } } },
        enfants: { type: 'array', items: { type: 'object' } },
      },
    },
  },
  scopes: [
    { name: 'quotient_familial', pointers: ['/quotient_familial/valeur', '/quotient_familial/annee', '/quotient_familial/mois'] },
    { name: 'enfants', pointers: ['/enfants'] },
  ],
};

const contract: ContractGrant = {
  id: 'bench-contract',
  version: 1,
  status: 'active',
  consumerSiret: consumer,
  producerSiret: '18000100000017',
  apiSlug: entry.api.slug,
  endpoints: ['getQuotientFamilial'],
  scopes: ['quotient_familial'],
  recipients: [],
  ipAllowlist: [],
  rateLimitPerMinute: 100_000_000,
  purpose: 'Benchmark',
  legalBasis: { nature: 'Benchmark', url: null },
  validFrom: '2020-01-01T00:00:00Z',
  validUntil: null,
  clientIds: ['bench-client'],
};

const query = new URLSearchParams([
  ['recipient', consumer],
  ['context', 'Tarification cantine'],
  ['object', 'Dossier 2026-0042'],
  ['nomNaissance', 'Dupont'],
  ['prenoms[]', 'Élodie'],
  ['prenoms[]', 'Marie'],
  ['anneeDateNaissance', '1985'],
  ['moisDateNaissance', '4'],
  ['jourDateNaissance', '12'],
  ['sexeEtatCivil', 'F'],
  ['codeCogInseePaysNaissance', '99100'],
  ['codeCogInseeCommuneNaissance', '69381'],
]).toString();

const client = { clientId: 'dp_bench-ville-lyon-cnaf', secret: 'bench-secret-ville-lyon-cnaf-0123456789' };

export const BENCH = {
  consumer,
  upstreamBody,
  entry,
  contract,
  client,
  secret: 'bench-subject-secret-0123456789abcdef0123456789',
  path: `/exchange/${entry.api.slug}/v1/quotient-familial?${query}`,
  upstreamPath: `/v1/quotient-familial?${query}`,
};

/** The gateway's environment in the benchmark: production's defaults, this database, the upstream declared as a REST target. */
export function benchEnv(dbUrl: string, upstreamUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'development',
    LOG_LEVEL: 'info',
    DEMO: 'false',
    DATABASE_URL: dbUrl,
    SUBJECT_HMAC_SECRET: BENCH.secret,
    KEY_ENCRYPTION_SECRET: 'bench-key-encryption-secret-0123456789abcdef',
    SESSION_SECRET: 'bench-session-secret-0123456789abcdef0123',
    PUBLIC_URL: 'http://127.0.0.1:3000',
    LEDGER_MAX_QUEUE: '100000',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    CONNECTOR_TARGETS: JSON.stringify([{ name: 'bench-upstream', kind: 'rest', origins: [upstreamUrl] }]),
    ...extra,
  };
}

function openapiDocument(): object {
  const e = entry.endpoint;
  return {
    openapi: '3.1.0',
    info: { title: entry.api.title, version: '1.0.0' },
    paths: {
      [e.pathTemplate]: {
        get: {
          operationId: e.operationId,
          parameters: e.parameters,
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: e.responseSchema } } } },
        },
      },
    },
  };
}

/** Seeds the benchmark's world in a migrated database (see the header); the upstream must be running. */
export async function seedBenchWorld(pool: pg.Pool, upstreamUrl: string): Promise<void> {
  const config: Config = loadConfig(benchEnv('postgres://unused', upstreamUrl));
  await seedDemoOrganisations(pool);
  const a = entry.api;
  await createApi(pool, {
    slug: a.slug,
    producerSiret: a.producerSiret,
    title: a.title,
    access: 'restricted',
    sensitivity: 'sensitive',
    subjectKind: 'person',
    consentPolicy: 'legal_basis',
  });
  await importOpenApi(pool, a.slug, openapiDocument(), { importedBy: 'bench' });
  await setScopes(pool, a.slug, { scopes: entry.scopes.map((s) => ({ name: s.name, label: s.name, pointers: s.pointers })) });
  await transitionApi(pool, a.slug, { to: 'published' });
  const governance = connectorGovernance(
    new ConnectorTargets([{ name: 'bench-upstream', kind: 'rest', origins: [upstreamUrl] }]),
    config.KEY_ENCRYPTION_SECRET,
  );
  const query = {
    nomNaissance: '{nomNaissance}',
    prenoms: '{prenoms[]}',
    anneeDateNaissance: '{anneeDateNaissance}',
    moisDateNaissance: '{moisDateNaissance}',
    jourDateNaissance: '{jourDateNaissance}',
    annee: '{annee}',
  };
  const binding = await prepareBinding(
    governance,
    a.slug,
    {
      target: 'bench-upstream',
      config: {
        kind: 'rest',
        baseUrl: upstreamUrl,
        operations: { [entry.endpoint.operationId]: { method: 'GET', path: entry.endpoint.pathTemplate, query } },
      },
    },
    { boundBy: 'operator', now: new Date() },
  );
  await setApiConnector(pool, a.slug, binding);

  const issuer = config.PUBLIC_URL.replace(/\/+$/, '');
  const keys = createSigningKeys({
    pool,
    clock: systemClock,
    secret: config.KEY_ENCRYPTION_SECRET,
    tokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
  const ctx: ContractsContext = {
    pool,
    clock: systemClock,
    lookupApi: catalogueApiLookup(pool),
    signArtefact: createArtefactSigner(keys, issuer),
  };
  const who = (sub: string, siret: string, role: string): Actor => ({
    sub,
    name: sub,
    memberships: [{ siret, roles: [role] }],
    platformRoles: [],
  });
  const contact = (given: string) => ({ given_name: given, family_name: 'Banc', email: `${given.toLowerCase()}.banc@lyon.demo.gouv.fr` });
  const form: HabilitationForm = {
    intitule: 'Banc d’essai',
    description: 'Contrat du banc d’essai de l’échange.',
    scopes: ['quotient_familial'],
    cadre_juridique_nature: 'Code des relations entre le public et l’administration, art. L. 114-8',
    cadre_juridique_url: 'https://www.legifrance.gouv.fr/codes/article_lc/LEGIARTI000031367412',
    purpose: 'Banc d’essai',
    recipients: [consumer],
    retention_months: 12,
    volume_per_minute: 60,
    production_date: '2027-01-01',
    controller: contact('Camille'),
    dpo: contact('Dominique'),
    business_contact: contact('Bastien'),
    technical_contact: contact('Tina'),
  };
  const applicant = who('bench-applicant', consumer, 'applicant');
  const draft = await createHabilitationRequest(ctx, applicant, { apiSlug: a.slug, consumerSiret: consumer, form });
  await submitHabilitationRequest(ctx, applicant, draft.id);
  await approveHabilitationRequest(ctx, who('bench-instructor', a.producerSiret, 'instructor'), draft.id, {
    rateLimitPerMinute: 100_000_000,
  });
  await registerDemoClient(ctx, { clientId: client.clientId, secret: client.secret, contractId: draft.id });
}
