/**
 * Each fake of tests/support/exchange-fakes.ts passes the contract suite of its port, run here
 * over the real adapter too (PostgreSQL stores, the contracts domain's keys and directory, the
 * catalogue's resolver): where they differ, the fake is wrong.
 */
import pino from 'pino';
import { SignJWT, decodeProtectedHeader, type CryptoKey } from 'jose';
import { randomUUID } from 'node:crypto';
import { manualClock } from '../../schemas/index.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { fullForm } from '../contracts/fixtures.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import {
  createApi,
  importOpenApi,
  setScopes,
  transitionApi,
  setFieldLinks,
  putDataElement,
  DATA_ELEMENTS,
  compilePathTemplate,
} from '../../catalog/index.js';
import {
  accessTokenKeys,
  approveHabilitationRequest,
  catalogueApiLookup,
  createArtefactSigner,
  createContractDirectory,
  createHabilitationRequest,
  createSigningKeys,
  submitHabilitationRequest,
  type Actor,
  type ContractsContext,
} from '../../contracts/index.js';
import { contractsDirectory, contractsTokenVerifier } from '../../gateway/exchange-adapters/contracts.js';
import { catalogEndpoints } from '../../gateway/exchange-adapters/catalog.js';
import { createLocalTokenIssuer, fixedCatalog, fixedContracts } from '../support/exchange-fakes.js';
import {
  tokenVerifierContract,
  contractDirectoryContract,
  endpointCatalogContract,
  CATALOG_OPENAPI,
  CATALOG_SCOPES,
  CATALOG_LINKS,
  LYON,
} from '../support/exchange-ports-contract.js';

const CNAF = '18000100000017';
const ISSUER = 'http://localhost:3000';
const SECRET = 'test-key-encryption-secret-0123456789abcdef';
const logger = pino({ level: 'silent' });

tokenVerifierContract('the contracts domain (signing keys in PostgreSQL, verifyAccessToken)', async () => {
  const db = await createTestDatabase();
  const clock = manualClock();
  const keys = createSigningKeys({ pool: db.pool, clock, secret: SECRET, tokenTtlSeconds: 600 });
  const directory = createContractDirectory(db.pool, logger, { clock });
  const verifier = contractsTokenVerifier(accessTokenKeys(keys, { issuer: ISSUER, audience: `${ISSUER}/exchange`, clock }), directory);
  const issue = async (claims: Record<string, unknown>, o: { audience?: string; expiresInSec?: number } = {}) => {
    const { kid, privateKey } = await keys.activeKey('token');
    const iat = Math.floor(clock.now().getTime() / 1000);
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
      .setIssuer(ISSUER)
      .setAudience(o.audience ?? `${ISSUER}/exchange`)
      .setSubject(String(claims.client_id))
      .setJti(randomUUID())
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + (o.expiresInSec ?? 600))
      .sign(privateKey as CryptoKey);
  };
  return {
    verifier,
    clock,
    issue,
    issuer: ISSUER,
    audience: `${ISSUER}/exchange`,
    header: async () => decodeProtectedHeader(await issue({ client_id: 'x' })) as Record<string, string>,
    close: async () => {
      await directory.close();
      await db.drop();
    },
  };
});

tokenVerifierContract('fake: createLocalTokenIssuer', async () => {
  const clock = manualClock();
  const local = await createLocalTokenIssuer({ issuer: ISSUER, clock });
  return {
    verifier: local.verifier,
    clock,
    issue: (c, o) => local.issue(c, o),
    issuer: ISSUER,
    audience: `${ISSUER}/exchange`,
    header: async () =>
      decodeProtectedHeader(
        await local.issue({ client_id: 'x', contract_id: 'c', contract_version: 1, consumer_siret: LYON, scope: 's' }),
      ) as Record<string, string>,
  };
});

const applicant: Actor = { sub: 'alice', name: 'Alice', memberships: [{ siret: LYON, roles: ['applicant'] }], platformRoles: [] };
const instructor: Actor = { sub: 'ivan', name: 'Ivan', memberships: [{ siret: CNAF, roles: ['instructor'] }], platformRoles: [] };

/** `cnaf-qf` as CATALOG_OPENAPI, published, with its scopes and field links. */
async function seedCatalog(db: TestDatabase, slug = 'cnaf-qf'): Promise<void> {
  await seedDemoOrganisations(db.pool);
  await createApi(db.pool, {
    slug,
    producerSiret: CNAF,
    title: slug,
    access: 'restricted',
    sensitivity: 'sensitive',
    subjectKind: 'person',
    consentPolicy: 'legal_basis',
  });
  await importOpenApi(db.pool, slug, CATALOG_OPENAPI);
  await setScopes(db.pool, slug, { scopes: CATALOG_SCOPES });
  await transitionApi(db.pool, slug, { to: 'published' });
}

contractDirectoryContract('the contracts domain (grants in PostgreSQL, LISTEN/NOTIFY directory)', async () => {
  const db = await createTestDatabase();
  const clock = manualClock();
  await seedDemoOrganisations(db.pool);
  await createApi(db.pool, {
    slug: 'cnaf-quotient-familial',
    producerSiret: CNAF,
    title: 'QF',
    access: 'restricted',
    sensitivity: 'sensitive',
    subjectKind: 'person',
    consentPolicy: 'legal_basis',
  });
  const qf = CATALOG_OPENAPI.paths['/v1/foyers/{numero}/quotient'];
  await importOpenApi(db.pool, 'cnaf-quotient-familial', {
    ...CATALOG_OPENAPI,
    paths: { '/qf/{numero}': { get: { ...qf.get, operationId: 'getQuotientFamilial' } } },
  });
  await setScopes(db.pool, 'cnaf-quotient-familial', { scopes: CATALOG_SCOPES });
  await transitionApi(db.pool, 'cnaf-quotient-familial', { to: 'published' });
  const keys = createSigningKeys({ pool: db.pool, clock, secret: SECRET, tokenTtlSeconds: 600 });
  const ctx: ContractsContext = {
    pool: db.pool,
    clock,
    lookupApi: catalogueApiLookup(db.pool),
    signArtefact: createArtefactSigner(keys, ISSUER),
  };
  const c = await createHabilitationRequest(ctx, applicant, {
    apiSlug: 'cnaf-quotient-familial',
    consumerSiret: LYON,
    form: fullForm({ scopes: ['quotient_familial'], recipients: [LYON] }),
  });
  await submitHabilitationRequest(ctx, applicant, c.id);
  await approveHabilitationRequest(ctx, instructor, c.id);
  const directory = createContractDirectory(db.pool, logger, { clock });
  return {
    directory: contractsDirectory(directory),
    knownId: c.id,
    close: async () => {
      await directory.close();
      await db.drop();
    },
  };
});

contractDirectoryContract('fake: fixedContracts', async () => {
  const id = randomUUID();
  return {
    knownId: id,
    directory: fixedContracts([
      {
        id,
        version: 1,
        status: 'active',
        consumerSiret: LYON,
        producerSiret: CNAF,
        apiSlug: 'cnaf-quotient-familial',
        endpoints: ['getQuotientFamilial'],
        scopes: ['quotient_familial'],
        recipients: [LYON],
        ipAllowlist: [],
        rateLimitPerMinute: 60,
        purpose: 'x',
        legalBasis: { nature: 'x', url: null },
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: null,
        clientIds: [],
      },
    ]),
  };
});

endpointCatalogContract('the catalogue (PostgreSQL, compiled resolver, maskResponse)', async () => {
  const db = await createTestDatabase();
  await seedCatalog(db);
  for (const e of DATA_ELEMENTS.filter((d) => Object.values(CATALOG_LINKS).includes(d.id))) await putDataElement(db.pool, e);
  await setFieldLinks(db.pool, 'cnaf-qf', { fields: CATALOG_LINKS });
  const catalog = catalogEndpoints(db.pool, { listen: false });
  return {
    catalog,
    close: async () => {
      await catalog.close();
      await db.drop();
    },
  };
});

endpointCatalogContract('fake: fixedCatalog', async () => {
  const api = {
    id: 'api-1',
    slug: 'cnaf-qf',
    producerSiret: CNAF,
    title: 'cnaf-qf',
    lifecycle: 'published' as const,
    sunsetDate: null,
    deprecationNotice: null,
    access: 'restricted' as const,
    sensitivity: 'sensitive',
    subjectKind: 'person' as const,
    consentPolicy: 'legal_basis' as const,
    rateLimitPerMinute: 0,
  };
  const scopes = CATALOG_SCOPES.map((s) => ({ name: s.name, pointers: s.pointers }));
  const endpoint = (id: string, operationId: string, pathTemplate: string) => ({
    id,
    operationId,
    method: 'get',
    pathTemplate,
    parameters: [],
    requestBodySchema: null,
    responseSchema: null,
  });
  void compilePathTemplate;
  return {
    catalog: fixedCatalog([
      { api, scopes, endpoint: endpoint('e1', 'getQuotient', '/v1/foyers/{numero}/quotient'), fieldLinks: CATALOG_LINKS },
      { api, scopes, endpoint: endpoint('e2', 'listFoyers', '/v1/foyers'), fieldLinks: CATALOG_LINKS },
    ]),
  };
});
