import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Pool } from 'undici';
import { ProblemError } from '../../schemas/index.js';
import type { RestConfig, RestOperation } from '../config/types.js';
import { withDeadline } from '../deadline.js';
import { mapDocument } from '../mapping/apply.js';
import type { Connector, ConnectorContext, ConnectorHealth, ConnectorRequest, ConnectorResponse } from '../port.js';
import { renderTemplate } from '../template.js';
import { createTokenProvider, type TokenProvider } from './oauth2.js';
import { problemForError, problemForStatus, readJsonBody } from './read-body.js';
import { guardedLookup } from '../governance/addresses.js';

export interface RestConnectorOptions {
  /** Folder that relative TLS file paths are resolved against. */
  baseDir?: string;
  /** Refuse, when connecting, a host name resolving to a loopback or link-local address (bound connectors). */
  guardAddresses?: boolean;
}

function connectOptions(config: RestConfig, baseDir: string, guardAddresses: boolean): Pool.Options['connect'] {
  const lookup = guardAddresses ? { lookup: guardedLookup } : {};
  if (!config.tls) return guardAddresses ? lookup : undefined;
  const read = (f: string) => readFileSync(resolve(baseDir, f));
  return {
    cert: read(config.tls.certFile),
    key: read(config.tls.keyFile),
    ca: read(config.tls.caFile),
    servername: config.tls.serverName,
    rejectUnauthorized: true,
    ...lookup,
  };
}

/** The upstream path and query of one call, parameters URL-encoded into the templates. */
export function buildRequestPath(basePath: string, op: RestOperation, params: Record<string, unknown>): string {
  const path = basePath + renderTemplate(op.path, params, encodeURIComponent);
  const query = new URLSearchParams();
  for (const [name, template] of Object.entries(op.query ?? {})) {
    const value = renderTemplate(template, params);
    if (value !== '') query.set(name, value);
  }
  const qs = query.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * REST connector: calls the producer API over one undici connection pool per upstream,
 * authenticated by OAuth2 client credentials and/or mutual TLS, forwarding `X-Correlation-ID`
 * and the final recipient. The answer is mapped; error bodies are discarded.
 */
export function createRestConnector(config: RestConfig, opts: RestConnectorOptions = {}): Connector {
  const base = new URL(config.baseUrl);
  const basePath = base.pathname.replace(/\/$/, '');
  const connect = connectOptions(config, opts.baseDir ?? process.cwd(), opts.guardAddresses ?? false);
  const pool = new Pool(base.origin, { connections: config.connections ?? 16, connect });
  let tokenPool: Pool | undefined;
  let tokens: TokenProvider | undefined;
  if (config.auth?.type === 'oauth2_client_credentials') {
    const origin = new URL(config.auth.tokenUrl).origin;
    tokenPool = origin === base.origin ? pool : new Pool(origin, { connections: 2, connect });
    tokens = createTokenProvider(config.auth, tokenPool);
  }
  const recipientHeader = (config.recipientHeader ?? 'X-Recipient').toLowerCase();

  /** One deadline (one timer, one abort signal) covers the request and the reading of its answer. */
  async function call(op: RestOperation, request: ConnectorRequest, context: ConnectorContext, retried: boolean): Promise<unknown> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-correlation-id': context.correlationId,
      [recipientHeader]: context.recipient,
    };
    if (tokens) headers.authorization = `Bearer ${await tokens.get(context.deadline)}`;
    const answer = await withDeadline(context.deadline, async (signal) => {
      const res = await pool.request({
        method: op.method,
        path: buildRequestPath(basePath, op, request.params),
        headers,
        signal,
        body: op.method === 'POST' ? JSON.stringify(request.body ?? {}) : undefined,
      });
      if (res.statusCode === 401 && tokens && !retried) {
        await res.body.dump();
        return { retry: true as const };
      }
      if (res.statusCode < 200 || res.statusCode > 299) {
        await res.body.dump().catch(() => undefined);
        throw problemForStatus(res.statusCode, op.notFoundStatuses ?? [404], String(res.headers['retry-after'] ?? ''));
      }
      return { json: await readJsonBody(res.body) };
    });
    if ('retry' in answer) {
      tokens!.invalidate();
      return call(op, request, context, true);
    }
    return answer.json;
  }

  return {
    kind: 'rest',
    async fetch(request, context): Promise<ConnectorResponse> {
      const op = config.operations[request.endpoint.operationId];
      if (!op)
        throw new ProblemError('gateway.misconfigured', { cause: new Error(`no REST operation for ${request.endpoint.operationId}`) });
      let json: unknown;
      try {
        json = await call(op, request, context, false);
      } catch (err) {
        throw problemForError(err);
      }
      if (json === null || typeof json !== 'object')
        throw new ProblemError('provider.invalid_response', { cause: new Error('answer is not a JSON object') });
      return { status: 200, body: op.mapping ? mapDocument(config.mappings![op.mapping]!, json) : json };
    },
    async health(): Promise<ConnectorHealth> {
      const started = Date.now();
      try {
        const res = await withDeadline(started + 2000, (signal) =>
          pool.request({ method: 'GET', path: basePath + (config.healthPath ?? '/'), signal }),
        );
        await res.body.dump();
        const up = res.statusCode < 500;
        return {
          status: up ? 'up' : 'down',
          checkedAt: new Date(),
          latencyMs: Date.now() - started,
          code: up ? undefined : 'provider.unavailable',
        };
      } catch (err) {
        return { status: 'down', checkedAt: new Date(), latencyMs: Date.now() - started, code: problemForError(err).code };
      }
    },
    async close() {
      await pool.close();
      if (tokenPool && tokenPool !== pool) await tokenPool.close();
    },
  };
}
