import type { LedgerRow } from '../types.js';
import { groupBy, isExchange, type EventRule, type RuleHit } from './rule.js';
import type { ContractFacts } from '../store/contracts.js';

/**
 * call_after_end: an exchange (served, denied or failed: an attempt is enough) under a contract,
 * occurring at or after the contract's revocation or expiry, or after its `valid_until`.
 * Near misses: calls before the end; calls while the contract is only suspended.
 */
function endedAt(f: ContractFacts, at: Date): string | null {
  if (f.endedAt && at.getTime() >= f.endedAt.getTime()) return f.status === 'expired' ? 'l’expiration' : 'la révocation';
  if (f.validUntil && at.getTime() > f.validUntil.getTime()) return 'la date de fin de validité';
  return null;
}

export const callAfterEnd: EventRule = {
  kind: 'call_after_end',
  async evaluate(events, ctx) {
    const late = events.filter(
      (e) => isExchange(e) && !!ctx.contract(e.contractId) && endedAt(ctx.contract(e.contractId)!, e.occurredAt) !== null,
    );
    const hits: RuleHit[] = [];
    for (const [contractId, rows] of groupBy<LedgerRow>(late, (e) => e.contractId)) {
      const f = ctx.contract(contractId)!;
      hits.push({
        kind: 'call_after_end',
        source: 'rule',
        contractId,
        dedupKey: contractId,
        evidence: rows.map((r) => r.id),
        summary: `${rows.length} appel(s) tenté(s) après ${endedAt(f, rows[0]!.occurredAt)} du contrat (API ${f.apiSlug}, consommateur ${f.consumerSiret}).`,
      });
    }
    return hits;
  },
};
