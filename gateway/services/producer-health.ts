/**
 * One producer-health service per process: `/v1/producers/{siret}/ping` and the catalogue's API
 * page read the same probes and the same cache, so a page view never probes a producer again.
 */
import { createProducerHealth, isInMaintenance } from '../../connectors/index.js';
import type { AppDeps } from '../deps.js';

export type ProducerHealth = ReturnType<typeof createProducerHealth>;

/** Health from the connectors bound in this process, recent ledger outcomes and maintenance windows. */
export function createProducerHealthService(deps: AppDeps): ProducerHealth {
  const sources = deps.producerHealth;
  return createProducerHealth({
    clock: deps.clock,
    connectorsFor: (s) => sources?.connectorsFor(s) ?? [],
    recentOutcomes: (s, since) => sources?.recentOutcomes(s, since) ?? Promise.resolve([]),
    inMaintenance: (s, at) => isInMaintenance(deps.pool, s, at),
  });
}
