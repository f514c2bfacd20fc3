import pino from 'pino';
import type pg from 'pg';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { seedDemoCatalog } from '../../gateway/demo/catalog.js';

/** The demo catalogue (organisations, dictionary, every demo producer's API published). */
export async function seedCatalogWorld(pool: pg.Pool): Promise<void> {
  await seedDemoOrganisations(pool);
  await seedDemoCatalog(pool, pino({ level: 'silent' }));
}
