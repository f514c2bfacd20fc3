/**
 * Subscriptions of instructing administrations. Rules: territories exist in the COG at their
 * level and are no finer than the procedure's routing level; a push webhook URL must be on a
 * host the operator declared; only the procedure's owner approves; two active subscriptions of
 * one procedure never cover the same exact territory (routing stays unambiguous).
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { compileValidator, isValidSiret, ProblemError, withTransaction, type Clock } from '../schemas/index.js';
import { getProcedure } from './procedures.js';
import { checkTerritory, levelsFrom } from './territory.js';
import { findProcedureByCode } from './store/procedures.js';
import {
  findActiveOverlapBySubscription,
  findSubscriptionById,
  insertSubscription,
  insertSubscriptionTerritories,
  listSubscriptionsByProcedure,
  listSubscriptionsBySubscriber,
  updateSubscriptionStatusById,
  type SubscriptionRow,
} from './store/subscriptions.js';
import type { FlowActor, Subscription, SubscriptionInput, SubscriptionStatus } from './types.js';

const validateInput = compileValidator<SubscriptionInput>({
  type: 'object',
  additionalProperties: false,
  required: ['procedureCode', 'subscriberSiret', 'subscriberName', 'territories', 'delivery'],
  properties: {
    procedureCode: { type: 'string', maxLength: 64 },
    subscriberSiret: { type: 'string', format: 'siret' },
    subscriberName: { type: 'string', minLength: 1, maxLength: 300 },
    territories: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['level', 'code'],
        properties: { level: { enum: ['commune', 'departement', 'region', 'national'] }, code: { type: 'string', maxLength: 10 } },
      },
    },
    delivery: {
      oneOf: [
        { type: 'object', additionalProperties: false, required: ['mode'], properties: { mode: { const: 'pull' } } },
        {
          type: 'object',
          additionalProperties: false,
          required: ['mode', 'webhookUrl'],
          properties: { mode: { const: 'push' }, webhookUrl: { type: 'string', format: 'uri', maxLength: 2000 } },
        },
      ],
    },
  },
});

export function toSubscription(r: SubscriptionRow): Subscription {
  return {
    id: r.id,
    procedureCode: r.procedure_code,
    subscriberSiret: r.subscriber_siret,
    subscriberName: r.subscriber_name,
    territories: r.territories,
    delivery: r.delivery_mode === 'push' ? { mode: 'push', webhookUrl: r.webhook_url! } : { mode: 'pull' },
    status: r.status,
    createdAt: r.created_at,
    approvedAt: r.approved_at,
  };
}

/** A webhook URL is allowed only on a declared host (`host` or `host:port`), https unless loopback. */
export function checkWebhookUrl(url: string, allowedHosts: readonly string[]): void {
  const u = new URL(url);
  const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
  if (
    (u.protocol !== 'https:' && !(loopback && u.protocol === 'http:')) ||
    u.username ||
    u.password ||
    !(allowedHosts.includes(u.host) || allowedHosts.includes(u.hostname))
  ) {
    throw new ProblemError('client.validation_failed', {
      detail: 'URL de webhook hors des hôtes déclarés.',
      errors: [{ pointer: '/delivery/webhookUrl', detail: 'hôte non déclaré' }],
    });
  }
}

/** An instructing administration asks to subscribe (status `pending` until the owner approves). */
export async function requestSubscription(
  ctx: { pool: pg.Pool; clock: Clock },
  input: SubscriptionInput,
  opts: { allowedWebhookHosts?: readonly string[] } = {},
): Promise<Subscription> {
  const s = validateInput.assert(input);
  const procedure = await getProcedure(ctx, s.procedureCode);
  const allowed = levelsFrom(procedure.routingLevel);
  const territories = s.territories.map(checkTerritory);
  const tooFine = territories.find((t) => !allowed.includes(t.level));
  if (tooFine)
    throw new ProblemError('client.validation_failed', {
      detail: `Cette démarche est acheminée au niveau ${procedure.routingLevel} au plus fin.`,
      errors: [{ pointer: '/territories', detail: 'niveau trop fin' }],
    });
  if (s.delivery.mode === 'push') checkWebhookUrl(s.delivery.webhookUrl, opts.allowedWebhookHosts ?? []);
  const id = randomUUID();
  const now = ctx.clock.now();
  await withTransaction(ctx.pool, async (db) => {
    await insertSubscription(db, {
      id,
      procedure_code: s.procedureCode,
      subscriber_siret: s.subscriberSiret,
      subscriber_name: s.subscriberName,
      status: 'pending',
      delivery_mode: s.delivery.mode,
      webhook_url: s.delivery.mode === 'push' ? s.delivery.webhookUrl : null,
      created_at: now,
    });
    const unique = [...new Map(territories.map((t) => [`${t.level}:${t.code}`, t])).values()];
    await insertSubscriptionTerritories(
      db,
      id,
      s.procedureCode,
      unique.map((t) => t.level),
      unique.map((t) => t.code),
    );
  });
  return toSubscription((await findSubscriptionById(ctx.pool, id))!);
}

const TRANSITIONS: Record<string, SubscriptionStatus[]> = {
  approve: ['pending', 'suspended'],
  suspend: ['active'],
  revoke: ['pending', 'active', 'suspended'],
};
const TARGET: Record<string, SubscriptionStatus> = { approve: 'active', suspend: 'suspended', revoke: 'revoked' };

/**
 * The procedure's owner approves, suspends or revokes a subscription (an agent of the owner
 * organisation, or `kind: 'service'` for the platform operator's own tooling). Another
 * organisation → `client.forbidden`; an overlapping active subscription → `client.conflict`.
 */
export async function decideSubscription(
  ctx: { pool: pg.Pool; clock: Clock },
  o: { id: string; action: 'approve' | 'suspend' | 'revoke'; actor: FlowActor },
): Promise<Subscription> {
  await withTransaction(ctx.pool, async (db) => {
    const sub = await findSubscriptionById(db, o.id, true);
    if (!sub) throw new ProblemError('client.not_found', { detail: 'Abonnement inconnu.' });
    const procedure = await findProcedureByCode(db, sub.procedure_code);
    if (o.actor.kind !== 'service' && o.actor.organisationSiret !== procedure?.owner_siret) {
      throw new ProblemError('client.forbidden', { detail: 'Seul le propriétaire de la démarche décide des abonnements.' });
    }
    if (!TRANSITIONS[o.action]!.includes(sub.status))
      throw new ProblemError('client.invalid_transition', { detail: `Abonnement ${sub.status}.` });
    if (o.action === 'approve') {
      // Serialise approvals of one procedure so two overlapping ones cannot both pass the check.
      await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`flows:${sub.procedure_code}`]);
      const overlap = await findActiveOverlapBySubscription(db, sub.id);
      if (overlap)
        throw new ProblemError('client.conflict', {
          detail: `Territoire ${overlap.level} ${overlap.code} déjà couvert par un abonnement actif.`,
        });
    }
    await updateSubscriptionStatusById(
      db,
      sub.id,
      TARGET[o.action]!,
      o.action === 'approve' ? ctx.clock.now() : null,
      o.action === 'approve' ? { ...o.actor } : null,
    );
  });
  return toSubscription((await findSubscriptionById(ctx.pool, o.id))!);
}

/** Subscriptions of one procedure (or all, with null), for the operator and the owner. */
export async function listSubscriptions(ctx: { pool: pg.Pool }, procedureCode: string | null = null): Promise<Subscription[]> {
  return (await listSubscriptionsByProcedure(ctx.pool, procedureCode)).map(toSubscription);
}

/** An instructing administration's own subscriptions. */
export async function listMySubscriptions(ctx: { pool: pg.Pool }, subscriberSiret: string): Promise<Subscription[]> {
  if (!isValidSiret(subscriberSiret)) throw new ProblemError('client.invalid_siret');
  return (await listSubscriptionsBySubscriber(ctx.pool, subscriberSiret)).map(toSubscription);
}
