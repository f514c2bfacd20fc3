import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConnectorConfig, FlatFileConfig } from '../../config/types.js';
import { listDemoWorldPeople } from '../../demo-world/people.js';
import type { DemoBackend, DemoBackendContext } from '../types.js';
import { buildTaxExtract } from './extract.js';

/**
 * Drops the DGFiP extract in the data folder (written aside, then renamed: a reader never sees
 * it half-written) and binds the flat-file connector to its absolute path.
 */
export async function startDgfipBackend(config: ConnectorConfig, _folder: string, ctx: DemoBackendContext): Promise<DemoBackend> {
  const flat = config as FlatFileConfig;
  mkdirSync(ctx.dataDir, { recursive: true });
  const target = join(ctx.dataDir, flat.file);
  writeFileSync(`${target}.tmp`, buildTaxExtract(listDemoWorldPeople()));
  renameSync(`${target}.tmp`, target);
  return { config: { ...flat, file: target }, stop: async () => undefined };
}
