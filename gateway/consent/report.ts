/** "Signaler un accès suspect": checks the exchange is about the citizen, then files the case. */
import { findEventById } from '../../ledger/index.js';
import { ProblemError } from '../../schemas/index.js';
import { reportExchange, type Case } from '../../consent/index.js';
import type { AppDeps } from '../deps.js';
import type { Principal } from '../http/principal.js';
import { citizenActor, subjectRefsOf } from './citizen.js';
import { consentRuntime } from './runtime.js';
import { EXCHANGE_TYPES } from './trail.js';

/** Another person's exchange, an unknown id and a non-exchange event all answer `client.not_found`. */
export async function reportMyExchange(deps: AppDeps, p: Principal, exchangeId: string, message: unknown): Promise<{ case: Case; created: boolean }> {
  const refs = subjectRefsOf(p);
  const ev = await findEventById(deps.pool, exchangeId);
  if (!ev || !ev.subject_ref || !refs.includes(ev.subject_ref) || !(EXCHANGE_TYPES as readonly string[]).includes(ev.type)) {
    throw new ProblemError('client.not_found', { detail: 'Échange introuvable dans votre historique.' });
  }
  return reportExchange(consentRuntime(deps).ctx, {
    event: { id: ev.id, subjectRef: ev.subject_ref, subjectKind: ev.subject_kind ?? 'person', consumerSiret: ev.consumer_siret, apiSlug: ev.api_slug },
    message, actor: citizenActor(p),
  });
}
