/**
 * Contract suites of the exchange ports that have a fake (tests/support/exchange-fakes.ts): each
 * suite runs once over the real adapter and once over the fake (tests/exchange/ports-contract.test.ts);
 * a fake that behaves differently from production fails here, not in a benchmark's numbers.
 */
import { generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { randomUUID } from 'node:crypto';
import { ProblemError, manualClock } from '../../schemas/index.js';
import type { AccessTokenClaims, ContractDirectory, EndpointCatalog, TokenVerifier } from '../../exchange/index.js';

export const LYON = '21690123100011';

type Claims = Pick<AccessTokenClaims, 'client_id' | 'contract_id' | 'contract_version' | 'consumer_siret' | 'scope'>;

export interface TokenVerifierSubject {
  verifier: TokenVerifier;
  clock: ReturnType<typeof manualClock>;
  /** Issues a token the way the implementation's issuer does. */
  issue(claims: Claims, opts?: { audience?: string; expiresInSec?: number }): Promise<string>;
  /** The protected header a token of this issuer carries (alg, typ, kid...). */
  header(): Promise<Record<string, string>>;
  issuer: string;
  audience: string;
  close?(): Promise<void>;
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    return err instanceof ProblemError ? err.code : `thrown ${String(err)}`;
  }
}

export function tokenVerifierContract(name: string, setup: () => Promise<TokenVerifierSubject>): void {
  describe(`TokenVerifier contract: ${name}`, () => {
    let s: TokenVerifierSubject;
    const claims: Claims = {
      client_id: 'dp_client',
      contract_id: randomUUID(),
      contract_version: 1,
      consumer_siret: LYON,
      scope: 'quotient_familial',
    };
    beforeAll(async () => {
      s = await setup();
    });
    afterAll(async () => {
      await s?.close?.();
    });

    test('a token of the issuer verifies and gives its claims', async () => {
      const got = await s.verifier.verify(await s.issue(claims));
      expect(got).toMatchObject({ ...claims, iss: s.issuer, aud: s.audience });
      expect(got.exp).toBeGreaterThan(Math.floor(s.clock.now().getTime() / 1000));
    });

    test('expired -> client.token_expired (past any clock tolerance)', async () => {
      const token = await s.issue(claims, { expiresInSec: 60 });
      s.clock.advance(120_000);
      expect(await code(s.verifier.verify(token))).toBe('client.token_expired');
    });

    test('another audience -> client.invalid_token', async () => {
      expect(await code(s.verifier.verify(await s.issue(claims, { audience: 'http://elsewhere' })))).toBe('client.invalid_token');
    });

    test('signed by another key (same header) -> client.invalid_token', async () => {
      const { privateKey } = await generateKeyPair('ES256');
      const now = Math.floor(s.clock.now().getTime() / 1000);
      const forged = await new SignJWT({ ...claims })
        .setProtectedHeader({ ...(await s.header()), alg: 'ES256' })
        .setIssuer(s.issuer)
        .setAudience(s.audience)
        .setSubject(claims.client_id)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + 300)
        .sign(privateKey as CryptoKey);
      expect(await code(s.verifier.verify(forged))).toBe('client.invalid_token');
    });

    test('garbage and alg none -> client.invalid_token', async () => {
      expect(await code(s.verifier.verify('abc'))).toBe('client.invalid_token');
      expect(await code(s.verifier.verify('eyJhbGciOiJub25lIn0.e30.'))).toBe('client.invalid_token');
    });

    test('a fresh jti is not revoked', async () => {
      expect(await s.verifier.isRevoked?.(randomUUID())).toBe(false);
    });
  });
}

export interface ContractDirectorySubject {
  directory: ContractDirectory;
  /** An active contract of LYON on `cnaf-quotient-familial`, granting `quotient_familial` on getQuotientFamilial. */
  knownId: string;
  close?(): Promise<void>;
}

export function contractDirectoryContract(name: string, setup: () => Promise<ContractDirectorySubject>): void {
  describe(`ContractDirectory contract: ${name}`, () => {
    let s: ContractDirectorySubject;
    beforeAll(async () => {
      s = await setup();
    }, 60_000);
    afterAll(async () => {
      await s?.close?.();
    });

    test('a known contract is its grant in force', async () => {
      const g = await s.directory.get(s.knownId);
      expect(g).toMatchObject({
        id: s.knownId,
        version: 1,
        status: 'active',
        consumerSiret: LYON,
        apiSlug: 'cnaf-quotient-familial',
        scopes: ['quotient_familial'],
        recipients: [LYON],
        ipAllowlist: [],
      });
      expect(g!.endpoints).toContain('getQuotientFamilial');
      expect(Array.isArray(g!.clientIds)).toBe(true);
      expect(Number.isNaN(Date.parse(g!.validFrom))).toBe(false);
    });

    test('an unknown or malformed id is null, never an error (fail closed upstream)', async () => {
      expect(await s.directory.get(randomUUID())).toBeNull();
      expect(await s.directory.get('nope')).toBeNull();
    });
  });
}

/** The body the catalogue suite masks, and the API it declares. */
export const CATALOG_BODY = {
  quotient_familial: { valeur: 1234, annee: 2026, mois: 10 },
  allocataires: [
    { nom: 'DUPONT', prenoms: 'ÉLODIE' },
    { nom: 'MARTIN', prenoms: 'LUC' },
  ],
  adresse: { ligne: '1 rue de la République' },
};
export const CATALOG_SCOPES = [
  { name: 'quotient_familial', label: 'QF', pointers: ['/quotient_familial/valeur', '/quotient_familial/annee'] },
  { name: 'allocataires', label: 'Allocataires', pointers: ['/allocataires/*/nom'] },
];
export const CATALOG_LINKS = { '/quotient_familial/valeur': 'quotient_familial' };
/** `cnaf-qf`: GET /v1/foyers/{numero}/quotient (getQuotient) and GET /v1/foyers (listFoyers). */
export const CATALOG_OPENAPI = {
  openapi: '3.1.0',
  info: { title: 'QF', version: '1.0.0' },
  paths: {
    '/v1/foyers/{numero}/quotient': {
      get: {
        operationId: 'getQuotient',
        parameters: [{ name: 'numero', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': {
            description: 'ok',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    quotient_familial: { type: 'object', properties: { valeur: { type: 'number' }, annee: { type: 'integer' } } },
                    allocataires: { type: 'array', items: { type: 'object', properties: { nom: { type: 'string' } } } },
                  },
                },
              },
            },
          },
        },
      },
    },
    '/v1/foyers': {
      get: {
        operationId: 'listFoyers',
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object' } } } } },
      },
    },
  },
};

export interface EndpointCatalogSubject {
  /** Holds `cnaf-qf` as CATALOG_OPENAPI, with CATALOG_SCOPES and CATALOG_LINKS. */
  catalog: EndpointCatalog;
  close?(): Promise<void>;
}

export function endpointCatalogContract(name: string, setup: () => Promise<EndpointCatalogSubject>): void {
  describe(`EndpointCatalog contract: ${name}`, () => {
    let s: EndpointCatalogSubject;
    beforeAll(async () => {
      s = await setup();
    }, 60_000);
    afterAll(async () => {
      await s?.close?.();
    });

    test('resolves a templated path, decoding its parameters, with the API and its scopes', async () => {
      const r = await s.catalog.resolve('cnaf-qf', 'GET', '/v1/foyers/A%2FB%20C/quotient');
      expect(r).toMatchObject({
        api: { slug: 'cnaf-qf', lifecycle: 'published' },
        endpoint: { operationId: 'getQuotient', pathTemplate: '/v1/foyers/{numero}/quotient' },
        pathParams: { numero: 'A/B C' },
      });
      const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
      expect(r!.scopes.map((x) => ({ name: x.name, pointers: x.pointers })).sort(byName)).toEqual(
        CATALOG_SCOPES.map((x) => ({ name: x.name, pointers: x.pointers })).sort(byName),
      );
      expect((await s.catalog.resolve('cnaf-qf', 'get', '/v1/foyers'))?.endpoint.operationId).toBe('listFoyers');
    });

    test('another method, path, API or a malformed escape resolves to null', async () => {
      expect(await s.catalog.resolve('cnaf-qf', 'POST', '/v1/foyers')).toBeNull();
      expect(await s.catalog.resolve('cnaf-qf', 'GET', '/v1/foyers/1/quotient/x')).toBeNull();
      expect(await s.catalog.resolve('autre', 'GET', '/v1/foyers')).toBeNull();
      expect(await s.catalog.resolve('cnaf-qf', 'GET', '/v1/foyers/%E0%A4%A/quotient')).toBeNull();
    });

    test('masks by allowlist, `*` over array items; reports the delivered fields by name', async () => {
      const masked = s.catalog.mask(CATALOG_BODY, CATALOG_SCOPES);
      expect(masked).toEqual({ quotient_familial: { valeur: 1234, annee: 2026 }, allocataires: [{ nom: 'DUPONT' }, { nom: 'MARTIN' }] });
      expect(s.catalog.mask(CATALOG_BODY, [CATALOG_SCOPES[0]!])).toEqual({ quotient_familial: { valeur: 1234, annee: 2026 } });
      expect(s.catalog.fieldsDelivered(masked)).toEqual(['/quotient_familial/valeur', '/quotient_familial/annee', '/allocataires/*/nom']);
    });

    test('field links of the API', async () => {
      expect(await s.catalog.fieldLinks('cnaf-qf')).toEqual(CATALOG_LINKS);
    });
  });
}
