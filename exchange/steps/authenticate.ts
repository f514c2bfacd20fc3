/**
 * Step 1 — authenticate. Rules:
 * - an `Authorization: Bearer <JWT>` header is mandatory (RFC 6750 §2.1) — except for an open
 *   API (open-access.ts) —, else 401
 *   `client.unauthenticated` with `WWW-Authenticate: Bearer` (§3);
 * - signature, `iss`, `aud`, `exp`, `nbf` are checked by the TokenVerifier port (RFC 9068 §4);
 *   a failure is 401 `client.invalid_token` / `client.token_expired`;
 * - verified claims are cached by token hash until `exp` (token-cache.ts);
 * - a revoked token (RFC 7009) is `client.invalid_token`, checked on every call (the owner caches).
 */
import { ProblemError } from '../../schemas/index.js';
import type { ExchangeContext, ExchangeRuntime } from '../context.js';
import { resolveTarget } from '../support/resolve-target.js';
import { isOpenApi } from './open-access.js';

const BEARER = /^Bearer ([A-Za-z0-9\-._~+/]+=*)$/;

export async function authenticate(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<void> {
  const header = ctx.input.authorization;
  if (!header) {
    if (await isOpenTarget(ctx, rt)) {
      ctx.openAccess = true;
      return;
    }
    throw new ProblemError('client.unauthenticated', {
      detail: 'Jeton d’accès requis (Authorization: Bearer).',
      headers: { 'WWW-Authenticate': 'Bearer' },
    });
  }
  const m = BEARER.exec(header);
  if (!m) throw invalid('En-tête Authorization mal formé.');
  const token = m[1]!;
  const now = rt.ports.clock.now().getTime();
  let claims = rt.tokenCache.get(token, now);
  if (!claims) {
    try {
      claims = await rt.ports.tokens.verify(token);
    } catch (err) {
      if (err instanceof ProblemError) {
        throw new ProblemError(err.code, {
          detail: err.detail,
          cause: err,
          headers: { 'WWW-Authenticate': `Bearer error="invalid_token"`, ...err.headers },
        });
      }
      throw err;
    }
    rt.tokenCache.set(token, claims);
  }
  if (rt.ports.tokens.isRevoked && (await rt.ports.tokens.isRevoked(claims.jti))) throw invalid('Jeton révoqué.');
  ctx.claims = claims;
}

/** An anonymous call may reach an open API (open-access.ts); an unknown target stays a 401 (nothing revealed). */
async function isOpenTarget(ctx: ExchangeContext, rt: ExchangeRuntime): Promise<boolean> {
  try {
    await resolveTarget(ctx, rt);
  } catch {
    ctx.target = undefined;
    ctx.headers = {};
    return false;
  }
  return isOpenApi(ctx.target!.api);
}

function invalid(detail: string): ProblemError {
  return new ProblemError('client.invalid_token', { detail, headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } });
}
