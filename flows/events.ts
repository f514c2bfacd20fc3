/**
 * Ledger events of the flows domain: one type, `dossier.event`, with `detail.action` naming the
 * step. Digests and sizes only, never the form, a message or a file (docs/architecture.md,
 * "Ledger"): the subject as `subject_ref`, the receiving administration as `recipient`.
 */
import { randomUUID } from 'node:crypto';
import type { LedgerEventInput } from '../ledger/index.js';
import type { FlowActor } from './types.js';

export type DossierAction =
  'deposited' | 'routed' | 'delivered' | 'attachment_delivered' | 'acknowledged' | 'status' | 'purged' | 'push_attempted';

export interface DossierEventFacts {
  action: DossierAction;
  dossierId: string;
  at: Date;
  actor: FlowActor;
  procedureCode: string;
  subscriberSiret: string;
  subjectRef: string;
  subjectKind: 'person' | 'company';
  depositorSiret?: string | null;
  clientId?: string;
  bodySha256?: string;
  detail?: Record<string, unknown>;
}

export function dossierEvent(f: DossierEventFacts): LedgerEventInput {
  return {
    id: randomUUID(),
    type: 'dossier.event',
    occurredAt: f.at,
    outcome: 'recorded',
    actor: { kind: f.actor.kind, id: f.actor.id, ...(f.actor.organisationSiret ? { organisationSiret: f.actor.organisationSiret } : {}) },
    ...(f.depositorSiret ? { consumerSiret: f.depositorSiret } : {}),
    ...(f.clientId ? { clientId: f.clientId } : {}),
    recipient: f.subscriberSiret,
    subjectRef: f.subjectRef,
    subjectKind: f.subjectKind,
    context: `procedure:${f.procedureCode}`,
    object: `dossier:${f.dossierId}`,
    ...(f.bodySha256 ? { bodySha256: f.bodySha256 } : {}),
    detail: { action: f.action, dossierId: f.dossierId, procedure: f.procedureCode, ...f.detail },
  };
}
