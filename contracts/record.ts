import type pg from 'pg';
import { ProblemError } from '../schemas/index.js';
import { withTransaction } from './store/tx.js';
import { findContractById, type ContractRow } from './store/contracts.js';
import { findVersionsByContract, type VersionRow } from './store/versions.js';
import { insertContractEvent } from './store/events.js';
import { toContractView, toEventView, type ContractView } from './view.js';
import type { Actor, ContractEvent, ContractsContext, FieldDiff } from './types.js';

export interface TransitionRecord {
  version: number;
  action: string;
  from: string | null;
  to: string;
  actingAs: { siret: string | null; role: string | null };
  reason?: string | null;
  diff?: FieldDiff[] | null;
}

export interface Locked {
  client: pg.PoolClient;
  contract: ContractRow;
  versions: VersionRow[];
  now: Date;
}

/**
 * The frame of every transition: lock the contract row (transitions of one contract are
 * serialised), run the checks and writes of `fn`, keep the event in contract_events in the
 * same transaction, then - once committed - hand the event to the ledger port.
 */
export async function transition(
  ctx: ContractsContext,
  contractId: string,
  actor: Actor,
  fn: (l: Locked) => Promise<TransitionRecord>,
): Promise<{ contract: ContractView; event: ContractEvent }> {
  const { contract, versions, event } = await withTransaction(ctx.pool, async (client) => {
    const locked = await lockContract(client, contractId);
    const now = ctx.clock.now();
    const r = await fn({ client, contract: locked.contract, versions: locked.versions, now });
    const row = await insertContractEvent(client, {
      contractId,
      version: r.version,
      action: r.action,
      from: r.from,
      to: r.to,
      actorSub: actor.sub,
      actorName: actor.name ?? null,
      actorSiret: r.actingAs.siret,
      actorRole: r.actingAs.role,
      reason: r.reason ?? null,
      diff: r.diff ?? null,
      at: now,
    });
    const after = await lockContract(client, contractId);
    return { ...after, event: toEventView(row, after.contract) };
  });
  await ctx.onTransition?.(event);
  return { contract: toContractView(contract, versions), event };
}

async function lockContract(client: pg.PoolClient, contractId: string): Promise<{ contract: ContractRow; versions: VersionRow[] }> {
  const contract = await findContractById(client, contractId, true);
  if (!contract) throw new ProblemError('client.not_found', { detail: 'Contrat introuvable.' });
  return { contract, versions: await findVersionsByContract(client, contractId) };
}

/** The version under instruction in one of `statuses`, `client.invalid_transition` otherwise. */
export function openVersionIn(versions: VersionRow[], statuses: readonly string[], what: string): VersionRow {
  const v = versions.find((x) => ['draft', 'submitted', 'changes_requested'].includes(x.status));
  if (!v || !statuses.includes(v.status)) {
    throw new ProblemError('client.invalid_transition', {
      detail: `Impossible de ${what} : ${v ? `la version ${v.version} est « ${v.status} »` : 'aucune demande en cours'}.`,
    });
  }
  return v;
}
