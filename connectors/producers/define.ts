import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConnectorConfig } from '../config/types.js';
import type { DemoBackendContext, DemoBackend, DemoCatalogEntry, DemoProducerModule } from './types.js';

interface ProducerMeta {
  key: string;
  apiSlug: string;
  producerSiret: string;
  catalog: DemoCatalogEntry;
}

/**
 * Assembles a demo producer from its folder: `connector.json` (the configuration),
 * `mapping.json` (its named mappings, merged in), `openapi.yaml`. Every folder has the same
 * files, so adding a producer is one folder plus one line in the registry (docs/architecture.md, "Demo producers").
 */
export function defineProducer(
  moduleUrl: string,
  meta: ProducerMeta,
  startBackend: (config: ConnectorConfig, folder: string, ctx: DemoBackendContext) => Promise<DemoBackend>,
): DemoProducerModule {
  const folder = dirname(fileURLToPath(moduleUrl));
  const config = JSON.parse(readFileSync(join(folder, 'connector.json'), 'utf8')) as ConnectorConfig;
  const mappings = JSON.parse(readFileSync(join(folder, 'mapping.json'), 'utf8')) as ConnectorConfig['mappings'];
  const connector = { ...config, mappings } as ConnectorConfig;
  return {
    ...meta,
    openapiFile: join(folder, 'openapi.yaml'),
    connector,
    startBackend: (ctx) => startBackend(structuredClone(connector), folder, ctx),
  };
}
