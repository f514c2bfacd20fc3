import { basename, dirname } from 'node:path';
import pg from 'pg';
import type { ConnectorConfig } from '../config/types.js';
import type { ConnectorBinding } from '../governance/guard.js';
import type { ConnectorTarget } from '../governance/targets.js';
import { connectionStringFor, currentDatabase } from '../governance/database.js';

/**
 * The demo world's connector targets, declared when the demo producers start (development only):
 * the loopback origins of the in-process servers, the folder of the DGFiP extract and of the
 * CNOUS WSDL, and the demo referential database — a database of its own next to Datapedia's,
 * never Datapedia's (docs/architecture.md, "Connectors").
 */
export function demoTargetAndBinding(
  key: string,
  config: ConnectorConfig,
  referentials: { dsn: string },
): { target: ConnectorTarget; binding: ConnectorBinding } {
  const name = `demo-${key}`;
  switch (config.kind) {
    case 'rest': {
      const origins = [
        ...new Set(
          [config.baseUrl, ...(config.auth?.type === 'oauth2_client_credentials' ? [config.auth.tokenUrl] : [])].map(
            (u) => new URL(u).origin,
          ),
        ),
      ];
      return { target: { name, kind: 'rest', origins }, binding: { target: name, config: { ...config } } };
    }
    case 'soap':
      return {
        target: { name, kind: 'soap', origins: config.endpoint ? [new URL(config.endpoint).origin] : [], root: dirname(config.wsdl) },
        binding: { target: name, config: { ...config, wsdl: basename(config.wsdl) } },
      };
    case 'flatfile':
      return {
        target: { name, kind: 'flatfile', root: dirname(config.file) },
        binding: { target: name, config: { ...config, file: basename(config.file) } },
      };
    case 'sql':
      return { target: { name, kind: 'sql', dsn: referentials.dsn, role: config.role }, binding: { target: name, config: { ...config } } };
  }
}

/**
 * Opens (creating it once) the demo referential database `<datapedia's>_ref` on the same server:
 * the SQL demo producers keep their legacy schemas there, out of Datapedia's own database.
 */
export async function openDemoReferentials(pool: pg.Pool): Promise<{ pool: pg.Pool; dsn: string; name: string }> {
  const name = `${(await currentDatabase(pool)).slice(0, 58)}_ref`;
  const exists = await pool.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (!exists.rowCount) {
    await pool.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`).catch((err: { code?: string }) => {
      if (err.code === '42501')
        throw new TypeError(`the demo world needs CREATEDB to create its referential database ${name} (never Datapedia's own)`, {
          cause: err,
        });
      if (err.code !== '42P04' && err.code !== '23505') throw err; // created concurrently
    });
  }
  const dsn = connectionStringFor(pool, name);
  const ref = new pg.Pool({ connectionString: dsn, max: 4 });
  ref.on('error', () => undefined);
  return { pool: ref, dsn, name };
}
