/**
 * Delegations to software editors (docs/architecture.md, "Delegations"): the consumer's admin
 * grants one of its active contracts to an editor (pending), the editor's admin accepts it
 * (active), either side ends it (ended, for good). Each change is a contract event (kept in
 * contract_events, handed to the ledger port), and the exchange's directory drops its cache
 * on the database's notification (migration delegations_notify).
 */
import { randomUUID } from 'node:crypto';
import { getOrganisation } from '../catalog/index.js';
import { ProblemError, asProblem, compileValidator } from '../schemas/index.js';
import { actingAs, hasRole } from './access.js';
import { transition } from './record.js';
import * as store from './store/delegations.js';
import type { DelegationRow } from './store/delegations.js';
import type { Actor, ContractsContext } from './types.js';

export type DelegationStatus = DelegationRow['status'];

/** A delegation as its parties and the auditors see it. */
export interface DelegationView {
  id: string;
  contractId: string;
  apiSlug: string;
  consumerSiret: string;
  editorSiret: string;
  software: string;
  status: DelegationStatus;
  declaredVolume: number | null;
  createdAt: string;
  acceptedAt: string | null;
  endedAt: string | null;
  endReason: string | null;
}

interface DelegationInput {
  contractId: string;
  editorSiret: string;
  software: string;
  declaredVolume?: number;
}

const validate = compileValidator<DelegationInput>('delegation-request.json');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function toDelegationView(r: DelegationRow): DelegationView {
  return {
    id: r.id,
    contractId: r.contract_id,
    apiSlug: r.api_slug,
    consumerSiret: r.consumer_siret,
    editorSiret: r.editor_siret,
    software: r.software,
    status: r.status,
    declaredVolume: r.declared_volume,
    createdAt: r.created_at.toISOString(),
    acceptedAt: r.accepted_at?.toISOString() ?? null,
    endedAt: r.ended_at?.toISOString() ?? null,
    endReason: r.end_reason,
  };
}

function isStaff(actor: Actor): boolean {
  return actor.platformRoles.includes('auditor') || actor.platformRoles.includes('admin');
}

function isParty(actor: Actor, d: { consumer_siret: string; editor_siret: string }): boolean {
  return actor.memberships.some((m) => (m.siret === d.consumer_siret || m.siret === d.editor_siret) && m.roles.length > 0);
}

function notFound(): ProblemError {
  return new ProblemError('client.not_found', { detail: 'Délégation introuvable.' });
}

async function readable(ctx: ContractsContext, actor: Actor, id: string): Promise<DelegationRow> {
  if (!UUID.test(id)) throw notFound();
  const d = await store.findDelegationById(ctx.pool, id);
  if (!d || !(isStaff(actor) || isParty(actor, d))) throw notFound();
  return d;
}

/**
 * Grants a delegation (the consumer's `admin`): the contract must be the consumer's and active,
 * the editor an organisation of kind `editor`, without another delegation of this contract
 * still pending or active. The delegation is `pending` until the editor accepts it.
 */
export async function grantDelegation(ctx: ContractsContext, actor: Actor, input: unknown): Promise<DelegationView> {
  const req = validate.assert(input);
  const editor = await getOrganisation(ctx.pool, req.editorSiret).catch((err: unknown) => {
    throw asProblem(err).code === 'client.not_found'
      ? new ProblemError('client.validation_failed', { errors: [{ pointer: '/editorSiret', detail: 'éditeur inconnu' }] })
      : err;
  });
  if (editor.kind !== 'editor')
    throw new ProblemError('client.validation_failed', {
      errors: [{ pointer: '/editorSiret', detail: 'cette organisation n’est pas un éditeur' }],
    });
  const id = randomUUID();
  await transition(ctx, req.contractId, actor, async ({ client, contract: c, now }) => {
    if (!isStaff(actor) && !actor.memberships.some((m) => m.siret === c.consumer_siret || m.siret === c.producer_siret))
      throw new ProblemError('client.not_found', { detail: 'Contrat introuvable.' });
    if (!hasRole(actor, c.consumer_siret, 'admin'))
      throw new ProblemError('client.forbidden', { detail: 'Rôle « administrateur » de l’organisation consommatrice requis.' });
    if (c.status !== 'active')
      throw new ProblemError('client.invalid_transition', { detail: `Un contrat « ${c.status} » ne peut pas être délégué.` });
    if (editor.siret === c.consumer_siret)
      throw new ProblemError('client.invalid_transition', { detail: 'Une organisation ne se délègue pas à elle-même.' });
    if (await store.findOpenDelegationByContractAndEditor(client, c.id, editor.siret))
      throw new ProblemError('client.invalid_transition', { detail: 'Cet éditeur a déjà une délégation en cours pour ce contrat.' });
    await store.insertDelegation(client, {
      id,
      contractId: c.id,
      consumerSiret: c.consumer_siret,
      editorSiret: editor.siret,
      software: req.software.trim(),
      declaredVolume: req.declaredVolume ?? null,
      grantedBy: actor.sub,
      at: now,
    });
    return delegationEvent(c, 'delegation_granted', actingAs(actor, c.consumer_siret, 'admin'), id, editor.siret);
  });
  return toDelegationView((await store.findDelegationById(ctx.pool, id))!);
}

function delegationEvent(
  c: { status: string; current_version: number | null },
  action: string,
  acting: { siret: string | null; role: string | null },
  id: string,
  editorSiret: string,
  reason: string | null = null,
) {
  return {
    version: c.current_version ?? 1,
    action,
    from: c.status,
    to: c.status,
    actingAs: acting,
    reason,
    diff: [
      { field: 'delegation_id', before: action === 'delegation_granted' ? null : id, after: id },
      { field: 'editor_siret', before: action === 'delegation_granted' ? null : editorSiret, after: editorSiret },
    ],
  };
}

/** The editor's `admin` accepts a pending delegation: its calls are served from now on. */
export async function acceptDelegation(ctx: ContractsContext, actor: Actor, id: string): Promise<DelegationView> {
  const d = await readable(ctx, actor, id);
  await transition(ctx, d.contract_id, actor, async ({ client, contract: c, now }) => {
    const locked = (await store.findDelegationById(client, id, true))!;
    if (!hasRole(actor, locked.editor_siret, 'admin'))
      throw new ProblemError('client.forbidden', { detail: 'Rôle « administrateur » de l’éditeur requis.' });
    if (locked.status !== 'pending')
      throw new ProblemError('client.invalid_transition', { detail: `Délégation « ${locked.status} » : rien à accepter.` });
    if (c.status !== 'active') throw new ProblemError('client.invalid_transition', { detail: `Contrat « ${c.status} ».` });
    await store.acceptDelegationById(client, id, actor.sub, now);
    return delegationEvent(c, 'delegation_accepted', actingAs(actor, locked.editor_siret, 'admin'), id, locked.editor_siret);
  });
  return toDelegationView((await store.findDelegationById(ctx.pool, id))!);
}

/**
 * Ends a delegation, pending or active (the `admin` of the consumer or of the editor): its calls
 * are refused in every gateway within 5 s (docs/architecture.md, "Delegations").
 */
export async function endDelegation(ctx: ContractsContext, actor: Actor, id: string, reason?: string): Promise<DelegationView> {
  const d = await readable(ctx, actor, id);
  const why = typeof reason === 'string' && reason.trim() !== '' ? reason.trim().slice(0, 500) : null;
  await transition(ctx, d.contract_id, actor, async ({ client, contract: c, now }) => {
    const locked = (await store.findDelegationById(client, id, true))!;
    const side = hasRole(actor, locked.consumer_siret, 'admin')
      ? locked.consumer_siret
      : hasRole(actor, locked.editor_siret, 'admin')
        ? locked.editor_siret
        : null;
    if (!side) throw new ProblemError('client.forbidden', { detail: 'Rôle « administrateur » du consommateur ou de l’éditeur requis.' });
    if (locked.status === 'ended') throw new ProblemError('client.invalid_transition', { detail: 'Cette délégation est déjà terminée.' });
    await store.endDelegationById(client, id, actor.sub, why, now);
    return delegationEvent(c, 'delegation_ended', actingAs(actor, side, 'admin'), id, locked.editor_siret, why);
  });
  return toDelegationView((await store.findDelegationById(ctx.pool, id))!);
}

/** One delegation (its parties, the auditors); `client.not_found` to anyone else. */
export async function getDelegation(ctx: ContractsContext, actor: Actor, id: string): Promise<DelegationView> {
  return toDelegationView(await readable(ctx, actor, id));
}

/** The delegations the actor's organisations grant or receive; every delegation for platform staff. */
export async function listDelegations(ctx: ContractsContext, actor: Actor, limit = 200): Promise<DelegationView[]> {
  const sirets = isStaff(actor) ? null : [...new Set(actor.memberships.filter((m) => m.roles.length > 0).map((m) => m.siret))];
  if (sirets && sirets.length === 0) return [];
  return (await store.listDelegationsByParties(ctx.pool, sirets, limit)).map(toDelegationView);
}
