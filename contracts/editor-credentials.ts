/**
 * An editor's credentials (docs/architecture.md, "Delegations"): one OAuth client per editor,
 * self-service by the editor's `admin` — the same client and secret machinery as contracts'
 * clients (secret shown once and stored as a scrypt hash, or private_key_jwt; rotation with an
 * overlap; revocation), plus optional address ranges checked at /oauth/token and on each call.
 */
import { randomUUID } from 'node:crypto';
import { getOrganisation } from '../catalog/index.js';
import { ProblemError, compileValidator, isValidSiret, withTransaction } from '../schemas/index.js';
import type { JWK } from 'jose';
import { hasRole } from './access.js';
import { assertJwks, newClientId, type ClientView, type IssuedClient } from './credentials.js';
import { generateClientSecret, hashClientSecret } from './secret-hash.js';
import * as store from './store/clients.js';
import type { Actor, ContractsContext, EditorCredentialEvent } from './types.js';

interface EditorClientRequest {
  token_endpoint_auth_method: 'client_secret_basic' | 'private_key_jwt';
  jwks?: { keys: JWK[] };
  ip_allowlist?: string[];
}

export interface EditorClientView extends ClientView {
  ip_allowlist: string[];
}

const validate = compileValidator<EditorClientRequest>('editor-client-request.json');
const MAX_OVERLAP_S = 30 * 24 * 3600;

/** The editor's admin (a platform admin may not act for it: credentials are the editor's own). */
async function assertEditorAdmin(ctx: ContractsContext, actor: Actor, editorSiret: string): Promise<void> {
  if (!isValidSiret(editorSiret)) throw new ProblemError('client.invalid_siret');
  if (!hasRole(actor, editorSiret, 'admin'))
    throw new ProblemError('client.forbidden', { detail: 'Rôle « administrateur » de l’éditeur requis.' });
  const org = await getOrganisation(ctx.pool, editorSiret);
  if (org.kind !== 'editor') throw new ProblemError('client.invalid_request', { detail: 'Cette organisation n’est pas un éditeur.' });
}

function assertRanges(ranges: string[]): void {
  ranges.forEach((r, i) => {
    const [addr, bits] = r.split('/');
    const v6 = addr!.includes(':');
    const ok = bits === undefined || (Number(bits) >= 0 && Number(bits) <= (v6 ? 128 : 32));
    if (!ok || (!v6 && !/^(\d{1,3}\.){3}\d{1,3}$/.test(addr!)))
      throw new ProblemError('client.validation_failed', {
        errors: [{ pointer: `/ip_allowlist/${i}`, detail: 'adresse ou plage CIDR invalide' }],
      });
  });
}

async function emit(ctx: ContractsContext, e: Omit<EditorCredentialEvent, 'id' | 'occurredAt'>, at: Date): Promise<void> {
  await ctx.onEditorCredential?.({ ...e, id: randomUUID(), occurredAt: at.toISOString() });
}

async function ownClient(ctx: ContractsContext, editorSiret: string, clientId: string): Promise<store.ClientRow> {
  const row = await store.findClientById(ctx.pool, clientId);
  if (!row || row.editor_siret !== editorSiret)
    throw new ProblemError('client.not_found', { detail: 'Client OAuth inconnu pour cet éditeur.' });
  return row;
}

/** Issues the editor's client; refused while another one is enabled (revoke it first, or rotate its secret). */
export async function createEditorClient(ctx: ContractsContext, actor: Actor, editorSiret: string, input: unknown): Promise<IssuedClient> {
  await assertEditorAdmin(ctx, actor, editorSiret);
  const req = validate.assert(input);
  if (req.jwks) await assertJwks(req.jwks);
  assertRanges(req.ip_allowlist ?? []);
  const clientId = newClientId();
  const secret = req.token_endpoint_auth_method === 'client_secret_basic' ? generateClientSecret() : undefined;
  const hash = secret ? await hashClientSecret(secret) : null;
  const at = ctx.clock.now();
  await withTransaction(ctx.pool, async (client) => {
    if ((await store.findClientsByEditor(client, editorSiret)).some((c) => c.disabled_at === null))
      throw new ProblemError('client.invalid_transition', {
        detail: 'L’éditeur a déjà des identifiants actifs : révoquez-les ou changez leur secret.',
      });
    await store.insertClient(client, {
      clientId,
      contractId: null,
      producerSiret: null,
      editorSiret,
      ipAllowlist: req.ip_allowlist ?? [],
      authMethod: req.token_endpoint_auth_method,
      jwks: req.jwks ?? null,
      createdBy: actor.sub,
      at,
    });
    if (hash) await store.insertClientSecret(client, { clientId, hash, at });
  });
  await emit(ctx, { action: 'credential_issued', editorSiret, clientId, actor: { sub: actor.sub, siret: editorSiret, role: 'admin' } }, at);
  return { client_id: clientId, token_endpoint_auth_method: req.token_endpoint_auth_method, ...(secret ? { client_secret: secret } : {}) };
}

/** A new secret shown once; the previous ones stay accepted for `overlapSeconds` (default one day). */
export async function rotateEditorSecret(
  ctx: ContractsContext,
  actor: Actor,
  editorSiret: string,
  clientId: string,
  overlapSeconds = 86_400,
): Promise<IssuedClient> {
  await assertEditorAdmin(ctx, actor, editorSiret);
  if (!Number.isInteger(overlapSeconds) || overlapSeconds < 0 || overlapSeconds > MAX_OVERLAP_S)
    throw new ProblemError('client.invalid_parameter', { detail: `overlapSeconds doit être un entier entre 0 et ${MAX_OVERLAP_S}.` });
  const row = await ownClient(ctx, editorSiret, clientId);
  if (row.disabled_at) throw new ProblemError('client.invalid_transition', { detail: 'Ces identifiants sont révoqués.' });
  if (row.auth_method !== 'client_secret_basic')
    throw new ProblemError('client.invalid_request', { detail: 'Ce client s’authentifie par private_key_jwt : il n’a pas de secret.' });
  const secret = generateClientSecret();
  const hash = await hashClientSecret(secret);
  const now = ctx.clock.now();
  const end = new Date(now.getTime() + overlapSeconds * 1000);
  await withTransaction(ctx.pool, async (client) => {
    await store.expireClientSecretsByClient(client, clientId, end);
    await store.insertClientSecret(client, { clientId, hash, at: now });
  });
  await emit(ctx, { action: 'secret_rotated', editorSiret, clientId, actor: { sub: actor.sub, siret: editorSiret, role: 'admin' } }, now);
  return {
    client_id: clientId,
    token_endpoint_auth_method: 'client_secret_basic',
    client_secret: secret,
    previous_secret_expires_at: end.toISOString(),
  };
}

/** Disables the editor's client: /oauth/token refuses it, and its tokens stop on the exchange path within 5 s. */
export async function revokeEditorClient(ctx: ContractsContext, actor: Actor, editorSiret: string, clientId: string): Promise<void> {
  await assertEditorAdmin(ctx, actor, editorSiret);
  await ownClient(ctx, editorSiret, clientId);
  const now = ctx.clock.now();
  if (!(await store.disableClient(ctx.pool, clientId, now)))
    throw new ProblemError('client.invalid_transition', { detail: 'Ces identifiants sont déjà révoqués.' });
  await emit(
    ctx,
    { action: 'credential_revoked', editorSiret, clientId, actor: { sub: actor.sub, siret: editorSiret, role: 'admin' } },
    now,
  );
}

/** The editor's clients (never their secrets): its members and platform staff. */
export async function listEditorClients(ctx: ContractsContext, actor: Actor, editorSiret: string): Promise<EditorClientView[]> {
  if (!isValidSiret(editorSiret)) throw new ProblemError('client.invalid_siret');
  const staff = actor.platformRoles.includes('auditor') || actor.platformRoles.includes('admin');
  if (!staff && !actor.memberships.some((m) => m.siret === editorSiret && m.roles.length > 0))
    throw new ProblemError('client.forbidden', { detail: 'Vous n’agissez pas pour cet éditeur.' });
  return (await store.findClientsByEditor(ctx.pool, editorSiret)).map((r) => ({
    client_id: r.client_id,
    token_endpoint_auth_method: r.auth_method,
    created_at: r.created_at.toISOString(),
    disabled: r.disabled_at !== null,
    ip_allowlist: r.ip_allowlist,
  }));
}

/** Registers the demo editor's documented client (demo seed only; idempotent, false when it exists). */
export async function registerDemoEditorClient(
  ctx: ContractsContext,
  c: { clientId: string; secret: string; editorSiret: string },
): Promise<boolean> {
  if (await store.findClientById(ctx.pool, c.clientId)) return false;
  const hash = await hashClientSecret(c.secret);
  await withTransaction(ctx.pool, async (client) => {
    const at = ctx.clock.now();
    await store.insertClient(client, {
      clientId: c.clientId,
      contractId: null,
      producerSiret: null,
      editorSiret: c.editorSiret,
      authMethod: 'client_secret_basic',
      jwks: null,
      createdBy: 'demo',
      at,
    });
    await store.insertClientSecret(client, { clientId: c.clientId, hash, at });
  });
  return true;
}
