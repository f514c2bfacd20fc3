import type { LedgerRow } from '../types.js';
import { groupBy, isExchange, type EventRule, type RuleHit } from './rule.js';

/**
 * recipient_outside_contract: the `recipient` of an exchange is neither the consumer itself nor
 * one of the recipients granted by the contract in force (or the gateway denied it with
 * `client.recipient_not_allowed`). Near miss: a granted recipient, the consumer itself.
 */
function outside(e: LedgerRow, ctx: Parameters<EventRule['evaluate']>[1]): boolean {
  if (!isExchange(e) || !e.recipient) return false;
  if (e.problemCode === 'client.recipient_not_allowed') return true;
  const f = ctx.contract(e.contractId);
  return !!f && e.recipient !== f.consumerSiret && !f.recipients.includes(e.recipient);
}

export const recipientOutside: EventRule = {
  kind: 'recipient_outside_contract',
  async evaluate(events, ctx) {
    const hits: RuleHit[] = [];
    const found = events.filter((e) => outside(e, ctx));
    for (const [key, rows] of groupBy<LedgerRow>(found, (e) => `${e.contractId ?? e.consumerSiret ?? '-'}:${e.recipient}`)) {
      const first = rows[0]!;
      hits.push({
        kind: 'recipient_outside_contract',
        source: 'rule',
        contractId: ctx.contract(first.contractId)?.id,
        consumerSiret: first.consumerSiret ?? undefined,
        dedupKey: key,
        evidence: rows.map((r) => r.id),
        summary: `${rows.length} appel(s) pour le destinataire ${first.recipient}, absent du contrat.`,
      });
    }
    return hits;
  },
};
