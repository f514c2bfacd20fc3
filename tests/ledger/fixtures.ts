import { randomUUID } from 'node:crypto';
import type { LedgerEventInput } from '../../ledger/index.js';

/** A realistic "exchange served" event (no personal data: subject_ref is an HMAC). */
export function servedEvent(i = 0, over: Partial<LedgerEventInput> = {}): LedgerEventInput {
  return {
    id: randomUUID(),
    type: 'exchange.served',
    occurredAt: new Date(Date.UTC(2026, 10, 23, 9, 0, 0, i)),
    actor: { kind: 'client', id: 'client-ville-lyon' },
    consumerSiret: '21690123100011',
    clientId: 'client-ville-lyon',
    contractId: 'c0a8e7e4-1111-4a4a-8888-000000000001',
    contractVersion: 2,
    producerSiret: '18000100000017',
    apiSlug: 'cnaf-quotient-familial',
    endpoint: 'getQuotientFamilial',
    fields: ['/quotient_familial/valeur', '/quotient_familial/annee'],
    dataElements: ['quotient_familial'],
    subjectRef: `${(i % 97).toString(16).padStart(2, '0')}${'ab'.repeat(31)}`,
    subjectKind: 'person',
    recipient: '21690123100011',
    context: 'Tarification cantine',
    object: `Dossier ${i}`,
    legalBasis: { nature: 'Délibération du conseil municipal', url: null },
    outcome: 'served',
    status: 200,
    latencyMs: 12,
    bodySha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    detail: { scopes: ['quotient_familial'], ratio: 0.5 },
    ...over,
  };
}
