import { createHash } from 'node:crypto';
import type { ContractEvent, EditorCredentialEvent } from '../../contracts/index.js';
import type { LedgerEventInput } from '../../ledger/index.js';

/** A stable uuid-shaped id per contract event (appending it twice is idempotent by id). */
function eventUuid(e: ContractEvent): string {
  const h = createHash('sha256').update(`contract-event:${e.contractId}:${e.id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A contract transition as a ledger event (`contract.transition`, or `credential.issued` for
 * credentials). Field *names* of the diff only: values (contacts' names, e-mails) and the written
 * reason stay in `contract_events`, never in the ledger (docs/architecture.md, invariant 4).
 * Wiring: `contractsRuntime(deps).setTransitionListener((e) => writer.append(contractEventToLedger(e)))`.
 */
export function contractEventToLedger(e: ContractEvent): LedgerEventInput {
  const credential = e.action === 'credential_issued' || e.action === 'secret_rotated';
  return {
    id: eventUuid(e),
    type: credential ? 'credential.issued' : 'contract.transition',
    occurredAt: new Date(e.occurredAt),
    actor:
      e.actor.sub === 'system'
        ? { kind: 'service', id: 'datapedia' }
        : { kind: 'agent', id: e.actor.sub, ...(e.actor.siret ? { organisationSiret: e.actor.siret } : {}) },
    consumerSiret: e.consumerSiret,
    producerSiret: e.producerSiret,
    apiSlug: e.apiSlug,
    contractId: e.contractId,
    contractVersion: e.version,
    ...(credential && typeof e.diff?.find((d) => d.field === 'client_id')?.after === 'string'
      ? { clientId: e.diff.find((d) => d.field === 'client_id')!.after as string }
      : {}),
    // A revocation names the client it disabled (a contract transition of the ledger).
    ...(e.action === 'credential_revoked' && typeof e.diff?.find((d) => d.field === 'client_id')?.before === 'string'
      ? { clientId: e.diff.find((d) => d.field === 'client_id')!.before as string }
      : {}),
    outcome: 'recorded',
    detail: {
      action: e.action,
      from: e.from,
      to: e.to,
      role: e.actor.role,
      reasonGiven: e.reason !== null,
      fields: (e.diff ?? []).map((d) => d.field),
      // A delegation's change names the delegation and the editor (docs/architecture.md, "Delegations").
      ...(e.action.startsWith('delegation_') ? { delegation: delegationOf(e) } : {}),
    },
  };
}

function delegationOf(e: ContractEvent): { id: unknown; editorSiret: unknown } {
  const value = (field: string) => e.diff?.find((d) => d.field === field)?.after ?? null;
  return { id: value('delegation_id'), editorSiret: value('editor_siret') };
}

/** An editor's credential change as a ledger event (`credential.issued`; revocations as `contract.transition` of no contract). */
export function editorCredentialToLedger(e: EditorCredentialEvent): LedgerEventInput {
  return {
    id: e.id,
    type: e.action === 'credential_revoked' ? 'contract.transition' : 'credential.issued',
    occurredAt: new Date(e.occurredAt),
    actor: { kind: 'agent', id: e.actor.sub, ...(e.actor.siret ? { organisationSiret: e.actor.siret } : {}) },
    clientId: e.clientId,
    outcome: 'recorded',
    detail: { action: e.action, role: e.actor.role, editor: { editorSiret: e.editorSiret } },
  };
}
