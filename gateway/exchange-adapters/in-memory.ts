/**
 * In-memory adapters of the exchange ports (docs/architecture.md, "Ports and adapters"): used by tests and benchmarks, and
 * as the reference behaviour of each port. Nothing here is a mock: the token issuer signs real
 * ES256 JWTs that the verifier checks with jose, as the authorisation server's do.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, generateKeyPair, errors as joseErrors, type CryptoKey } from 'jose';
import { ProblemError, type Clock } from '../../schemas/index.js';
import type {
  AccessTokenClaims, ContractDirectory, ContractGrant, EndpointCatalog, ExchangeEvent, LedgerWriter,
  RateDecision, RateLimiter, ResolvedEndpoint, ScopeDefinition, TokenVerifier,
} from '../../exchange/ports.js';
import { maskByPointers, leafPointers } from './json-pointers.js';

/** Issues and verifies RFC 9068 tokens with a key pair of its own. */
export interface LocalTokenIssuer {
  verifier: TokenVerifier;
  issue(claims: Partial<AccessTokenClaims> & Pick<AccessTokenClaims, 'client_id' | 'contract_id' | 'contract_version' | 'consumer_siret' | 'scope'>, opts?: { expiresInSec?: number; audience?: string }): Promise<string>;
  revoke(jti: string): void;
}

export async function createLocalTokenIssuer(opts: { issuer: string; clock: Clock }): Promise<LocalTokenIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('ES256');
  const audience = `${opts.issuer}/exchange`;
  const revoked = new Set<string>();
  return {
    revoke: (jti) => { revoked.add(jti); },
    async issue(claims, o = {}) {
      const now = Math.floor(opts.clock.now().getTime() / 1000);
      const { exp: _e, iat: _i, ...rest } = claims;
      return new SignJWT({ ...rest })
        .setProtectedHeader({ alg: 'ES256', typ: 'at+jwt' })
        .setIssuer(opts.issuer).setAudience(o.audience ?? audience).setSubject(claims.client_id)
        .setJti(claims.jti ?? randomUUID()).setIssuedAt(now).setExpirationTime(now + (o.expiresInSec ?? 600))
        .sign(privateKey as CryptoKey);
    },
    verifier: {
      async verify(token) {
        try {
          const { payload } = await jwtVerify(token, publicKey, {
            issuer: opts.issuer, audience, algorithms: ['ES256'], typ: 'at+jwt', currentDate: opts.clock.now(),
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

/** Contracts held in a map; `put` replaces a contract (a new version, a suspension...). */
export function inMemoryContracts(initial: ContractGrant[] = []): ContractDirectory & { put(c: ContractGrant): void } {
  const byId = new Map(initial.map((c) => [c.id, c]));
  return { get: async (id) => byId.get(id) ?? null, put: (c) => { byId.set(c.id, c); } };
}

export interface InMemoryEndpoint {
  api: ResolvedEndpoint['api'];
  endpoint: ResolvedEndpoint['endpoint'];
  scopes: ScopeDefinition[];
  /** Response pointer -> data-element id; none by default (a consent limited to data elements then releases nothing). */
  fieldLinks?: Record<string, string>;
}

/** Matches `{name}` templates segment by segment (the catalogue's resolveEndpoint does the same, from PostgreSQL). */
export function inMemoryCatalog(entries: InMemoryEndpoint[]): EndpointCatalog & { entries: InMemoryEndpoint[] } {
  return {
    entries,
    async resolve(apiSlug, method, producerPath) {
      const segments = producerPath.split('/').filter((s) => s !== '');
      for (const e of entries) {
        if (e.api.slug !== apiSlug || e.endpoint.method.toUpperCase() !== method.toUpperCase()) continue;
        const tpl = e.endpoint.pathTemplate.split('/').filter((s) => s !== '');
        if (tpl.length !== segments.length) continue;
        const pathParams: Record<string, string> = {};
        const ok = tpl.every((t, i) => {
          const m = /^\{(.+)\}$/.exec(t);
          if (m) {
            try { pathParams[m[1]!] = decodeURIComponent(segments[i]!); } catch { return false; }
            return true;
          }
          return t === segments[i];
        });
        if (ok) return { api: e.api, endpoint: e.endpoint, scopes: e.scopes, pathParams };
      }
      return null;
    },
    mask: (body, scopes) => maskByPointers(body, scopes.flatMap((s) => s.pointers)),
    fieldsDelivered: leafPointers,
    fieldLinks: async (apiSlug) => entries.find((e) => e.api.slug === apiSlug)?.fieldLinks ?? {},
  };
}

/** Events in an array; `failWith` makes every append reject (the database is gone). */
export function inMemoryLedger(): LedgerWriter & { events: ExchangeEvent[]; failWith(err: Error | null): void } {
  let failure: Error | null = null;
  const events: ExchangeEvent[] = [];
  return {
    events,
    failWith: (err) => { failure = err; },
    async append(e) {
      if (failure) throw failure;
      events.push(e);
      return { id: e.id };
    },
  };
}

/** A fixed one-minute window per key, in this process only (one gateway). */
export function inMemoryRateLimiter(clock: Clock): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  return {
    async consume(key, limit): Promise<RateDecision> {
      const now = clock.now().getTime();
      const start = now - (now % 60_000);
      let w = windows.get(key);
      if (!w || w.start !== start) windows.set(key, (w = { start, count: 0 }));
      const allowed = w.count < limit;
      if (allowed) w.count += 1;
      return { allowed, limit, remaining: Math.max(0, limit - w.count), resetSeconds: Math.ceil((start + 60_000 - now) / 1000) };
    },
  };
}
