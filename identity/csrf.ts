import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type RequestHandler } from 'express';
import { ProblemError } from '../schemas/index.js';

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const parseForm = express.urlencoded({ extended: false, limit: '64kb' });
const CHECKED = Symbol('csrfChecked');

function same(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

function presentedToken(req: Request): string | undefined {
  const header = req.headers['x-csrf-token'];
  if (typeof header === 'string') return header;
  const field = (req.body as Record<string, unknown> | undefined)?._csrf;
  return typeof field === 'string' ? field : undefined;
}

/**
 * Synchronizer-token CSRF defence (OWASP CSRF cheat sheet) for requests authenticated by the
 * session cookie: an unsafe method must carry the session's token in the `X-CSRF-Token`
 * header or the `_csrf` form field, else 403 `client.csrf_failed`. Bearer-authenticated and
 * anonymous requests are exempt (a browser never attaches a bearer token by itself). Parses
 * url-encoded form bodies itself, so it can run before the route. SameSite=Lax on the cookie
 * is the second layer.
 */
export function requireCsrf(): RequestHandler {
  return function checkCsrf(req, res, next) {
    const r = req as Request & { [CHECKED]?: true };
    if (SAFE.has(req.method) || req.principal?.via !== 'session' || r[CHECKED]) return next();
    // The embedded provider's pages do not act on Datapedia's session (their forms are bound
    // to the provider's own interaction cookie).
    if (req.originalUrl.startsWith('/idp/')) return next();
    parseForm(req, res, (err?: unknown) => {
      if (err) return next(err);
      const expected = req.principal?.csrfToken;
      const got = presentedToken(req);
      if (!expected || !got || !same(expected, got))
        return next(new ProblemError('client.csrf_failed', { detail: 'Jeton anti-CSRF absent ou invalide : rechargez la page.' }));
      r[CHECKED] = true;
      next();
    });
  };
}
