import type { LedgerRow } from '../types.js';
import { listDenialTimesByConsumer } from '../store/ledger.js';
import { firstWindowAbove } from './sliding-window.js';
import { groupBy, utcDay, type EventRule, type RuleHit } from './rule.js';

/**
 * denial_burst: at least `denialBurst.count` denied exchanges of one consumer within
 * `denialBurst.windowMs` (probing, a stolen credential, a broken client). Near miss: one fewer.
 */
export const denialBurst: EventRule = {
  kind: 'denial_burst',
  async evaluate(events, ctx) {
    const { count, windowMs } = ctx.options.denialBurst;
    const hits: RuleHit[] = [];
    const denials = events.filter((e) => e.type === 'exchange.denied' && e.consumerSiret);
    for (const [consumer, rows] of groupBy<LedgerRow>(denials, (e) => e.consumerSiret)) {
      const times = rows.map((r) => r.occurredAt.getTime());
      const items = await listDenialTimesByConsumer(
        ctx.db,
        consumer,
        new Date(Math.min(...times) - windowMs),
        new Date(Math.max(...times)),
      );
      const window = firstWindowAbove(items, new Set(rows.map((r) => r.id)), windowMs, count - 1);
      if (!window) continue;
      const last = window[window.length - 1]!;
      const contracts = new Set(rows.map((r) => r.contractId));
      hits.push({
        kind: 'denial_burst',
        source: 'rule',
        consumerSiret: consumer,
        contractId: contracts.size === 1 ? ctx.contract(rows[0]!.contractId)?.id : undefined,
        dedupKey: `${consumer}:${utcDay(last.at)}`,
        evidence: window.map((w) => w.id),
        summary: `${window.length} refus en ${Math.round(windowMs / 60_000)} minute(s) pour le consommateur ${consumer}.`,
      });
    }
    return hits;
  },
};
