import { randomUUID } from 'node:crypto';
import { ProblemError, isValidSiret } from '../schemas/index.js';
import { withTransaction } from './store/tx.js';
import { insertContract, findContractById, listContractsBySirets } from './store/contracts.js';
import {
  insertVersion,
  findVersionsByContract,
  findVersionsByContracts,
  updateVersionFormByKey,
  updateVersionStatusByKey,
} from './store/versions.js';
import { insertContractEvent, listEventsByContract } from './store/events.js';
import { assertApplicant, assertReader, canRead, actingAs } from './access.js';
import { assertDraftForm, assertSubmittable, mergeForm, diffFields } from './form.js';
import { transition, openVersionIn } from './record.js';
import { toContractView, toEventView, type ContractView } from './view.js';
import type { Actor, ApiTerms, ContractEvent, ContractsContext, HabilitationForm } from './types.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `client.not_found` for anything that is not a contract id (never a database error). */
export function assertContractId(id: string): void {
  if (!UUID.test(id)) throw new ProblemError('client.not_found', { detail: 'Contrat introuvable.' });
}

/** The API from the catalogue; only restricted APIs need a contract. */
export async function requireApi(ctx: ContractsContext, apiSlug: string): Promise<ApiTerms> {
  const api = await ctx.lookupApi(apiSlug);
  if (!api) throw new ProblemError('client.not_found', { detail: `API inconnue : ${apiSlug.slice(0, 80)}.` });
  return api;
}

/** Opens a habilitation request (version 1, draft) of `consumerSiret` for an API. */
export async function createHabilitationRequest(
  ctx: ContractsContext,
  actor: Actor,
  input: { apiSlug: string; consumerSiret: string; form?: unknown },
): Promise<ContractView> {
  if (!isValidSiret(input.consumerSiret)) throw new ProblemError('client.invalid_siret');
  assertApplicant(actor, input.consumerSiret);
  const api = await requireApi(ctx, input.apiSlug);
  if (api.access === 'open')
    throw new ProblemError('client.invalid_request', { detail: 'Cette API est ouverte : aucune habilitation n’est nécessaire.' });
  const form = assertDraftForm(input.form ?? {});
  const id = randomUUID();
  const now = ctx.clock.now();
  const event = await withTransaction(ctx.pool, async (client) => {
    const c = await insertContract(client, {
      id,
      consumerSiret: input.consumerSiret,
      producerSiret: api.producerSiret,
      apiSlug: api.slug,
      createdBy: actor.sub,
      at: now,
    });
    await insertVersion(client, { contractId: id, version: 1, form, createdBy: actor.sub, at: now });
    const row = await insertContractEvent(client, {
      contractId: id,
      version: 1,
      action: 'create',
      from: null,
      to: 'draft',
      actorSub: actor.sub,
      actorName: actor.name ?? null,
      actorSiret: input.consumerSiret,
      actorRole: 'applicant',
      reason: null,
      diff: diffFields(null, form as Record<string, unknown>),
      at: now,
    });
    return toEventView(row, c);
  });
  await ctx.onTransition?.(event);
  return getContract(ctx, actor, id);
}

/** Saves fields of the open draft (or of a request sent back for changes). */
export async function updateHabilitationRequest(
  ctx: ContractsContext,
  actor: Actor,
  contractId: string,
  patch: unknown,
): Promise<ContractView> {
  assertContractId(contractId);
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch))
    throw new ProblemError('client.validation_failed', { errors: [{ pointer: '/', detail: 'objet attendu' }] });
  return withTransaction(ctx.pool, async (client) => {
    const c = await findContractById(client, contractId, true);
    if (!c) throw new ProblemError('client.not_found', { detail: 'Contrat introuvable.' });
    assertReader(actor, { consumerSiret: c.consumer_siret, producerSiret: c.producer_siret });
    assertApplicant(actor, c.consumer_siret);
    const versions = await findVersionsByContract(client, contractId);
    const v = openVersionIn(versions, ['draft', 'changes_requested'], 'modifier la demande');
    const form = assertDraftForm(mergeForm(v.form as HabilitationForm, patch as Record<string, unknown>));
    await updateVersionFormByKey(client, contractId, v.version, form, ctx.clock.now());
    return toContractView(c, await findVersionsByContract(client, contractId));
  });
}

/** draft | changes_requested -> submitted; the form must be complete. */
export async function submitHabilitationRequest(ctx: ContractsContext, actor: Actor, contractId: string): Promise<ContractView> {
  assertContractId(contractId);
  const { contract } = await transition(ctx, contractId, actor, async ({ client, contract: c, versions, now }) => {
    assertReader(actor, { consumerSiret: c.consumer_siret, producerSiret: c.producer_siret });
    assertApplicant(actor, c.consumer_siret);
    const v = openVersionIn(versions, ['draft', 'changes_requested'], 'soumettre la demande');
    const api = await requireApi(ctx, c.api_slug);
    const form = assertSubmittable(v.form as HabilitationForm, api);
    // Diff against the form as last submitted, or the version in force for an amendment.
    const previous = v.submitted_form ?? versions.find((x) => x.version === c.current_version)?.form ?? null;
    await updateVersionStatusByKey(client, contractId, v.version, 'submitted', now, {
      submittedForm: form,
      submitted: true,
      firstApproval: null,
    });
    return {
      version: v.version,
      action: 'submit',
      from: v.status,
      to: 'submitted',
      actingAs: actingAs(actor, c.consumer_siret, 'applicant'),
      diff: diffFields(previous, form as Record<string, unknown>),
    };
  });
  return contract;
}

/** Amends an active contract: a new draft version; the current one stays in force until the new one is validated. */
export async function reopenContract(ctx: ContractsContext, actor: Actor, contractId: string): Promise<ContractView> {
  assertContractId(contractId);
  const { contract } = await transition(ctx, contractId, actor, async ({ client, contract: c, versions, now }) => {
    assertReader(actor, { consumerSiret: c.consumer_siret, producerSiret: c.producer_siret });
    assertApplicant(actor, c.consumer_siret);
    if (!['active', 'suspended'].includes(c.status))
      throw new ProblemError('client.invalid_transition', { detail: `Un contrat « ${c.status} » ne peut pas être modifié.` });
    if (versions.some((x) => ['draft', 'submitted', 'changes_requested'].includes(x.status)))
      throw new ProblemError('client.invalid_transition', { detail: 'Une modification est déjà en cours.' });
    const current = versions.find((x) => x.version === c.current_version)!;
    const version = Math.max(...versions.map((x) => x.version)) + 1;
    await insertVersion(client, { contractId, version, form: current.form, createdBy: actor.sub, at: now });
    return { version, action: 'reopen', from: null, to: 'draft', actingAs: actingAs(actor, c.consumer_siret, 'applicant') };
  });
  return contract;
}

/** One contract with all its versions, for its parties and auditors. */
export async function getContract(ctx: ContractsContext, actor: Actor, contractId: string): Promise<ContractView> {
  assertContractId(contractId);
  const c = await findContractById(ctx.pool, contractId);
  if (!c) throw new ProblemError('client.not_found', { detail: 'Contrat introuvable.' });
  assertReader(actor, { consumerSiret: c.consumer_siret, producerSiret: c.producer_siret });
  return toContractView(c, await findVersionsByContract(ctx.pool, contractId));
}

/** The history of a contract (every transition), for its parties and auditors. */
export async function listContractEvents(ctx: ContractsContext, actor: Actor, contractId: string): Promise<ContractEvent[]> {
  assertContractId(contractId);
  const c = await findContractById(ctx.pool, contractId);
  if (!c) throw new ProblemError('client.not_found', { detail: 'Contrat introuvable.' });
  assertReader(actor, { consumerSiret: c.consumer_siret, producerSiret: c.producer_siret });
  return (await listEventsByContract(ctx.pool, contractId)).map((e) => toEventView(e, c));
}

/**
 * Contracts the actor may see: `consumer` side (its requests), `producer` side (the queue to
 * instruct), or both; auditors and admins see all.
 */
export async function listContracts(
  ctx: ContractsContext,
  actor: Actor,
  opts: { side?: 'consumer' | 'producer' | 'any'; limit?: number } = {},
): Promise<ContractView[]> {
  const all = actor.platformRoles.includes('auditor') || actor.platformRoles.includes('admin');
  const sirets = all ? null : actor.memberships.filter((m) => m.roles.length > 0).map((m) => m.siret);
  const rows = await listContractsBySirets(ctx.pool, sirets, opts.side ?? 'any', Math.min(Math.max(opts.limit ?? 100, 1), 500));
  const visible = rows.filter((c) => canRead(actor, { consumerSiret: c.consumer_siret, producerSiret: c.producer_siret }));
  const versions = await findVersionsByContracts(
    ctx.pool,
    visible.map((c) => c.id),
  );
  return visible.map((c) =>
    toContractView(
      c,
      versions.filter((v) => v.contract_id === c.id),
    ),
  );
}
