/**
 * The citizen's proof verifier: the page `/moi/preuve` (open to anyone holding a proof file) and
 * its two scripts, `/assets/preuve.js` (the offline proof check, bundled once at start by
 * `bundleProofVerifier`) and `/assets/preuve-verification.js` (the page's behaviour). Files, never
 * inline code: pages run under a CSP with `script-src 'self'`.
 */
import type pg from 'pg';
import { listArchivedPeriods } from '../../ledger/index.js';
import { renderProofVerifierPage, PROOF_VERIFIER_SCRIPT } from '../../web/index.js';
import type { RouteSpec } from '../http/route.js';

export interface ProofVerifierServices {
  pool: Pick<pg.Pool, 'query'>;
  /** `await bundleProofVerifier()`, built once at start. */
  verifierScript: string;
}

const JS = { '200': { description: 'Script', contentType: 'text/javascript' } };

function script(body: string): RouteSpec['handler'] {
  return (_req, res) => {
    res.set('Cache-Control', 'public, max-age=300').type('text/javascript; charset=utf-8').send(body);
  };
}

export function proofVerifierRoutes(services: ProofVerifierServices): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/moi/preuve',
      operationId: 'webMoiProofVerifier',
      tags: ['web'],
      security: [],
      access: 'public',
      hidden: true,
      summary: 'Vérifier la preuve d’un échange (dans le navigateur)',
      responses: { '200': { description: 'Page HTML', contentType: 'text/html' } },
      handler: async (req, res) => {
        const p = req.principal;
        const periods = await listArchivedPeriods(services.pool);
        const html = renderProofVerifierPage({
          user: p ? { name: p.name ?? p.sub, logoutUrl: '/auth/logout' } : null,
          csrfToken: p?.csrfToken,
          archivedPeriods: periods.map((a) => ({ from: a.from.toISOString(), to: a.to.toISOString() })),
        });
        res.set('Cache-Control', 'no-store').type('html').send(html.toString());
      },
    },
    {
      method: 'get',
      path: '/assets/preuve.js',
      operationId: 'assetProofVerifier',
      tags: ['web'],
      security: [],
      access: 'public',
      hidden: true,
      summary: 'Vérificateur de preuves (navigateur)',
      responses: JS,
      handler: script(services.verifierScript),
    },
    {
      method: 'get',
      path: '/assets/preuve-verification.js',
      operationId: 'assetProofVerifierPage',
      tags: ['web'],
      security: [],
      access: 'public',
      hidden: true,
      summary: 'Comportement de la page de vérification',
      responses: JS,
      handler: script(PROOF_VERIFIER_SCRIPT),
    },
  ];
}
