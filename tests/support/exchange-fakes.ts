/**
 * Fakes of three exchange ports, for the benchmark's gateway child and unit tests of single steps:
 * each passes the same contract suite as the real adapter (tests/support/exchange-ports-contract.ts,
 * run by tests/exchange/ports-contract.test.ts). Minimisation is never faked: the catalogue fake
 * masks with the catalogue's own `maskResponse`. The exchange suites themselves run on the real
 * adapters (tests/support/exchange-world.ts).
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, generateKeyPair, errors as joseErrors, type CryptoKey } from 'jose';
import { maskResponse, fieldsDelivered, compilePathTemplate } from '../../catalog/index.js';
import { ProblemError, type Clock } from '../../schemas/index.js';
import type {
  AccessTokenClaims,
  ContractDirectory,
  ContractGrant,
  EndpointCatalog,
  ResolvedEndpoint,
  ScopeDefinition,
  TokenVerifier,
} from '../../exchange/index.js';

/** Issues and verifies RFC 9068 tokens with a key pair of its own (real ES256 signatures, checked by jose). */
export interface LocalTokenIssuer {
  verifier: TokenVerifier;
  issue(
    claims: Pick<AccessTokenClaims, 'client_id' | 'contract_id' | 'contract_version' | 'consumer_siret' | 'scope'>,
    opts?: { expiresInSec?: number; audience?: string },
  ): Promise<string>;
  revoke(jti: string): void;
}

export async function createLocalTokenIssuer(opts: { issuer: string; clock: Clock }): Promise<LocalTokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const audience = `${opts.issuer}/exchange`;
  const revoked = new Set<string>();
  return {
    revoke: (jti) => {
      revoked.add(jti);
    },
    async issue(claims, o = {}) {
      const now = Math.floor(opts.clock.now().getTime() / 1000);
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
        .setIssuer(opts.issuer)
        .setAudience(o.audience ?? audience)
        .setSubject(claims.client_id)
        .setJti(randomUUID())
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + (o.expiresInSec ?? 600))
        .sign(privateKey as CryptoKey);
    },
    verifier: {
      async verify(token) {
        try {
          const { payload } = await jwtVerify(token, publicKey, {
            issuer: opts.issuer,
            audience,
            algorithms: ['ES256'],
            typ: 'at+jwt',
            currentDate: opts.clock.now(),
          });
          return payload as unknown as AccessTokenClaims;
        } catch (err) {
          if (err instanceof joseErrors.JWTExpired) throw new ProblemError('client.token_expired', { cause: err });
          throw new ProblemError('client.invalid_token', { cause: err });
        }
      },
      isRevoked: async (jti) => revoked.has(jti),
    },
  };
}

/** Contracts held in a map. */
export function fixedContracts(grants: ContractGrant[]): ContractDirectory {
  const byId = new Map(grants.map((c) => [c.id, c]));
  return { get: async (id) => byId.get(id) ?? null };
}

export interface FixedEndpoint {
  api: ResolvedEndpoint['api'];
  endpoint: ResolvedEndpoint['endpoint'];
  scopes: ScopeDefinition[];
  /** Response pointer -> data-element id. */
  fieldLinks?: Record<string, string>;
}

/** Endpoints held in memory, matched with the catalogue's own path-template compiler; masking is the catalogue's. */
export function fixedCatalog(entries: FixedEndpoint[]): EndpointCatalog {
  const compiled = entries.map((e) => ({ e, ...compilePathTemplate(e.endpoint.pathTemplate) }));
  return {
    async resolve(apiSlug, method, producerPath) {
      for (const { e, regex, names } of compiled) {
        if (e.api.slug !== apiSlug || e.endpoint.method.toLowerCase() !== method.toLowerCase()) continue;
        const found = regex.exec(producerPath);
        if (!found) continue;
        const pathParams: Record<string, string> = {};
        try {
          names.forEach((n, i) => {
            pathParams[n] = decodeURIComponent(found[i + 1]!);
          });
        } catch {
          return null; // malformed percent-encoding: no endpoint, as the catalogue answers
        }
        return { api: e.api, endpoint: e.endpoint, scopes: e.scopes, pathParams };
      }
      return null;
    },
    mask: maskResponse,
    fieldsDelivered,
    fieldLinks: async (apiSlug) => entries.find((e) => e.api.slug === apiSlug)?.fieldLinks ?? {},
  };
}

const QF_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['quotient_familial'],
  properties: {
    quotient_familial: {
      type: 'object',
      required: ['valeur', 'annee'],
      properties: { valeur: { type: 'number' }, annee: { type: 'integer' } },
    },
  },
};

/** The family-quotient API of tests/support/exchange-world.ts as catalogue entries for fixedCatalog (GET /quotient-familial). */
export function familyQuotientEntries(over: Partial<FixedEndpoint['api']> = {}): FixedEndpoint[] {
  const api: FixedEndpoint['api'] = {
    id: 'api-cnaf-quotient-familial',
    slug: 'cnaf-quotient-familial',
    producerSiret: '18000100000017',
    title: 'cnaf-quotient-familial',
    lifecycle: 'published',
    sunsetDate: null,
    deprecationNotice: null,
    access: 'restricted',
    sensitivity: 'sensitive',
    subjectKind: 'person',
    consentPolicy: 'legal_basis',
    rateLimitPerMinute: 0,
    ...over,
  };
  return [
    {
      api,
      endpoint: {
        id: 'ep-getQuotientFamilial',
        operationId: 'getQuotientFamilial',
        method: 'get',
        pathTemplate: '/quotient-familial',
        requestBodySchema: null,
        responseSchema: QF_RESPONSE_SCHEMA,
        parameters: [{ name: 'annee', in: 'query', required: false, schema: { type: 'integer', minimum: 2000 } }],
      },
      scopes: [
        { name: 'quotient_familial', pointers: ['/quotient_familial/valeur', '/quotient_familial/annee'] },
        { name: 'allocataires', pointers: ['/allocataires/*/nom'] },
      ],
    },
  ];
}

/** A contract grant of LYON on the family-quotient API, for fixedContracts. */
export function fakeGrant(id: string, over: Partial<ContractGrant> = {}): ContractGrant {
  return {
    id,
    version: 1,
    status: 'active',
    consumerSiret: '21690123100011',
    producerSiret: '18000100000017',
    apiSlug: 'cnaf-quotient-familial',
    endpoints: ['getQuotientFamilial'],
    scopes: ['quotient_familial'],
    recipients: [],
    ipAllowlist: [],
    rateLimitPerMinute: 1000,
    purpose: 'Tarification sociale de la cantine',
    legalBasis: { nature: 'Article L. 312-1 CRPA', url: null },
    validFrom: '2026-01-01T00:00:00Z',
    validUntil: null,
    clientIds: [`client-${id}`],
    ...over,
  };
}
