import { randomBytes } from 'node:crypto';
import { importJWK, type JWK } from 'jose';
import { ProblemError, compileValidator, isValidSiret } from '../schemas/index.js';
import * as store from './store/clients.js';
import { findContractById } from './store/contracts.js';
import { withTransaction } from './store/tx.js';
import { assertApplicant, assertReader, hasRole, actingAs } from './access.js';
import { transition } from './record.js';
import { assertContractId } from './requests.js';
import { generateClientSecret, hashClientSecret } from './secret-hash.js';
import type { Actor, ContractsContext } from './types.js';

export interface ClientRequest {
  token_endpoint_auth_method: 'client_secret_basic' | 'private_key_jwt';
  jwks?: { keys: JWK[] };
}

/** Credentials as handed to the consumer; `client_secret` appears in this answer only. */
export interface IssuedClient {
  client_id: string;
  token_endpoint_auth_method: ClientRequest['token_endpoint_auth_method'];
  client_secret?: string;
  /** End of the previous secret's overlap, after a rotation. */
  previous_secret_expires_at?: string;
}

export interface ClientView {
  client_id: string;
  token_endpoint_auth_method: string;
  created_at: string;
  disabled: boolean;
}

const validateRequest = compileValidator<ClientRequest>('oauth-client-request.json');
/** Longest accepted overlap of a rotated secret (30 days); the default is one day. */
const MAX_OVERLAP_S = 30 * 24 * 3600;

export function newClientId(): string {
  return `dp_${randomBytes(18).toString('base64url')}`;
}

export async function assertJwks(jwks: { keys: JWK[] }): Promise<void> {
  for (const [i, k] of jwks.keys.entries()) {
    try {
      await importJWK(k, k.alg ?? (k.kty === 'EC' ? 'ES256' : 'RS256'));
    } catch {
      throw new ProblemError('client.validation_failed', { errors: [{ pointer: `/jwks/keys/${i}`, detail: 'clé publique invalide' }] });
    }
  }
}

/**
 * Issues an OAuth2 client for a validated contract (consumer's applicants): a secret shown once
 * and stored as a scrypt hash, or the consumer's public JWKS for private_key_jwt (RFC 7523).
 */
export async function createContractClient(ctx: ContractsContext, actor: Actor, contractId: string, input: unknown): Promise<IssuedClient> {
  assertContractId(contractId);
  const req = validateRequest.assert(input);
  if (req.jwks) await assertJwks(req.jwks);
  const clientId = newClientId();
  const secret = req.token_endpoint_auth_method === 'client_secret_basic' ? generateClientSecret() : undefined;
  const hash = secret ? await hashClientSecret(secret) : null;
  await transition(ctx, contractId, actor, async ({ client, contract: c, versions, now }) => {
    assertReader(actor, { consumerSiret: c.consumer_siret, producerSiret: c.producer_siret });
    assertApplicant(actor, c.consumer_siret);
    if (c.status !== 'active') {
      const waiting = versions.some((v) => v.status === 'submitted' && v.first_approval);
      if (waiting) throw new ProblemError('client.second_approval_required');
      throw new ProblemError('client.invalid_transition', { detail: `Pas d’identifiants pour un contrat « ${c.status} ».` });
    }
    await store.insertClient(client, {
      clientId,
      contractId,
      producerSiret: null,
      authMethod: req.token_endpoint_auth_method,
      jwks: req.jwks ?? null,
      createdBy: actor.sub,
      at: now,
    });
    if (hash) await store.insertClientSecret(client, { clientId, hash, at: now });
    return {
      version: c.current_version ?? 1,
      action: 'credential_issued',
      from: c.status,
      to: c.status,
      actingAs: actingAs(actor, c.consumer_siret, 'applicant'),
      diff: [{ field: 'client_id', before: null, after: clientId }],
    };
  });
  return { client_id: clientId, token_endpoint_auth_method: req.token_endpoint_auth_method, ...(secret ? { client_secret: secret } : {}) };
}

/**
 * Rotates a client's secret: the new one is shown once, the previous ones stay accepted for
 * `overlapSeconds` (default one day) so the consumer can deploy without downtime.
 */
export async function rotateClientSecret(
  ctx: ContractsContext,
  actor: Actor,
  contractId: string,
  clientId: string,
  overlapSeconds = 86_400,
): Promise<IssuedClient> {
  assertContractId(contractId);
  if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_OVERLAP_S) {
    throw new ProblemError('client.invalid_parameter', { detail: `overlapSeconds doit être un entier entre 0 et ${MAX_OVERLAP_S}.` });
  }
  const secret = generateClientSecret();
  const hash = await hashClientSecret(secret);
  let expiresAt = '';
  await transition(ctx, contractId, actor, async ({ client, contract: c, now }) => {
    assertReader(actor, { consumerSiret: c.consumer_siret, producerSiret: c.producer_siret });
    assertApplicant(actor, c.consumer_siret);
    const row = await store.findClientById(client, clientId);
    if (!row || row.contract_id !== contractId)
      throw new ProblemError('client.not_found', { detail: 'Client OAuth inconnu pour ce contrat.' });
    if (row.auth_method !== 'client_secret_basic')
      throw new ProblemError('client.invalid_request', { detail: 'Ce client s’authentifie par private_key_jwt : il n’a pas de secret.' });
    const end = new Date(now.getTime() + overlapSeconds * 1000);
    expiresAt = end.toISOString();
    await store.expireClientSecretsByClient(client, clientId, end);
    await store.insertClientSecret(client, { clientId, hash, at: now });
    return {
      version: c.current_version ?? 1,
      action: 'secret_rotated',
      from: c.status,
      to: c.status,
      actingAs: actingAs(actor, c.consumer_siret, 'applicant'),
      reason: `Ancien secret valable jusqu’au ${expiresAt}`,
      diff: null,
    };
  });
  return {
    client_id: clientId,
    token_endpoint_auth_method: 'client_secret_basic',
    client_secret: secret,
    previous_secret_expires_at: expiresAt,
  };
}

/**
 * Revokes a contract's client (consumer's applicants): the client is disabled, so /oauth/token
 * refuses it from now on, and the revocation is a contract event (hence a ledger event). Tokens
 * already issued expire with their short lifetime. Revoking a disabled client is refused.
 */
export async function revokeContractClient(ctx: ContractsContext, actor: Actor, contractId: string, clientId: string): Promise<void> {
  assertContractId(contractId);
  await transition(ctx, contractId, actor, async ({ client, contract: c, now }) => {
    assertReader(actor, { consumerSiret: c.consumer_siret, producerSiret: c.producer_siret });
    assertApplicant(actor, c.consumer_siret);
    const row = await store.findClientById(client, clientId);
    if (!row || row.contract_id !== contractId)
      throw new ProblemError('client.not_found', { detail: 'Client OAuth inconnu pour ce contrat.' });
    if (!(await store.disableClient(client, clientId, now)))
      throw new ProblemError('client.invalid_transition', { detail: 'Ces identifiants sont déjà révoqués.' });
    return {
      version: c.current_version ?? 1,
      action: 'credential_revoked',
      from: c.status,
      to: c.status,
      actingAs: actingAs(actor, c.consumer_siret, 'applicant'),
      diff: [{ field: 'client_id', before: clientId, after: null }],
    };
  });
}

/** The clients of a contract (never their secrets). */
export async function listContractClients(ctx: ContractsContext, actor: Actor, contractId: string): Promise<ClientView[]> {
  assertContractId(contractId);
  const c = await findContractById(ctx.pool, contractId);
  if (!c) throw new ProblemError('client.not_found', { detail: 'Contrat introuvable.' });
  assertReader(actor, { consumerSiret: c.consumer_siret, producerSiret: c.producer_siret });
  return (await store.findClientsByContract(ctx.pool, contractId)).map((r) => ({
    client_id: r.client_id,
    token_endpoint_auth_method: r.auth_method,
    created_at: r.created_at.toISOString(),
    disabled: r.disabled_at !== null,
  }));
}

/** A producer's own client, to call the introspection endpoint (RFC 7662) about tokens on its APIs. */
export async function createProducerClient(
  ctx: ContractsContext,
  actor: Actor,
  producerSiret: string,
  input: unknown,
): Promise<IssuedClient> {
  if (!isValidSiret(producerSiret)) throw new ProblemError('client.invalid_siret');
  if (!hasRole(actor, producerSiret, 'admin') && !hasRole(actor, producerSiret, 'instructor')) {
    throw new ProblemError('client.forbidden', { detail: 'Rôle « instructeur » ou « administrateur » du producteur requis.' });
  }
  const req = validateRequest.assert(input);
  if (req.jwks) await assertJwks(req.jwks);
  const clientId = newClientId();
  const secret = req.token_endpoint_auth_method === 'client_secret_basic' ? generateClientSecret() : undefined;
  const hash = secret ? await hashClientSecret(secret) : null;
  await withTransaction(ctx.pool, async (client) => {
    const at = ctx.clock.now();
    await store.insertClient(client, {
      clientId,
      contractId: null,
      producerSiret,
      authMethod: req.token_endpoint_auth_method,
      jwks: req.jwks ?? null,
      createdBy: actor.sub,
      at,
    });
    if (hash) await store.insertClientSecret(client, { clientId, hash, at });
  });
  return { client_id: clientId, token_endpoint_auth_method: req.token_endpoint_auth_method, ...(secret ? { client_secret: secret } : {}) };
}

/**
 * Registers a client with a known id and secret, without the workflow checks. For the demo
 * seed only (documented demo credentials); idempotent (false when it already exists).
 */
export async function registerDemoClient(
  ctx: ContractsContext,
  c: { clientId: string; secret: string; contractId: string },
): Promise<boolean> {
  if (await store.findClientById(ctx.pool, c.clientId)) return false;
  const hash = await hashClientSecret(c.secret);
  await withTransaction(ctx.pool, async (client) => {
    await store.insertClient(client, {
      clientId: c.clientId,
      contractId: c.contractId,
      producerSiret: null,
      authMethod: 'client_secret_basic',
      jwks: null,
      createdBy: 'demo',
      at: ctx.clock.now(),
    });
    await store.insertClientSecret(client, { clientId: c.clientId, hash, at: ctx.clock.now() });
  });
  return true;
}
