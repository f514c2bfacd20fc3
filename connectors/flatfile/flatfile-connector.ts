import { resolve } from 'node:path';
import { ProblemError } from '../../schemas/index.js';
import type { FlatFileConfig } from '../config/types.js';
import { remainingMs } from '../deadline.js';
import { mapDocument } from '../mapping/apply.js';
import type { Connector, ConnectorHealth, ConnectorResponse } from '../port.js';
import { renderTemplate } from '../template.js';
import { ExtractIndex, lookupKey, type LoadReport } from './extract-index.js';

/** The flat-file connector, with its index's reload controls for operators and tests. */
export interface FlatFileConnector extends Connector {
  reload(): Promise<LoadReport>;
  lastReport(): LoadReport | null;
}

export interface FlatFileConnectorOptions {
  /** Folder that a relative `file` is resolved against. */
  baseDir?: string;
}

/**
 * Flat-file connector: answers from an in-memory index of a fixed-width (copybook-like layout,
 * Latin-1 or UTF-8) or CSV extract, keyed by canonicalised fields. The first load happens in
 * `createFlatFileConnector`; later changes of the file are picked up by a watcher.
 */
export async function createFlatFileConnector(config: FlatFileConfig, opts: FlatFileConnectorOptions = {}): Promise<FlatFileConnector> {
  const index = new ExtractIndex(config, resolve(opts.baseDir ?? process.cwd(), config.file));
  await index.reload();
  if (config.watch !== false) index.startWatching();
  return {
    kind: 'flatfile',
    async fetch(request, context): Promise<ConnectorResponse> {
      remainingMs(context.deadline);
      const op = config.operations[request.endpoint.operationId];
      if (!op)
        throw new ProblemError('gateway.misconfigured', { cause: new Error(`no flat-file operation for ${request.endpoint.operationId}`) });
      if (!index.loaded)
        throw new ProblemError('provider.unavailable', { cause: new Error(`extract not loaded: ${index.lastReport()?.reason ?? ''}`) });
      const record = index.get(lookupKey(op.key.map((t) => renderTemplate(t, request.params))));
      if (record === undefined || record === 'ambiguous')
        throw new ProblemError('provider.not_found', { cause: new Error(record ?? 'no record') });
      return { status: 200, body: op.mapping ? mapDocument(config.mappings![op.mapping]!, record) : { ...record } };
    },
    async health(): Promise<ConnectorHealth> {
      return {
        status: index.loaded ? 'up' : 'down',
        checkedAt: new Date(),
        latencyMs: 0,
        code: index.loaded ? undefined : 'provider.unavailable',
      };
    },
    async close() {
      index.stop();
    },
    reload: () => index.reload(),
    lastReport: () => index.lastReport(),
  };
}
