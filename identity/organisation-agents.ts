/**
 * Organisations manage their own agents (docs/architecture.md, "Identity and access"): an
 * organisation's `admin` invites an agent by e-mail, sets and removes roles, removes agents; the
 * platform operator appoints a first admin. Rules:
 * - an invitation is a membership granted ahead of the first login; it binds at a login whose
 *   verified e-mail is the invited one AND whose provider-asserted SIRET is the organisation's;
 * - no change may leave an organisation that had an admin without one (`client.last_admin`);
 * - every change of one organisation is serialised (advisory lock) and recorded in the ledger
 *   inside its transaction: the change commits only once its event did (`ctx.record`);
 * - roles are read from `memberships` at every request, so a change applies to the next one.
 */
import type pg from 'pg';
import { compileValidator, isValidSiret, ProblemError, withTransaction, type Clock, type OrgRole } from '../schemas/index.js';
import {
  deleteMembershipByIdAndSiret,
  findBoundMembershipByIdentityAndSiret,
  insertInvitedMembership,
  listMembershipsBySiret,
  listPendingInvitationsByLoginForUpdate,
  lockMembershipsBySiret,
  updateMembershipBoundById,
  updateMembershipDisplayNameBySub,
  updateMembershipRolesByIdAndSiret,
  type OrganisationMemberRow,
} from './store/organisation-agents.js';

export const ORG_ROLES: readonly OrgRole[] = ['applicant', 'instructor', 'dpo', 'admin'];

export type MembershipAction = 'invited' | 'invitation_accepted' | 'roles_changed' | 'removed' | 'admin_appointed';

/** Who changes an organisation's agents: one of its admins, or the platform operator. */
export interface AgentsActor {
  sub: string;
  /** The platform operator (platform `admin`), not an agent of the organisation. */
  operator: boolean;
  /** A service credential (the operator's static token) rather than a person. */
  service?: boolean;
}

/** One change, as the ledger records it (no e-mail, no name: invariant 4). */
export interface MembershipChange {
  action: MembershipAction;
  siret: string;
  membershipId: string;
  /** The agent's subject once bound; null for an invitation not yet accepted. */
  sub: string | null;
  rolesBefore: OrgRole[];
  rolesAfter: OrgRole[];
  actor: { sub: string; operator: boolean; service: boolean } | { sub: string; self: true };
  at: Date;
}

export interface AgentsContext {
  pool: pg.Pool;
  clock: Clock;
  /** The issuer under which memberships name the agents' provider (ProConnect, or the embedded one); null when agents cannot log in. */
  issuer: string | null;
  /** How long an invitation waits for its first login. */
  invitationTtlMs: number;
  /** Records a change in the ledger, inside the change's transaction (a failure rolls it back). */
  record(db: pg.PoolClient, change: MembershipChange): Promise<void>;
  /** Queues the invitation e-mail in the same transaction (the outbox). */
  notifyInvited(db: pg.PoolClient, o: { email: string; membershipId: string; at: Date }): Promise<void>;
}

export type AgentStatus = 'active' | 'invited' | 'expired';

/** An agent as the organisation's admins see it. */
export interface OrganisationAgent {
  id: string;
  name: string | null;
  email: string | null;
  roles: OrgRole[];
  status: AgentStatus;
  since: string;
  invitedAt: string | null;
  expiresAt: string | null;
  /** Whether this row is the caller's own (by subject). */
  self: boolean;
}

const EMAIL =
  '^[^\\s@<>()\\[\\],;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)+$';
const ROLES_SCHEMA = { type: 'array', minItems: 1, maxItems: 4, uniqueItems: true, items: { enum: [...ORG_ROLES] } };
export const INVITATION_SCHEMA = {
  type: 'object',
  required: ['email', 'roles'],
  additionalProperties: false,
  properties: { email: { type: 'string', maxLength: 254, pattern: EMAIL }, roles: ROLES_SCHEMA },
};
export const ROLES_BODY_SCHEMA = { type: 'object', required: ['roles'], additionalProperties: false, properties: { roles: ROLES_SCHEMA } };
export const APPOINT_SCHEMA = {
  type: 'object',
  required: ['email'],
  additionalProperties: false,
  properties: { email: { type: 'string', maxLength: 254, pattern: EMAIL } },
};
const invitationBody = compileValidator<{ email: string; roles: OrgRole[] }>(INVITATION_SCHEMA);
const rolesBody = compileValidator<{ roles: OrgRole[] }>(ROLES_BODY_SCHEMA);
const appointBody = compileValidator<{ email: string }>(APPOINT_SCHEMA);

function checkSiret(siret: string): void {
  if (!isValidSiret(siret)) throw new ProblemError('client.invalid_siret', { detail: 'Le SIRET de l’organisation est invalide.' });
}

function sorted(roles: readonly string[]): OrgRole[] {
  return ORG_ROLES.filter((r) => roles.includes(r));
}

function statusOf(r: OrganisationMemberRow, now: Date): AgentStatus {
  if (r.sub !== null || r.invitedAt === null) return 'active';
  return r.expiresAt && r.expiresAt.getTime() <= now.getTime() ? 'expired' : 'invited';
}

/** Admins whose role applies today: bound, or granted by e-mail outside an invitation. */
function effectiveAdmins(rows: OrganisationMemberRow[]): number {
  return rows.filter((r) => r.roles.includes('admin') && (r.sub !== null || r.invitedAt === null)).length;
}

function lastAdminGuard(before: OrganisationMemberRow[], after: OrganisationMemberRow[]): void {
  if (effectiveAdmins(before) > 0 && effectiveAdmins(after) === 0)
    throw new ProblemError('client.last_admin', {
      detail:
        'Vous êtes le dernier administrateur de cette organisation : désignez d’abord un autre administrateur avant de retirer ce rôle ou ce compte.',
    });
}

function issuerOrFail(ctx: AgentsContext): string {
  if (!ctx.issuer)
    throw new ProblemError('gateway.misconfigured', { detail: 'La connexion des agents (ProConnect) n’est pas configurée.' });
  return ctx.issuer;
}

function findRow(rows: OrganisationMemberRow[], id: string): OrganisationMemberRow {
  const row = /^\d{1,18}$/.test(id) ? rows.find((r) => r.id === id) : undefined;
  if (!row) throw new ProblemError('client.not_found', { detail: 'Cet agent n’appartient pas à cette organisation.' });
  return row;
}

/** Every agent of the organisation, bound or invited (its admins' view). */
export async function listOrganisationAgents(ctx: AgentsContext, siret: string, callerSub?: string): Promise<OrganisationAgent[]> {
  checkSiret(siret);
  const now = ctx.clock.now();
  return (await listMembershipsBySiret(ctx.pool, siret)).map((r) => ({
    id: r.id,
    name: r.displayName,
    email: r.email,
    roles: sorted(r.roles),
    status: statusOf(r, now),
    since: (r.acceptedAt ?? r.createdAt).toISOString(),
    invitedAt: r.invitedAt?.toISOString() ?? null,
    expiresAt: r.sub === null ? (r.expiresAt?.toISOString() ?? null) : null,
    self: callerSub !== undefined && r.sub === callerSub,
  }));
}

/** Who the organisation's bound agents are, by subject (the history names who acted). */
export async function listOrganisationAgentLabels(ctx: Pick<AgentsContext, 'pool'>, siret: string): Promise<Map<string, string>> {
  checkSiret(siret);
  const rows = await listMembershipsBySiret(ctx.pool, siret);
  return new Map(rows.filter((r) => r.sub !== null).map((r) => [r.sub!, r.displayName ?? r.email ?? r.sub!]));
}

/** Runs one change of an organisation's agents: locked, guarded, recorded, all or nothing. */
async function change<T>(
  ctx: AgentsContext,
  siret: string,
  fn: (db: pg.PoolClient, rows: OrganisationMemberRow[], now: Date) => Promise<{ result: T; changes: MembershipChange[] }>,
): Promise<T> {
  checkSiret(siret);
  return withTransaction(ctx.pool, async (db) => {
    await lockMembershipsBySiret(db, siret);
    const before = await listMembershipsBySiret(db, siret);
    const { result, changes } = await fn(db, before, ctx.clock.now());
    if (changes.length) lastAdminGuard(before, await listMembershipsBySiret(db, siret));
    for (const c of changes) await ctx.record(db, c);
    return result;
  });
}

/**
 * Invites an agent: a membership of `roles` granted to the e-mail ahead of the first login, and
 * the invitation e-mail queued. An e-mail already in the organisation is a conflict (change its
 * roles instead); an expired invitation of it is replaced.
 */
export async function inviteAgent(ctx: AgentsContext, actor: AgentsActor, siret: string, body: unknown): Promise<OrganisationAgent> {
  const { email: raw, roles } = invitationBody.assert(body);
  const email = raw.toLowerCase();
  const issuer = issuerOrFail(ctx);
  const id = await change(ctx, siret, async (db, rows, now) => {
    const changes: MembershipChange[] = [];
    for (const r of rows.filter((x) => x.email === email)) {
      if (statusOf(r, now) !== 'expired')
        throw new ProblemError('client.agent_already_member', {
          detail: 'Cette adresse est déjà celle d’un agent (ou d’une invitation en cours) de l’organisation : modifiez plutôt ses rôles.',
        });
      await deleteMembershipByIdAndSiret(db, r.id, siret);
      changes.push(removal(r, siret, actor, now));
    }
    const membershipId = await insertInvitedMembership(db, {
      issuer,
      email,
      siret,
      roles: sorted(roles),
      invitedBy: actor.sub,
      invitedAt: now,
      expiresAt: new Date(now.getTime() + ctx.invitationTtlMs),
    });
    await ctx.notifyInvited(db, { email, membershipId, at: now });
    changes.push({
      action: 'invited',
      siret,
      membershipId,
      sub: null,
      rolesBefore: [],
      rolesAfter: sorted(roles),
      actor: by(actor),
      at: now,
    });
    return { result: membershipId, changes };
  });
  return (await listOrganisationAgents(ctx, siret)).find((a) => a.id === id)!;
}

function by(actor: AgentsActor): MembershipChange['actor'] {
  return { sub: actor.sub, operator: actor.operator, service: actor.service === true };
}

function removal(r: OrganisationMemberRow, siret: string, actor: AgentsActor, at: Date): MembershipChange {
  return { action: 'removed', siret, membershipId: r.id, sub: r.sub, rolesBefore: sorted(r.roles), rolesAfter: [], actor: by(actor), at };
}

/** Replaces an agent's roles (at least one; removing the agent is `removeAgent`). */
export async function setAgentRoles(
  ctx: AgentsContext,
  actor: AgentsActor,
  siret: string,
  membershipId: string,
  body: unknown,
): Promise<OrganisationAgent> {
  const roles = sorted(rolesBody.assert(body).roles);
  await change(ctx, siret, async (db, rows, now) => {
    const row = findRow(rows, membershipId);
    const before = sorted(row.roles);
    if (before.join() === roles.join()) return { result: undefined, changes: [] };
    await updateMembershipRolesByIdAndSiret(db, row.id, siret, roles);
    return {
      result: undefined,
      changes: [
        {
          action: 'roles_changed',
          siret,
          membershipId: row.id,
          sub: row.sub,
          rolesBefore: before,
          rolesAfter: roles,
          actor: by(actor),
          at: now,
        },
      ],
    };
  });
  return (await listOrganisationAgents(ctx, siret, actor.sub)).find((a) => a.id === membershipId)!;
}

/** Removes an agent (or withdraws an invitation) from the organisation. */
export async function removeAgent(ctx: AgentsContext, actor: AgentsActor, siret: string, membershipId: string): Promise<void> {
  await change(ctx, siret, async (db, rows, now) => {
    const row = findRow(rows, membershipId);
    await deleteMembershipByIdAndSiret(db, row.id, siret);
    return { result: undefined, changes: [removal(row, siret, actor, now)] };
  });
}

/**
 * The platform operator appoints an admin of an organisation (its first one, typically): an
 * agent of it with that e-mail gets the `admin` role; anyone else is invited as `admin`.
 */
export async function appointAdmin(ctx: AgentsContext, actor: AgentsActor, siret: string, body: unknown): Promise<OrganisationAgent> {
  const email = appointBody.assert(body).email.toLowerCase();
  const issuer = issuerOrFail(ctx);
  const id = await change(ctx, siret, async (db, rows, now) => {
    const existing = rows.find((r) => r.email === email && statusOf(r, now) !== 'expired');
    if (existing) {
      const before = sorted(existing.roles);
      const after = sorted([...before, 'admin']);
      if (before.includes('admin')) return { result: existing.id, changes: [] };
      await updateMembershipRolesByIdAndSiret(db, existing.id, siret, after);
      return {
        result: existing.id,
        changes: [
          {
            action: 'admin_appointed',
            siret,
            membershipId: existing.id,
            sub: existing.sub,
            rolesBefore: before,
            rolesAfter: after,
            actor: by(actor),
            at: now,
          },
        ],
      };
    }
    const changes: MembershipChange[] = [];
    for (const r of rows.filter((x) => x.email === email)) {
      await deleteMembershipByIdAndSiret(db, r.id, siret);
      changes.push(removal(r, siret, actor, now));
    }
    const membershipId = await insertInvitedMembership(db, {
      issuer,
      email,
      siret,
      roles: ['admin'],
      invitedBy: actor.sub,
      invitedAt: now,
      expiresAt: new Date(now.getTime() + ctx.invitationTtlMs),
    });
    await ctx.notifyInvited(db, { email, membershipId, at: now });
    changes.push({
      action: 'admin_appointed',
      siret,
      membershipId,
      sub: null,
      rolesBefore: [],
      rolesAfter: ['admin'],
      actor: by(actor),
      at: now,
    });
    return { result: membershipId, changes };
  });
  return (await listOrganisationAgents(ctx, siret)).find((a) => a.id === id)!;
}

/**
 * At an agent's login: binds the pending invitations of their verified e-mail into the
 * organisation their provider asserts (ProConnect `siret`), merging into a row they already
 * have there; refreshes their name on their rows. Returns the invitations bound.
 */
export async function bindInvitationsAtLogin(
  ctx: AgentsContext,
  login: { issuer: string; sub: string; email: string | null; siret: string | null; name: string | null },
): Promise<MembershipChange[]> {
  if (login.name) await updateMembershipDisplayNameBySub(ctx.pool, login.issuer, login.sub, login.name.slice(0, 300));
  if (!login.email || !login.siret || !isValidSiret(login.siret)) return [];
  const { email, siret } = login;
  return withTransaction(ctx.pool, async (db) => {
    await lockMembershipsBySiret(db, siret);
    const now = ctx.clock.now();
    const pending = await listPendingInvitationsByLoginForUpdate(db, login.issuer, email, siret, now);
    const changes: MembershipChange[] = [];
    for (const inv of pending) {
      const own = await findBoundMembershipByIdentityAndSiret(db, login.issuer, login.sub, siret);
      const roles = sorted(inv.roles);
      if (own) {
        const merged = sorted([...own.roles, ...roles]);
        await updateMembershipRolesByIdAndSiret(db, own.id, siret, merged);
        await deleteMembershipByIdAndSiret(db, inv.id, siret);
        changes.push({
          action: 'invitation_accepted',
          siret,
          membershipId: own.id,
          sub: login.sub,
          rolesBefore: sorted(own.roles),
          rolesAfter: merged,
          actor: { sub: login.sub, self: true },
          at: now,
        });
      } else {
        await updateMembershipBoundById(db, inv.id, login.sub, login.name?.slice(0, 300) ?? null, now);
        changes.push({
          action: 'invitation_accepted',
          siret,
          membershipId: inv.id,
          sub: login.sub,
          rolesBefore: [],
          rolesAfter: roles,
          actor: { sub: login.sub, self: true },
          at: now,
        });
      }
    }
    for (const c of changes) await ctx.record(db, c);
    return changes;
  });
}
