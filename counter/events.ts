/**
 * Ledger events of the counter: one type, `counter.event`, with `detail.action` naming the change
 * (docs/architecture.md, "Counter"). Ids, statuses and organisations only: the texts written by
 * agents stay in the counter's tables, an address never reaches the ledger (invariant 4).
 */
import { randomUUID } from 'node:crypto';
import type { LedgerEventInput } from '../ledger/index.js';
import type { CounterActor } from './types.js';

export type CounterAction =
  | 'use_case_submitted'
  | 'use_case_published'
  | 'use_case_rejected'
  | 'need_submitted'
  | 'need_published'
  | 'need_rejected'
  | 'need_supported'
  | 'need_answered'
  | 'need_request_drafted';

export function counterEvent(o: {
  action: CounterAction;
  at: Date;
  actor: CounterActor;
  actingSiret: string | null;
  object: string;
  apiSlug?: string | null;
  producerSiret?: string | null;
  consumerSiret?: string | null;
  contractId?: string | null;
  detail?: Record<string, unknown>;
}): LedgerEventInput {
  return {
    id: randomUUID(),
    type: 'counter.event',
    occurredAt: o.at,
    outcome: 'recorded',
    actor: { kind: 'agent', id: o.actor.sub, ...(o.actingSiret ? { organisationSiret: o.actingSiret } : {}) },
    object: o.object,
    ...(o.apiSlug ? { apiSlug: o.apiSlug } : {}),
    ...(o.producerSiret ? { producerSiret: o.producerSiret } : {}),
    ...(o.consumerSiret ? { consumerSiret: o.consumerSiret } : {}),
    ...(o.contractId ? { contractId: o.contractId } : {}),
    detail: { action: o.action, ...o.detail },
  };
}
