import { listEventPartiesByIds } from '../store/ledger.js';
import type { EventRule, RuleHit } from './rule.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * citizen_report: a citizen's "Signaler un accès suspect" is recorded in the ledger by the
 * citizen space (`citizen.report`, detail `{ caseId, exchangeId }`); it becomes a case here, with
 * the reported exchange and the report itself as evidence, about the exchange's contract. The
 * citizen's message stays in the citizen space (it may hold personal data). One case per
 * reported exchange (dedup key `exchange:<id>`, the one `openCase` callers should use too).
 */
export const citizenReport: EventRule = {
  kind: 'citizen_report',
  async evaluate(events, ctx) {
    const reports = events.filter(
      (e) => e.type === 'citizen.report' && typeof e.detail?.exchangeId === 'string' && UUID.test(e.detail.exchangeId as string),
    );
    if (reports.length === 0) return [];
    const parties = await listEventPartiesByIds(
      ctx.db,
      reports.map((r) => r.detail!.exchangeId as string),
    );
    return reports.map((r): RuleHit => {
      const exchangeId = r.detail!.exchangeId as string;
      const p = parties.get(exchangeId);
      const contractId = p?.contractId && UUID.test(p.contractId) ? p.contractId : undefined;
      return {
        kind: 'citizen_report',
        source: 'citizen',
        contractId,
        consumerSiret: p?.consumerSiret ?? r.consumerSiret ?? undefined,
        apiSlug: p?.apiSlug ?? r.apiSlug ?? undefined,
        dedupKey: `exchange:${exchangeId}`,
        evidence: p ? [exchangeId, r.id] : [r.id],
        summary: `Un usager signale comme suspect l’échange ${exchangeId}${p?.apiSlug ? ` (API ${p.apiSlug})` : ''}.`,
      };
    });
  },
};
