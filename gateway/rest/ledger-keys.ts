import type pg from 'pg';
import type { RouteSpec } from '../http/route.js';
import type { LedgerPublicKey } from '../../ledger/index.js';
import { publishedLedgerKeys } from '../services/ledger-keys.js';

/**
 * The public keys that sign the ledger's checkpoints, published to everyone (a JWK Set,
 * RFC 7517 §5): the pinned set (LEDGER_PINNED_KEYS) and the keys signed rotations introduced from
 * it, never a key merely present in the database. Anyone holding a proof verifies it offline
 * against keys fetched from here (and, better, kept from an earlier visit) rather than trusting
 * keys carried inside the proof.
 */
export function ledgerKeyRoutes(services: { pool: Pick<pg.Pool, 'query'>; pinned?: LedgerPublicKey[] }): RouteSpec[] {
  return [
    {
      method: 'get',
      path: '/.well-known/ledger-keys.json',
      operationId: 'getLedgerKeys',
      tags: ['journal'],
      security: [],
      access: 'public',
      summary: 'Clés publiques des points de contrôle du journal des échanges (JWK Set)',
      responses: {
        '200': {
          description: 'JWK Set',
          schema: { type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: { type: 'object' } } } },
        },
      },
      handler: async (_req, res) => {
        res.set('Cache-Control', 'public, max-age=300').json({ keys: await publishedLedgerKeys(services.pool, services.pinned) });
      },
    },
  ];
}
