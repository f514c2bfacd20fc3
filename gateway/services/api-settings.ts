/**
 * A producer's change of an API's settings, shared by the REST route and the /espace page:
 * the attributes that decide who may call and under which safeguards (access, sensitivity —
 * four-eyes approval —, consent policy — the exchange's consent step —, proactive use, kind
 * of subject) are recorded in the ledger with their old and new values and the agent who
 * changed them; so is the retention of its exchanges' traces (docs/architecture.md, "Invariants": every change that matters for trust is traced).
 */
import { randomUUID } from 'node:crypto';
import { getApi, updateApi, type Api } from '../../catalog/index.js';
import type { Principal } from '../../schemas/index.js';
import type { AppDeps } from '../deps.js';

/** The settings whose change is a ledger event. */
export const TRACED_SETTINGS = ['access', 'sensitivity', 'consentPolicy', 'proactive', 'subjectKind', 'retention'] as const;

export async function changeApiSettings(
  deps: Pick<AppDeps, 'pool' | 'ledger' | 'clock'>,
  actor: Principal,
  slug: string,
  patch: unknown,
): Promise<Api> {
  const before = await getApi(deps.pool, slug);
  const after = await updateApi(deps.pool, slug, patch);
  const changes = Object.fromEntries(
    TRACED_SETTINGS.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).map((k) => [
      k,
      { from: before[k], to: after[k] },
    ]),
  );
  if (Object.keys(changes).length > 0)
    await deps.ledger.append({
      id: randomUUID(),
      type: 'catalog.settings',
      occurredAt: deps.clock.now(),
      actor: {
        kind: 'agent',
        id: actor.sub,
        ...(actor.memberships.some((m) => m.siret === after.producerSiret) ? { organisationSiret: after.producerSiret } : {}),
      },
      producerSiret: after.producerSiret,
      apiSlug: slug,
      outcome: 'recorded',
      detail: { changes },
    });
  return after;
}
