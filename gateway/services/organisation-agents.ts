/**
 * Organisations manage their agents (docs/architecture.md, "Identity and access"): the identity
 * domain's rules wired to the process's one ledger writer (each change recorded inside its
 * transaction) and to the notification outbox (the invitation e-mail), shared by REST and pages.
 */
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Logger } from 'pino';
import {
  appointAdmin,
  bindInvitationsAtLogin,
  inviteAgent,
  listOrganisationAgents,
  listOrganisationAgentLabels,
  removeAgent,
  setAgentRoles,
  type AgentsActor,
  type AgentsContext,
  type Identity,
  type MembershipAction,
  type MembershipChange,
  type OrganisationAgent,
} from '../../identity/index.js';
import { listOrganisationMembershipEvents, type LedgerEventInput, type LedgerWriter } from '../../ledger/index.js';
import { notifyAgent } from '../../notify/index.js';
import { getOrganisation } from '../../catalog/index.js';
import { hasOrgRole, ProblemError, type Clock, type OrgRole, type Principal } from '../../schemas/index.js';

/** How long an invitation waits for the agent's first login. */
export const INVITATION_TTL_MS = 14 * 86_400_000;

/** One line of an organisation's history, as its admins read it. */
export interface MembershipHistoryItem {
  eventId: string;
  at: string;
  action: MembershipAction;
  /** Who acted: a person's name or e-mail when known, else their subject; the operator as such. */
  actor: { label: string; operator: boolean };
  /** Whom it concerned (name or e-mail when still known). */
  agent: { membershipId: string; label: string };
  rolesBefore: OrgRole[];
  rolesAfter: OrgRole[];
}

export interface AgentsService {
  ctx: AgentsContext;
  list(p: Principal, siret: string): Promise<OrganisationAgent[]>;
  invite(p: Principal, siret: string, body: unknown): Promise<OrganisationAgent>;
  setRoles(p: Principal, siret: string, membershipId: string, body: unknown): Promise<OrganisationAgent>;
  remove(p: Principal, siret: string, membershipId: string): Promise<void>;
  appointAdmin(p: Principal, siret: string, body: unknown): Promise<OrganisationAgent>;
  history(siret: string, limit?: number): Promise<MembershipHistoryItem[]>;
  /** At an agent's login (the callback): binds their invitations; changes are in the ledger. Never throws. */
  bindAtLogin(login: { issuer: string; sub: string; email: string | null; siret: string | null; name: string | null }): Promise<void>;
}

/** The ledger event of one change: identifiers and roles, never an e-mail or a name (invariant 4). */
export function membershipChangeToLedger(c: MembershipChange): LedgerEventInput {
  const operator = 'operator' in c.actor && c.actor.operator;
  const service = 'service' in c.actor && c.actor.service;
  return {
    id: randomUUID(),
    type: 'membership.event',
    occurredAt: c.at,
    outcome: 'recorded',
    actor: { kind: service ? 'service' : 'agent', id: c.actor.sub, ...(operator ? {} : { organisationSiret: c.siret }) },
    detail: {
      organisation: c.siret,
      action: c.action,
      membershipId: c.membershipId,
      agent: c.sub,
      rolesBefore: c.rolesBefore,
      rolesAfter: c.rolesAfter,
      byOperator: operator,
    },
  };
}

function actorOf(p: Principal, siret: string): AgentsActor {
  return { sub: p.sub, operator: !hasOrgRole(p, siret, 'admin') && p.platformRoles.includes('admin'), service: p.kind === 'service' };
}

export function createAgentsService(
  deps: { pool: pg.Pool; clock: Clock; ledger: Pick<LedgerWriter, 'append'>; logger: Pick<Logger, 'warn'> },
  identity: Pick<Identity, 'settings' | 'membershipIssuer'>,
): AgentsService {
  const agentIssuer = identity.settings.agent?.issuer;
  const ctx: AgentsContext = {
    pool: deps.pool,
    clock: deps.clock,
    issuer: agentIssuer ? identity.membershipIssuer(agentIssuer) : null,
    invitationTtlMs: INVITATION_TTL_MS,
    record: async (_db, change) => {
      try {
        await deps.ledger.append(membershipChangeToLedger(change));
      } catch (err) {
        throw new ProblemError('gateway.ledger_unavailable', {
          detail: 'La modification n’a pas pu être journalisée : elle n’a pas été appliquée.',
          headers: { 'Retry-After': '1' },
          cause: err,
        });
      }
    },
    notifyInvited: async (db, o) => {
      await notifyAgent(db, { email: o.email, kind: 'agent_invitation', key: `agent_invitation:${o.membershipId}`, at: o.at });
    },
  };

  async function history(siret: string, limit = 200): Promise<MembershipHistoryItem[]> {
    const [events, agents, labels] = await Promise.all([
      listOrganisationMembershipEvents(deps.pool, siret, limit),
      listOrganisationAgents(ctx, siret),
      listOrganisationAgentLabels(ctx, siret),
    ]);
    const byId = new Map(agents.map((a) => [a.id, a]));
    return events.map((e) => {
      const d = (e.detail ?? {}) as Record<string, unknown>;
      const membershipId = String(d.membershipId ?? '');
      const target = byId.get(membershipId);
      const actorSub = e.actor?.id ?? '';
      const operator = d.byOperator === true;
      return {
        eventId: e.id,
        at: new Date(e.occurred_at).toISOString(),
        action: d.action as MembershipAction,
        actor: { label: operator ? 'Opérateur de la plateforme' : (labels.get(actorSub) ?? actorSub), operator },
        agent: {
          membershipId,
          label: target ? (target.name ?? target.email ?? `agent n° ${membershipId}`) : `agent n° ${membershipId} (retiré)`,
        },
        rolesBefore: (Array.isArray(d.rolesBefore) ? d.rolesBefore : []) as OrgRole[],
        rolesAfter: (Array.isArray(d.rolesAfter) ? d.rolesAfter : []) as OrgRole[],
      };
    });
  }

  return {
    ctx,
    list: (p, siret) => listOrganisationAgents(ctx, siret, p.sub),
    invite: (p, siret, body) => inviteAgent(ctx, actorOf(p, siret), siret, body),
    setRoles: (p, siret, id, body) => setAgentRoles(ctx, actorOf(p, siret), siret, id, body),
    remove: (p, siret, id) => removeAgent(ctx, actorOf(p, siret), siret, id),
    appointAdmin: async (p, siret, body) => {
      await getOrganisation(deps.pool, siret); // a registered organisation only (client.not_found otherwise)
      return appointAdmin(ctx, actorOf(p, siret), siret, body);
    },
    history,
    bindAtLogin: async (login) => {
      // A login never fails for an invitation: one that could not be bound (ledger down) stays
      // pending, all or nothing, and binds at the next login.
      try {
        await bindInvitationsAtLogin(ctx, login);
      } catch (err) {
        deps.logger.warn({ err }, 'invitations not bound at this login; they stay pending');
      }
    },
  };
}
