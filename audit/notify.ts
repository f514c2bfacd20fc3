import type { AuditCase, Queryable } from './types.js';
import type { ContractFacts } from './store/contracts.js';
import { insertNotifications, type OutboxMessage } from './store/outbox.js';
import { caseKindLabel } from './labels.js';

/**
 * Queues one message per contact of the contract (controller, DPO, business and technical
 * contacts) in the transactional outbox, in the transaction that opened the case. Delivery
 * (e-mail) is out of scope: a relay reads the unsent rows.
 */
export async function notifyContractContacts(db: Queryable, c: AuditCase, facts: ContractFacts | undefined, at: Date): Promise<number> {
  if (!facts) return 0;
  const subject = `[Datapedia] Cas de contrôle ouvert : ${caseKindLabel(c.kind)}`;
  const body = [
    'Bonjour,',
    '',
    `Le contrôle de l’usage des données de la plateforme Datapedia a ouvert un cas concernant le contrat ${facts.id} (API ${facts.apiSlug}).`,
    '',
    `Motif : ${c.summary}`,
    `Référence du cas : ${c.id}`,
    `Éléments de preuve : ${c.evidence.length} événement(s) du journal des échanges.`,
    '',
    'Un auditeur instruira ce cas ; il pourra vous contacter.',
  ].join('\n');
  const messages: OutboxMessage[] = facts.contacts.map((ct) => ({ caseId: c.id, email: ct.email, role: ct.role, subject, body }));
  await insertNotifications(db, messages, at);
  return messages.length;
}
