import type { LedgerRow } from '../types.js';
import { listExchangeTimesByContract } from '../store/ledger.js';
import { firstWindowAbove } from './sliding-window.js';
import { groupBy, isExchange, type EventRule, type RuleHit } from './rule.js';

/**
 * volume_above_declared: more calls under a contract within one minute than the volume per
 * minute the applicant declared (`volume_per_minute` of the request). Evidence: the calls of
 * that minute. Near miss: exactly the declared volume.
 */
export const volumeAboveDeclared: EventRule = {
  kind: 'volume_above_declared',
  async evaluate(events, ctx) {
    const hits: RuleHit[] = [];
    const W = ctx.options.volumeWindowMs;
    const calls = events.filter((e) => isExchange(e) && e.consumerSiret && ctx.contract(e.contractId)?.declaredPerMinute);
    for (const [contractId, rows] of groupBy<LedgerRow>(calls, (e) => e.contractId)) {
      const f = ctx.contract(contractId)!;
      const times = rows.map((r) => r.occurredAt.getTime());
      const items = await listExchangeTimesByContract(
        ctx.db,
        f.consumerSiret,
        contractId,
        new Date(Math.min(...times) - W),
        new Date(Math.max(...times)),
      );
      const window = firstWindowAbove(items, new Set(rows.map((r) => r.id)), W, f.declaredPerMinute!);
      if (!window) continue;
      hits.push({
        kind: 'volume_above_declared',
        source: 'rule',
        contractId,
        dedupKey: contractId,
        evidence: window.map((w) => w.id),
        summary: `${window.length} appels en une minute pour un volume déclaré de ${f.declaredPerMinute} par minute (API ${f.apiSlug}).`,
      });
    }
    return hits;
  },
};
