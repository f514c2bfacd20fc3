/**
 * Expiry as an event: a consent past its end date is already treated as expired everywhere
 * (status computed at read); this sweep also appends the `expired` version and its ledger
 * event, so the history and the ledger say when it lapsed. Safe to run in every process: a
 * concurrent sweep losing the race on (id, version) skips that consent.
 */
import { insertConsentVersion, listLapsedConsents } from './store/consents.js';
import { consentEvent } from './consents.js';
import { inTransaction } from './transaction.js';
import type { ConsentContext } from './types.js';

export async function expireConsents(ctx: ConsentContext, limit = 500): Promise<number> {
  const now = ctx.clock.now();
  let done = 0;
  for (const r of await listLapsedConsents(ctx.pool, now, limit)) {
    const next = {
      ...r,
      version: r.version + 1,
      status: 'expired' as const,
      actor: { kind: 'service' as const, id: 'datapedia' },
      created_at: now,
    };
    try {
      await inTransaction(ctx.pool, async (client) => {
        await insertConsentVersion(client, next);
        await ctx.recordConsentEvent(consentEvent(next, 'expired', now));
      });
      done += 1;
    } catch (err) {
      if ((err as { code?: string }).code !== '23505') throw err;
    }
  }
  return done;
}
