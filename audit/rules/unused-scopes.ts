import { fieldCovers, listScopes } from '../../catalog/index.js';
import { listActiveContractFactsStartedBefore } from '../store/contracts.js';
import { listFieldsServedByContract, listTransitionEventIdsByContract } from '../store/ledger.js';
import type { RuleHit, SweepRule } from './rule.js';

const DAY = 24 * 3600_000;

/**
 * unused_scopes (over-granting, minimisation): a contract in force for at least
 * `unusedScopeDays` days with granted scopes whose fields were not delivered once in that
 * period. Evidence: the ledger events of the contract's transitions (its grant). Near misses:
 * a scope used on the last day of the period; a contract younger than the period.
 */
export const unusedScopes: SweepRule = {
  kind: 'unused_scopes',
  async sweep(ctx, now) {
    const since = new Date(now.getTime() - ctx.options.unusedScopeDays * DAY);
    const hits: RuleHit[] = [];
    for (const f of await listActiveContractFactsStartedBefore(ctx.db, since)) {
      if (f.scopes.length === 0) continue;
      const defined = await listScopes(ctx.db, f.apiSlug).catch(() => []);
      const served = await listFieldsServedByContract(ctx.db, f.consumerSiret, f.id, since);
      const unused = f.scopes.filter((name) => {
        const pointers = defined.find((s) => s.name === name)?.pointers ?? [];
        return !pointers.some((p) => served.some((field) => fieldCovers(p, field)));
      });
      if (unused.length === 0) continue;
      hits.push({
        kind: 'unused_scopes',
        source: 'rule',
        contractId: f.id,
        dedupKey: f.id,
        evidence: await listTransitionEventIdsByContract(ctx.db, f.consumerSiret, f.id, 10),
        summary: `Périmètre(s) accordé(s) jamais utilisé(s) depuis ${ctx.options.unusedScopeDays} jours : ${unused.join(', ')} (API ${f.apiSlug}).`,
      });
    }
    return hits;
  },
};
