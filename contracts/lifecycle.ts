import { ProblemError } from '../schemas/index.js';
import { updateContractStatusById, listExpiredContractIds } from './store/contracts.js';
import { assertInstructor, hasRole, requireReason, actingAs } from './access.js';
import { transition } from './record.js';
import { assertContractId } from './requests.js';
import type { ContractView } from './view.js';
import type { Actor, ContractsContext } from './types.js';

/** What each life-cycle action of a validated contract accepts, and where it leads. */
const MOVES = {
  suspend: { from: ['active'], to: 'suspended', reason: true },
  resume: { from: ['suspended'], to: 'active', reason: false },
  revoke: { from: ['active', 'suspended'], to: 'revoked', reason: true },
} as const;

export type LifecycleAction = keyof typeof MOVES;

/**
 * Suspends, resumes or revokes the contract in force (producer's instructors or DPO, or a
 * platform admin). Suspending and revoking need a written reason. Its tokens stop working on
 * the exchange path through the contract directory's invalidation (LISTEN/NOTIFY).
 */
export async function changeContractStatus(
  ctx: ContractsContext,
  actor: Actor,
  contractId: string,
  action: LifecycleAction,
  reason?: string,
): Promise<ContractView> {
  assertContractId(contractId);
  const move = MOVES[action];
  const { contract } = await transition(ctx, contractId, actor, async ({ client, contract: c, now }) => {
    const parties = { consumerSiret: c.consumer_siret, producerSiret: c.producer_siret };
    const admin = actor.platformRoles.includes('admin');
    const role = hasRole(actor, parties.producerSiret, 'instructor') ? 'instructor' : 'dpo';
    if (!admin) assertInstructor(actor, parties, role);
    const why = move.reason ? requireReason(reason) : reason?.trim() || null;
    if (!(move.from as readonly string[]).includes(c.status)) {
      throw new ProblemError('client.invalid_transition', { detail: `Action « ${action} » impossible sur un contrat « ${c.status} ».` });
    }
    await updateContractStatusById(client, contractId, move.to, c.current_version, now);
    return {
      version: c.current_version ?? 1,
      action,
      from: c.status,
      to: move.to,
      actingAs: admin ? { siret: null, role: 'admin' } : actingAs(actor, parties.producerSiret, role),
      reason: why,
    };
  });
  return contract;
}

const SYSTEM: Actor = { sub: 'system', name: 'Datapedia', memberships: [], platformRoles: [] };

/** Marks contracts past their end date `expired` (their tokens are refused anyway). Returns the ids. */
export async function expireContracts(ctx: ContractsContext): Promise<string[]> {
  const ids = await listExpiredContractIds(ctx.pool, ctx.clock.now());
  for (const id of ids) {
    await transition(ctx, id, SYSTEM, async ({ client, contract: c, now }) => {
      if (!['active', 'suspended'].includes(c.status)) throw new ProblemError('client.invalid_transition');
      await updateContractStatusById(client, id, 'expired', c.current_version, now);
      return {
        version: c.current_version ?? 1,
        action: 'expire',
        from: c.status,
        to: 'expired',
        actingAs: { siret: null, role: 'system' },
        reason: 'Date de fin atteinte',
      };
    }).catch((err: unknown) => {
      if (!(err instanceof ProblemError)) throw err;
    });
  }
  return ids;
}
