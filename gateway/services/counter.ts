/**
 * The counter's services (docs/architecture.md, "Counter"): its domain context over the
 * process's pool, clock and ledger writer, and the one use case that crosses domains — an
 * « available » answer to a need becomes an access request drafted for the requester's
 * organisation, prefilled from the need (contracts domain), then recorded on the need; and the
 * median instruction time the entry page promises, from the indicators domain.
 */
import { needForRequest, recordRequestDrafted, type CounterActor, type CounterContext, type Need } from '../../counter/index.js';
import { createHabilitationRequest } from '../../contracts/index.js';
import { instructionTime } from '../../indicators/index.js';
import type { Principal } from '../../schemas/index.js';
import type { AppDeps } from '../deps.js';
import type { ContractsServices } from './contracts-context.js';

export interface CounterServices {
  ctx: CounterContext;
  /** Drafts (once) the access request an available answer allows; returns the contract's id. */
  requestAccessFromNeed(actor: Principal, needId: string): Promise<{ contractId: string; created: boolean }>;
  /**
   * The median time from submission to decision of access requests over the last 12 months, as
   * the indicators publish it (the one computation, small counts withheld): null days when withheld.
   */
  instructionTime(): Promise<{ medianDays: number | null; decisions: number | null }>;
}

/** The request form's fields (schemas/habilitation-request.json) a need already answers. */
export function requestFormFromNeed(n: Need): Record<string, unknown> {
  return {
    intitule: n.title.slice(0, 200),
    description: `Besoin déclaré sur le guichet « Dites-le-nous une fois » : ${n.title}. Volume attendu : ${n.expectedVolume}.`.slice(
      0,
      5000,
    ),
    purpose: n.purpose,
    cadre_juridique_nature: n.legalBasis,
    ...(n.legalBasisUrl ? { cadre_juridique_url: n.legalBasisUrl } : {}),
    ...(n.deadline ? { production_date: n.deadline } : {}),
  };
}

export function createCounterServices(
  deps: Pick<AppDeps, 'pool' | 'clock' | 'ledger'>,
  o: { contracts: ContractsServices },
): CounterServices {
  const ctx: CounterContext = { pool: deps.pool, clock: deps.clock, ledger: deps.ledger };
  return {
    ctx,
    async instructionTime() {
      const t = await instructionTime(deps.pool, { now: deps.clock.now() });
      return { medianDays: t.medianDays, decisions: t.decisions };
    },
    async requestAccessFromNeed(actor, needId) {
      const need = await needForRequest(ctx, actor as CounterActor, needId);
      if (need.requestContractId) return { contractId: need.requestContractId, created: false };
      const contract = await createHabilitationRequest(o.contracts.ctx, actor, {
        apiSlug: need.answer!.apiSlug!,
        consumerSiret: need.requesterSiret,
        form: requestFormFromNeed(need),
      });
      await recordRequestDrafted(ctx, actor as CounterActor, need.id, contract.id);
      return { contractId: contract.id, created: true };
    },
  };
}
