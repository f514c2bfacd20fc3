import { mkdirSync } from 'node:fs';
import type pg from 'pg';
import { createConnector } from '../config/create.js';
import type { ConnectorConfig } from '../config/types.js';
import { checkBinding, type ConnectorBinding } from '../governance/guard.js';
import { ConnectorTargets } from '../governance/targets.js';
import { demoTargetAndBinding, openDemoReferentials } from './demo-targets.js';
import type { Connector } from '../port.js';
import { DEMO_PRODUCERS } from './registry.js';
import type { DemoBackend } from './types.js';

/** The running demo world: one bound connector per demo API. */
export interface DemoProducersRuntime {
  /** Connectors by apiSlug. */
  connectors: Map<string, Connector>;
  /** Connectors of one producer organisation (for its health ping). */
  connectorsFor(producerSiret: string): Connector[];
  /** The configurations bound to the running backends (addresses of the in-process servers), by apiSlug. */
  configs: Map<string, ConnectorConfig>;
  /** The operator-style bindings of the demo APIs (within the demo targets), by apiSlug. */
  bindings: Map<string, ConnectorBinding>;
  /** Connection string of the demo referential database (the SQL producers' legacy schemas). */
  referentialsDsn: string;
  stop(): Promise<void>;
}

export interface StartDemoProducersOptions {
  /** Datapedia's database: the SQL referentials (`legacy_emploi`, `legacy_sirene`) go to a database of their own next to it. */
  pool: pg.Pool;
  /** The process's declared targets: the demo's are added to them (default: a set of the demo's alone). */
  targets?: ConnectorTargets;
  /** Writable folder for the flat-file extract (e.g. `.datapedia/demo`). */
  dataDir: string;
  host?: string;
}

/**
 * Starts the demo producers' legacy backends in process (the CNAF REST and DINUM REST servers,
 * the CNOUS SOAP server, each on a free port; the DGFiP extract on disk; the SQL referentials in
 * the demo referential database), declares them as connector targets and builds their connectors
 * through the same guard as an operator's binding. A failure stops whatever was already started.
 */
export async function startDemoProducers(opts: StartDemoProducersOptions): Promise<DemoProducersRuntime> {
  mkdirSync(opts.dataDir, { recursive: true });
  const backends: DemoBackend[] = [];
  const connectors = new Map<string, Connector>();
  const configs = new Map<string, ConnectorConfig>();
  const bindings = new Map<string, ConnectorBinding>();
  const bySiret = new Map<string, Connector[]>();
  const targets = opts.targets ?? new ConnectorTargets([]);
  const referentials = await openDemoReferentials(opts.pool);
  const stop = async (): Promise<void> => {
    await Promise.allSettled([...connectors.values()].map((c) => c.close()));
    await Promise.allSettled(backends.map((b) => b.stop()));
    await referentials.pool.end().catch(() => undefined);
  };
  try {
    for (const p of DEMO_PRODUCERS) {
      const backend = await p.startBackend({ pool: referentials.pool, dataDir: opts.dataDir, host: opts.host ?? '127.0.0.1' });
      backends.push(backend);
      const { target, binding } = demoTargetAndBinding(p.key, backend.config, referentials);
      if (!targets.get(target.name)) targets.declare(target);
      const checked = await checkBinding(binding, targets);
      const connector = await createConnector(checked.config, { invalidCode: 'gateway.misconfigured' });
      connectors.set(p.apiSlug, connector);
      configs.set(p.apiSlug, checked.config);
      bindings.set(p.apiSlug, binding);
      bySiret.set(p.producerSiret, [...(bySiret.get(p.producerSiret) ?? []), connector]);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { connectors, configs, bindings, referentialsDsn: referentials.dsn, connectorsFor: (siret) => bySiret.get(siret) ?? [], stop };
}
