import { ProblemError } from '../schemas/index.js';
import { updateContractStatusById } from './store/contracts.js';
import { updateVersionStatusByKey, type VersionRow } from './store/versions.js';
import type { ContractRow } from './store/contracts.js';
import { assertInstructor, hasRole, requireReason, actingAs } from './access.js';
import { assertKnownScopes, diffFields } from './form.js';
import { transition, openVersionIn, type Locked, type TransitionRecord } from './record.js';
import { assertContractId, requireApi } from './requests.js';
import type { ContractView } from './view.js';
import type { Actor, ApiTerms, ContractsContext, GrantedTerms, HabilitationForm } from './types.js';

/** Body of an instruction action (schemas/contract-decision.json). */
export interface Decision {
  reason?: string;
  scopes?: string[];
  endpoints?: string[];
  rateLimitPerMinute?: number;
  validUntil?: string;
}

interface Terms {
  scopes: string[];
  endpoints: string[];
  rateLimitPerMinute: number;
  validUntil: string | null;
}

/**
 * Approves the submitted version. The producer's instructor may grant fewer scopes or endpoints
 * than asked. For a `highly_sensitive` API the first approval only records the terms: the
 * producer's DPO, another person, must approve too (four eyes) before the contract is valid.
 */
export async function approveHabilitationRequest(
  ctx: ContractsContext,
  actor: Actor,
  contractId: string,
  decision: Decision = {},
): Promise<ContractView> {
  assertContractId(contractId);
  const { contract } = await transition(ctx, contractId, actor, async (l) => {
    const parties = { consumerSiret: l.contract.consumer_siret, producerSiret: l.contract.producer_siret };
    const v = openVersionIn(l.versions, ['submitted'], 'approuver la demande');
    const api = await requireApi(ctx, l.contract.api_slug);
    if (v.first_approval) return secondApproval(ctx, actor, l, v, decision);
    assertInstructor(actor, parties);
    const terms = grantedTerms(api, v.form as HabilitationForm, decision, l.now);
    if (api.sensitivity === 'highly_sensitive') {
      const firstApproval = { sub: actor.sub, name: actor.name ?? null, at: l.now.toISOString(), ...terms };
      await updateVersionStatusByKey(l.client, contractId, v.version, 'submitted', l.now, { firstApproval });
      return {
        version: v.version,
        action: 'approve',
        from: 'submitted',
        to: 'submitted',
        actingAs: actingAs(actor, parties.producerSiret, 'instructor'),
        reason: decision.reason ?? null,
        diff: scopeDiff(v, terms),
      };
    }
    return validate(ctx, l, v, terms, [actor.sub], { action: 'approve', actor, role: 'instructor', reason: decision.reason });
  });
  return contract;
}

async function secondApproval(
  ctx: ContractsContext,
  actor: Actor,
  l: Locked,
  v: VersionRow,
  decision: Decision,
): Promise<TransitionRecord> {
  const first = v.first_approval!;
  const parties = { consumerSiret: l.contract.consumer_siret, producerSiret: l.contract.producer_siret };
  if (!hasRole(actor, parties.producerSiret, 'dpo') || actor.sub === first.sub) {
    throw new ProblemError('client.second_approval_required', {
      detail:
        'Cette API est très sensible : la seconde validation revient au DPO du producteur, une autre personne que le premier instructeur.',
    });
  }
  assertInstructor(actor, parties, 'dpo');
  if (decision.scopes || decision.endpoints || decision.rateLimitPerMinute || decision.validUntil) {
    throw new ProblemError('client.invalid_request', {
      detail:
        'La seconde validation porte sur les conditions fixées par le premier instructeur ; demandez des modifications pour les changer.',
    });
  }
  const terms: Terms = {
    scopes: first.scopes,
    endpoints: first.endpoints,
    rateLimitPerMinute: first.rateLimitPerMinute,
    validUntil: first.validUntil,
  };
  return validate(ctx, l, v, terms, [first.sub, actor.sub], { action: 'second_approval', actor, role: 'dpo', reason: decision.reason });
}

function grantedTerms(api: ApiTerms, form: HabilitationForm, d: Decision, now: Date): Terms {
  const asked = form.scopes ?? [];
  const scopes = d.scopes ?? asked;
  assertKnownScopes(scopes, api, '/scopes');
  const extra = scopes.filter((s) => !asked.includes(s));
  if (extra.length)
    throw new ProblemError('client.invalid_scope', {
      detail: `Périmètres non demandés : ${extra.join(', ')}.`,
      errors: [{ pointer: '/scopes', detail: 'on ne peut accorder que des périmètres demandés' }],
    });
  const endpoints = d.endpoints ?? api.endpoints;
  const unknown = endpoints.filter((e) => !api.endpoints.includes(e));
  if (unknown.length)
    throw new ProblemError('client.validation_failed', {
      detail: `Points d’accès inconnus : ${unknown.join(', ')}.`,
      errors: [{ pointer: '/endpoints', detail: 'point d’accès inconnu' }],
    });
  const validUntil = d.validUntil ? `${d.validUntil}T23:59:59.999Z` : null;
  if (validUntil && new Date(validUntil) <= now)
    throw new ProblemError('client.invalid_parameter', {
      detail: 'La date de fin doit être dans le futur.',
      errors: [{ pointer: '/validUntil', detail: 'date passée' }],
    });
  const rateLimitPerMinute = d.rateLimitPerMinute ?? Math.min(api.rateLimitPerMinute, form.volume_per_minute ?? api.rateLimitPerMinute);
  return { scopes, endpoints, rateLimitPerMinute, validUntil };
}

function scopeDiff(v: VersionRow, t: Terms): TransitionRecord['diff'] {
  return diffFields({ scopes: (v.form as HabilitationForm).scopes ?? [] }, { scopes: t.scopes });
}

/** Freezes and signs the granted terms; the previous version in force is superseded. */
async function validate(
  ctx: ContractsContext,
  l: Locked,
  v: VersionRow,
  t: Terms,
  approvedBy: string[],
  how: { action: string; actor: Actor; role: string; reason?: string },
): Promise<TransitionRecord> {
  const c: ContractRow = l.contract;
  const form = v.form as HabilitationForm;
  const terms: GrantedTerms = {
    contract_id: c.id,
    version: v.version,
    consumer_siret: c.consumer_siret,
    producer_siret: c.producer_siret,
    api: c.api_slug,
    endpoints: t.endpoints,
    scopes: t.scopes,
    requested_scopes: form.scopes ?? [],
    purpose: form.purpose ?? '',
    legal_basis: { nature: form.cadre_juridique_nature ?? '', url: form.cadre_juridique_url ?? null },
    recipients: form.recipients ?? [],
    rate_limit_per_minute: t.rateLimitPerMinute,
    ip_allowlist: form.ip_allowlist ?? [],
    retention_months: form.retention_months ?? 0,
    valid_from: l.now.toISOString(),
    valid_until: t.validUntil,
    approved_by: approvedBy,
  };
  const artefact = await ctx.signArtefact(terms);
  if (c.current_version !== null) await updateVersionStatusByKey(l.client, c.id, c.current_version, 'superseded', l.now);
  await updateVersionStatusByKey(l.client, c.id, v.version, 'validated', l.now, {
    granted: terms,
    artefact,
    validFrom: l.now,
    validUntil: t.validUntil ? new Date(t.validUntil) : null,
    decided: true,
  });
  await updateContractStatusById(l.client, c.id, c.status === 'suspended' ? 'suspended' : 'active', v.version, l.now);
  return {
    version: v.version,
    action: how.action,
    from: 'submitted',
    to: 'validated',
    actingAs: actingAs(how.actor, c.producer_siret, how.role),
    reason: how.reason ?? null,
    diff: scopeDiff(v, t),
  };
}

/** submitted -> changes_requested, with a written reason; any first approval is dropped. */
export async function requestChanges(ctx: ContractsContext, actor: Actor, contractId: string, decision: Decision): Promise<ContractView> {
  return decide(ctx, actor, contractId, decision, 'request_changes', 'changes_requested');
}

/** submitted -> refused, with a written reason. A refused first request leaves the contract `refused`. */
export async function refuseHabilitationRequest(
  ctx: ContractsContext,
  actor: Actor,
  contractId: string,
  decision: Decision,
): Promise<ContractView> {
  return decide(ctx, actor, contractId, decision, 'refuse', 'refused');
}

async function decide(
  ctx: ContractsContext,
  actor: Actor,
  contractId: string,
  decision: Decision,
  action: string,
  to: 'changes_requested' | 'refused',
): Promise<ContractView> {
  assertContractId(contractId);
  const { contract } = await transition(ctx, contractId, actor, async ({ client, contract: c, versions, now }) => {
    const parties = { consumerSiret: c.consumer_siret, producerSiret: c.producer_siret };
    const v = openVersionIn(versions, ['submitted'], action === 'refuse' ? 'refuser la demande' : 'demander des modifications');
    const role = hasRole(actor, parties.producerSiret, 'instructor') ? 'instructor' : 'dpo';
    assertInstructor(actor, parties, role);
    const reason = requireReason(decision.reason);
    await updateVersionStatusByKey(client, contractId, v.version, to, now, { firstApproval: null, decided: to === 'refused' });
    if (to === 'refused' && c.status === 'pending') await updateContractStatusById(client, contractId, 'refused', null, now);
    return { version: v.version, action, from: 'submitted', to, actingAs: actingAs(actor, parties.producerSiret, role), reason };
  });
  return contract;
}
