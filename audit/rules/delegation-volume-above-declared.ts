import type { LedgerRow } from '../types.js';
import { findDelegationFactsByIds } from '../store/delegations.js';
import { listExchangeTimesByDelegation } from '../store/ledger.js';
import { firstWindowAbove } from './sliding-window.js';
import { groupBy, isExchange, type EventRule, type RuleHit } from './rule.js';

/** The delegation an exchange was made under (docs/architecture.md, "Delegations"), or null. */
function delegationOf(e: LedgerRow): string | null {
  const id = (e.detail?.delegation as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : null;
}

/**
 * delegation_volume_above_declared: an editor calling for a client, within one minute, more
 * often than the volume per minute the client declared when it delegated (`declared_volume`).
 * Evidence: the calls of that minute. Near miss: exactly the declared volume.
 */
export const delegationVolumeAboveDeclared: EventRule = {
  kind: 'delegation_volume_above_declared',
  async evaluate(events, ctx) {
    const hits: RuleHit[] = [];
    const W = ctx.options.volumeWindowMs;
    const calls = events.filter((e) => isExchange(e) && e.consumerSiret && delegationOf(e));
    if (calls.length === 0) return hits;
    const groups = groupBy<LedgerRow>(calls, delegationOf);
    const facts = await findDelegationFactsByIds(ctx.db, [...groups.keys()]);
    for (const [delegationId, rows] of groups) {
      const d = facts.get(delegationId);
      if (!d?.declaredPerMinute) continue;
      const times = rows.map((r) => r.occurredAt.getTime());
      const items = await listExchangeTimesByDelegation(
        ctx.db,
        d.consumerSiret,
        delegationId,
        new Date(Math.min(...times) - W),
        new Date(Math.max(...times)),
      );
      const window = firstWindowAbove(items, new Set(rows.map((r) => r.id)), W, d.declaredPerMinute);
      if (!window) continue;
      hits.push({
        kind: 'delegation_volume_above_declared',
        source: 'rule',
        contractId: d.contractId,
        consumerSiret: d.consumerSiret,
        apiSlug: d.apiSlug,
        dedupKey: delegationId,
        evidence: window.map((w) => w.id),
        summary: `L’éditeur ${d.editorSiret} (logiciel ${d.software}) a fait ${window.length} appels en une minute pour ${d.consumerSiret}, qui a déclaré ${d.declaredPerMinute} par minute pour lui (API ${d.apiSlug}).`,
      });
    }
    return hits;
  },
};
