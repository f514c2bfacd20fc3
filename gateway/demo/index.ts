import type pg from 'pg';
import type { Logger } from 'pino';
import { countOrganisations } from '../../catalog/index.js';
import { seedDemoOrganisations } from './organisations.js';
import { seedDemoIdentity } from './identity.js';
import { seedDemoCatalog } from './catalog.js';
import { seedDemoContracts } from './contracts.js';
import { seedDemoFlows } from './flows.js';
import { seedDemoDelegations } from './delegations.js';
import type { Config } from '../config.js';
import type { ContractsContext } from '../../contracts/index.js';
import { seedDemoRepresentation, type RecordConsentEvent } from '../../consent/index.js';
import { listDemoWorldPeople } from '../../connectors/index.js';
import { systemClock } from '../../schemas/index.js';
import type { CounterLedger } from '../../counter/index.js';
import { seedDemoCounter } from './counter.js';

/**
 * Loads the demo world, step by step; each step is idempotent: organisations,
 * agents' roles, catalogue, contracts, producers' synthetic people...
 */
export async function seedDemo(
  pool: pg.Pool,
  logger: Logger,
  config?: Config,
  onContractEvent?: ContractsContext['onTransition'],
  recordConsentEvent?: RecordConsentEvent,
  counterLedger?: CounterLedger,
): Promise<void> {
  const organisations = await seedDemoOrganisations(pool);
  const memberships = await seedDemoIdentity(pool);
  logger.info({ memberships }, 'demo agents’ roles loaded');
  const catalog = await seedDemoCatalog(pool, logger);
  logger.info(catalog, 'demo catalogue loaded');
  // Validated contracts need the signing keys' secret (config); they print the demo credentials.
  if (config) logger.info({ contracts: await seedDemoContracts(pool, logger, config, onContractEvent) }, 'demo contracts loaded');
  // The demo editor: two communes' CCAS delegate to it; its credentials are printed outside production.
  if (config) logger.info({ delegations: await seedDemoDelegations(pool, logger, config, onContractEvent) }, 'demo delegations loaded');
  // Procedures, subscriptions, the flows API and its front office and instruction clients (credentials printed outside production).
  if (config) logger.info(await seedDemoFlows(pool, logger, config, onContractEvent), 'demo flows loaded');
  // A parent of the demo world represents their minor child (mandate declared and accepted, in the ledger).
  if (config && recordConsentEvent) {
    const rep = await seedDemoRepresentation(
      { pool, clock: systemClock, recordConsentEvent },
      { people: listDemoWorldPeople(), subjectSecret: config.SUBJECT_HMAC_SECRET },
    );
    if (rep)
      logger.info(
        { parent: `${rep.parent.given_name} ${rep.parent.family_name}`, child: rep.child.given_name },
        'demo representation loaded',
      );
  }
  // Use cases and data needs of the counter (/guichet), over the demo catalogue.
  logger.info(await seedDemoCounter(pool, counterLedger), 'demo counter loaded');
  logger.info({ organisations }, 'demo world loaded');
}

/** True when the database holds no organisation yet (first start). */
export async function isEmptyDatabase(pool: pg.Pool): Promise<boolean> {
  return (await countOrganisations(pool)) === 0;
}
