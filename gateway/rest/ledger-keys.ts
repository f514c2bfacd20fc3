import type { RouteSpec } from '../http/route.js';
import type { AppDeps } from '../deps.js';
import { listLedgerKeys } from '../../ledger/index.js';

/**
 * The public keys that sign the ledger's checkpoints, published to everyone (a JWK Set,
 * RFC 7517 §5): anyone holding an evidence bundle can verify it offline against keys fetched
 * from here rather than trusting the keys carried inside the bundle. Retired keys stay listed.
 */
export function ledgerKeyRoutes(deps: AppDeps): RouteSpec[] {
  return [{
    method: 'get', path: '/.well-known/ledger-keys.json', operationId: 'getLedgerKeys', tags: ['journal'], security: [], access: 'public',
    summary: 'Clés publiques des points de contrôle du journal des échanges (JWK Set)',
    responses: { '200': { description: 'JWK Set', schema: { type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: { type: 'object' } } } } } },
    handler: async (_req, res) => {
      res.set('Cache-Control', 'public, max-age=300').json({ keys: await listLedgerKeys(deps.pool) });
    },
  }];
}
