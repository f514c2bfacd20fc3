import { mkdirSync } from 'node:fs';
import type pg from 'pg';
import { createConnector } from '../config/create.js';
import type { ConnectorConfig } from '../config/types.js';
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
  stop(): Promise<void>;
}

export interface StartDemoProducersOptions {
  /** Datapedia's database: the SQL referentials (`legacy_emploi`, `legacy_sirene`) are created there. */
  pool: pg.Pool;
  /** Writable folder for the flat-file extract (e.g. `.datapedia/demo`). */
  dataDir: string;
  host?: string;
}

/**
 * Starts the demo producers' legacy backends in process (the CNAF REST and DINUM REST servers,
 * the CNOUS SOAP server, each on a free port; the DGFiP extract on disk; the SQL referentials)
 * and builds their connectors. A failure stops whatever was already started.
 */
export async function startDemoProducers(opts: StartDemoProducersOptions): Promise<DemoProducersRuntime> {
  mkdirSync(opts.dataDir, { recursive: true });
  const backends: DemoBackend[] = [];
  const connectors = new Map<string, Connector>();
  const configs = new Map<string, ConnectorConfig>();
  const bySiret = new Map<string, Connector[]>();
  const stop = async (): Promise<void> => {
    await Promise.allSettled([...connectors.values()].map((c) => c.close()));
    await Promise.allSettled(backends.map((b) => b.stop()));
  };
  try {
    for (const p of DEMO_PRODUCERS) {
      const backend = await p.startBackend({ pool: opts.pool, dataDir: opts.dataDir, host: opts.host ?? '127.0.0.1' });
      backends.push(backend);
      const connector = await createConnector(backend.config, { pool: opts.pool, invalidCode: 'gateway.misconfigured' });
      connectors.set(p.apiSlug, connector);
      configs.set(p.apiSlug, backend.config);
      bySiret.set(p.producerSiret, [...(bySiret.get(p.producerSiret) ?? []), connector]);
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { connectors, configs, connectorsFor: (siret) => bySiret.get(siret) ?? [], stop };
}
