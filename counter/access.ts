/**
 * Who may do what at the counter (docs/architecture.md, "Counter"). Checked before the body is
 * validated, so that acting for another organisation is refused as such (403), not as bad input:
 * - an agent acts for an organisation only where they hold a role in it (declaring a need,
 *   supporting one: any role; writing a use case, answering a need: a producer's instructor,
 *   DPO or administrator);
 * - the operator (platform `admin`) moderates, and may write use cases and answer needs;
 * - unpublished content is read only by its organisation's agents and the operator.
 */
import { ProblemError } from '../schemas/index.js';
import type { CounterActor } from './types.js';

/** Roles of a producer's agents who speak for its APIs. */
export const PRODUCER_ROLES = ['instructor', 'dpo', 'admin'];

export function isOperator(actor: CounterActor | null | undefined): boolean {
  return !!actor && actor.platformRoles.includes('admin');
}

/** True when the actor is an agent of `siret` holding one of `roles` (`any`: any role). */
export function actsFor(actor: CounterActor | null | undefined, siret: unknown, roles: string[] | 'any'): boolean {
  return (
    !!actor &&
    actor.kind === 'agent' &&
    typeof siret === 'string' &&
    actor.memberships.some((m) => m.siret === siret && m.roles.some((r) => roles === 'any' || roles.includes(r)))
  );
}

/** Refuses an actor who does not act for the organisation named in a body. */
export function assertActsFor(actor: CounterActor, siret: unknown, roles: string[] | 'any'): asserts siret is string {
  if (!actsFor(actor, siret, roles))
    throw new ProblemError('client.forbidden', {
      detail:
        roles === 'any'
          ? 'Vous n’agissez pas pour l’organisation indiquée (champ organisationSiret).'
          : 'Il faut être instructeur, DPO ou administrateur de l’organisation indiquée (champ organisationSiret).',
    });
}

export function assertOperator(actor: CounterActor): void {
  if (!isOperator(actor)) throw new ProblemError('client.forbidden', { detail: 'Réservé à l’opérateur de la plateforme.' });
}

/** Whether the actor may read an unpublished item of `siret`. */
export function readsUnpublished(actor: CounterActor | null | undefined, siret: string): boolean {
  return isOperator(actor) || actsFor(actor, siret, 'any');
}
