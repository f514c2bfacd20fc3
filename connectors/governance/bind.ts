import { createKeySealer, type KeySealer } from '../../schemas/index.js';
import { createConnector } from '../config/create.js';
import type { Connector } from '../port.js';
import { checkBinding, type ConnectorBinding } from './guard.js';
import { openBinding, sealBinding, type StoredBinding } from './secrets.js';
import type { ConnectorTargets } from './targets.js';

/** What binding and building connectors need: the declared targets and the sealer of their secrets. */
export interface ConnectorGovernance {
  targets: ConnectorTargets;
  sealer: KeySealer;
}

/** The governance of a process, from its configuration (KEY_ENCRYPTION_SECRET seals connector secrets). */
export function connectorGovernance(targets: ConnectorTargets, keySecret: string): ConnectorGovernance {
  return { targets, sealer: createKeySealer(keySecret, 'connector-secrets') };
}

/**
 * The operator binds an API to a connector: the binding is checked against the declared targets
 * (`checkBinding`) and its secrets sealed; the result is what the catalogue stores.
 */
export async function prepareBinding(
  g: ConnectorGovernance,
  slug: string,
  binding: unknown,
  by: { boundBy: string; now: Date; previous?: StoredBinding | null },
): Promise<StoredBinding> {
  const b = binding as Partial<ConnectorBinding> | null;
  // A malformed binding is refused by the checker with its precise problem.
  if (!b || typeof b !== 'object' || typeof b.target !== 'string' || !b.config || typeof b.config !== 'object')
    await checkBinding(binding, g.targets);
  const stored = sealBinding(binding as ConnectorBinding, g.sealer, slug, by.boundBy, by.now, by.previous);
  // Checked with the secrets the connector will use (kept ones included), before anything is stored.
  await checkBinding(openBinding(stored, g.sealer, slug), g.targets);
  return stored;
}

/**
 * Builds the connector of a stored binding, checking it again against the targets declared now
 * (a target withdrawn from configuration, or a name now resolving to an internal address, stops
 * its connectors). Never given Datapedia's pool: a SQL connector opens its target's database.
 */
export async function buildBoundConnector(g: ConnectorGovernance, slug: string, stored: StoredBinding): Promise<Connector> {
  const { config } = await checkBinding(openBinding(stored, g.sealer, slug), g.targets);
  return createConnector(config, { invalidCode: 'gateway.misconfigured', guardAddresses: true });
}
