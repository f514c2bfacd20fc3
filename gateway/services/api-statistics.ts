/** Open statistics of published APIs, shared by REST, GraphQL and the catalogue page. */
import { ProblemError } from '../../schemas/index.js';
import { getApi, PUBLIC_LIFECYCLES } from '../../catalog/index.js';
import { apiStatistics, type ApiStats } from '../../audit/index.js';
import type { AppDeps } from '../deps.js';

/** Open statistics of a published API, or `client.not_found` (drafts and retired APIs publish none). */
export async function publicApiStatistics(deps: Pick<AppDeps, 'pool' | 'clock'>, slug: string, months?: number): Promise<ApiStats> {
  const api = await getApi(deps.pool, slug).catch(() => null);
  if (!api || !PUBLIC_LIFECYCLES.includes(api.lifecycle))
    throw new ProblemError('client.not_found', { detail: 'API inconnue ou non publiée.' });
  return apiStatistics(deps.pool, slug, { now: deps.clock.now(), months });
}
