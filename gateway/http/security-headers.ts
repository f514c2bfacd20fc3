import helmet from 'helmet';
import type { RequestHandler } from 'express';

/**
 * Security headers on every page and response, the exchange path included:
 * - Content-Security-Policy without inline script or style (pages load their scripts and styles
 *   from our own origin, DSFR included), `frame-ancestors 'none'` (no framing, clickjacking),
 *   `object-src 'none'`, `base-uri 'self'`. No `form-action`: the login and logout forms end in
 *   redirects to the identity provider's origin. No `upgrade-insecure-requests`: a development
 *   instance is served over plain http on localhost.
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` (URLs of the exchange path
 *   and of the pages carry identifiers), `X-Frame-Options: DENY` for older browsers, HSTS.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        scriptSrcAttr: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    xFrameOptions: { action: 'deny' },
  });
}
