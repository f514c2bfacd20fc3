import pg from 'pg';
import { ProblemError } from '../../schemas/index.js';
import type { SqlConfig } from '../config/types.js';
import { remainingMs, withDeadline } from '../deadline.js';
import { mapDocument } from '../mapping/apply.js';
import type { Connector, ConnectorHealth, ConnectorResponse } from '../port.js';
import { renderTemplate } from '../template.js';

export interface SqlConnectorOptions {
  /** The pool to use when the configuration names no connection string (Datapedia's database). */
  pool?: pg.Pool;
}

/** PostgreSQL error classes that mean "the referential is unwell", not "our query is wrong". */
function problemForPgError(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  const code = (err as { code?: string }).code ?? '';
  if (code === '57014') return new ProblemError('provider.timeout', { cause: err });
  if (code.startsWith('08') || code.startsWith('53') || code.startsWith('57') || code === 'ECONNREFUSED')
    return new ProblemError('provider.unavailable', { cause: err });
  return new ProblemError('provider.invalid_response', { cause: err });
}

/**
 * SQL connector: one parameterised SELECT per operation over a PostgreSQL referential, in a
 * READ ONLY transaction under a read-only role (`SET LOCAL ROLE`), with a statement timeout
 * no longer than what is left before the deadline. The first row is mapped to the document;
 * no row is `provider.not_found`.
 */
export function createSqlConnector(config: SqlConfig, opts: SqlConnectorOptions = {}): Connector {
  const owned = config.connectionString ? new pg.Pool({ connectionString: config.connectionString, max: 8 }) : undefined;
  owned?.on('error', () => undefined);
  const pool = owned ?? opts.pool;
  if (!pool) throw new TypeError('SQL connector without connectionString needs a pool');
  const role = pg.escapeIdentifier(config.role);

  async function query(text: string, values: unknown[], deadline: number): Promise<pg.QueryResult> {
    const timeout = Math.max(1, Math.min(config.statementTimeoutMs ?? 5000, remainingMs(deadline)));
    const connecting = pool!.connect();
    const client = await withDeadline(deadline, () => connecting).catch((err: unknown) => {
      connecting.then(
        (c) => c.release(),
        () => undefined,
      ); // a connection arriving late goes back
      throw err;
    });
    let broken = false;
    try {
      await client.query('BEGIN TRANSACTION READ ONLY');
      await client.query(`SET LOCAL ROLE ${role}`);
      await client.query(`SET LOCAL statement_timeout = ${Math.floor(timeout)}`);
      const result = await withDeadline(deadline, () => client.query(text, values));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      broken = true;
      throw err;
    } finally {
      // A client left mid-query or mid-transaction is destroyed rather than reused.
      if (broken) client.release(true);
      else client.release();
    }
  }

  return {
    kind: 'sql',
    async fetch(request, context): Promise<ConnectorResponse> {
      const op = config.operations[request.endpoint.operationId];
      if (!op)
        throw new ProblemError('gateway.misconfigured', { cause: new Error(`no SQL operation for ${request.endpoint.operationId}`) });
      const values = op.params.map((t) => renderTemplate(t, request.params));
      let rows: Record<string, unknown>[];
      try {
        rows = (await query(op.query, values, context.deadline)).rows as Record<string, unknown>[];
      } catch (err) {
        throw problemForPgError(err);
      }
      if (rows.length === 0) throw new ProblemError('provider.not_found', { cause: new Error('no row') });
      return { status: 200, body: op.mapping ? mapDocument(config.mappings![op.mapping]!, rows[0]) : rows[0] };
    },
    async health(): Promise<ConnectorHealth> {
      const started = Date.now();
      try {
        await query('SELECT 1', [], started + 2000);
        return { status: 'up', checkedAt: new Date(), latencyMs: Date.now() - started };
      } catch (err) {
        return { status: 'down', checkedAt: new Date(), latencyMs: Date.now() - started, code: problemForPgError(err).code };
      }
    },
    async close() {
      await owned?.end();
    },
  };
}
