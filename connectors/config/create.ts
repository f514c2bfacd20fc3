import type pg from 'pg';
import type { ProblemCode } from '../../schemas/index.js';
import { createFlatFileConnector } from '../flatfile/flatfile-connector.js';
import type { Connector } from '../port.js';
import { createRestConnector } from '../rest/rest-connector.js';
import { createSoapConnector } from '../soap/soap-connector.js';
import { createSqlConnector } from '../sql/sql-connector.js';
import { validateConnectorConfig } from './validate.js';

export interface CreateConnectorOptions {
  /** For SQL connectors without their own connection string. */
  pool?: pg.Pool;
  /** Folder that relative file paths (extracts, WSDL, TLS material) are resolved against. */
  baseDir?: string;
  /** REST: refuse at connect time a host name resolving to an internal address (connectors bound within targets). */
  guardAddresses?: boolean;
  /** Problem code of a refused configuration (default `client.validation_failed`; at start `gateway.misconfigured`). */
  invalidCode?: ProblemCode;
}

/** Validates a configuration (refused whole, with pointers) and builds the connector of its kind. */
export async function createConnector(config: unknown, opts: CreateConnectorOptions = {}): Promise<Connector> {
  const valid = validateConnectorConfig(config, opts.invalidCode);
  switch (valid.kind) {
    case 'rest':
      return createRestConnector(valid, opts);
    case 'sql':
      return createSqlConnector(valid, opts);
    case 'flatfile':
      return createFlatFileConnector(valid, opts);
    case 'soap':
      return createSoapConnector(valid, opts);
  }
}
