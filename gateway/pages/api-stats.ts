import { ProblemError } from '../../schemas/index.js';
import { renderApiStatsBlock, type SafeHtml } from '../../web/index.js';
import type { AppDeps } from '../deps.js';
import { publicApiStatistics } from '../services/api-statistics.js';

/** The statistics block of a catalogue API page; nothing for unpublished APIs or when they cannot be computed. */
export async function apiStatsBlock(deps: Pick<AppDeps, 'pool' | 'clock' | 'logger'>, slug: string): Promise<SafeHtml | undefined> {
  try {
    return renderApiStatsBlock(await publicApiStatistics(deps, slug));
  } catch (err) {
    if (!(err instanceof ProblemError)) deps.logger.warn({ err, slug }, 'open statistics unavailable');
    return undefined;
  }
}
