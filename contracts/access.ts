import { ProblemError } from '../schemas/index.js';
import type { Actor } from './types.js';

/** True when the actor holds `role` in the organisation `siret`. */
export function hasRole(actor: Actor, siret: string, role: string): boolean {
  return actor.memberships.some((m) => m.siret === siret && m.roles.includes(role));
}

function isMember(actor: Actor, siret: string): boolean {
  return actor.memberships.some((m) => m.siret === siret && m.roles.length > 0);
}

/** Applicants of the consumer organisation fill, submit, reopen and get credentials. */
export function assertApplicant(actor: Actor, consumerSiret: string): void {
  if (!hasRole(actor, consumerSiret, 'applicant')) {
    throw new ProblemError('client.forbidden', { detail: 'Rôle « demandeur » de l’organisation consommatrice requis.' });
  }
}

/**
 * Only the producer's instructors (or its DPO for the second approval) instruct, and nobody
 * instructs a request of their own organisation (conflict of interest): `client.self_instruction`.
 */
export function assertInstructor(
  actor: Actor,
  c: { producerSiret: string; consumerSiret: string },
  role: 'instructor' | 'dpo' = 'instructor',
): void {
  if (!hasRole(actor, c.producerSiret, role)) {
    throw new ProblemError('client.forbidden', {
      detail: role === 'dpo' ? 'Rôle « DPO » du producteur de l’API requis.' : 'Rôle « instructeur » du producteur de l’API requis.',
    });
  }
  if (c.producerSiret === c.consumerSiret || isMember(actor, c.consumerSiret)) {
    throw new ProblemError('client.self_instruction');
  }
}

/** Parties (consumer or producer members) and platform auditors/admins read a contract and its history. */
export function canRead(actor: Actor, c: { producerSiret: string; consumerSiret: string }): boolean {
  return (
    actor.platformRoles.includes('auditor') ||
    actor.platformRoles.includes('admin') ||
    isMember(actor, c.consumerSiret) ||
    isMember(actor, c.producerSiret)
  );
}

export function assertReader(actor: Actor, c: { producerSiret: string; consumerSiret: string }): void {
  if (!canRead(actor, c)) throw new ProblemError('client.not_found', { detail: 'Contrat introuvable.' });
}

/** The organisation the actor acted for, and under which role (kept in the history). */
export function actingAs(actor: Actor, siret: string, role: string): { siret: string | null; role: string | null } {
  return hasRole(actor, siret, role) ? { siret, role } : { siret: null, role: actor.platformRoles[0] ?? null };
}

/** A written reason is mandatory to refuse, ask for changes, suspend or revoke. */
export function requireReason(reason: string | undefined): string {
  const r = reason?.trim() ?? '';
  if (r.length < 3)
    throw new ProblemError('client.reason_required', { errors: [{ pointer: '/reason', detail: 'motif écrit obligatoire' }] });
  return r;
}
