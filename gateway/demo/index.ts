import type pg from 'pg';
import type { Logger } from 'pino';
import { countOrganisations } from '../../catalog/index.js';
import { seedDemoOrganisations } from './organisations.js';

/**
 * Loads the demo world, step by step; each step is idempotent. Later issues append their
 * steps here (catalogue, contracts, producers' synthetic people...).
 */
export async function seedDemo(pool: pg.Pool, logger: Logger): Promise<void> {
  const organisations = await seedDemoOrganisations(pool);
  logger.info({ organisations }, 'demo world loaded');
}

/** True when the database holds no organisation yet (first start). */
export async function isEmptyDatabase(pool: pg.Pool): Promise<boolean> {
  return (await countOrganisations(pool)) === 0;
}
