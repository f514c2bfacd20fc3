/**
 * The data plane's own door: a plain `node:http` request listener in front of express
 * (docs/architecture.md, "Exchange pipeline"). `GET|POST /exchange/{apiSlug}/{path}` goes
 * straight to the pipeline; every other request (the control plane, HEAD, a bare
 * `/exchange/{apiSlug}`) goes to express unchanged.
 *
 * What the exchange route no longer pays for (CPU profiles in bench/PROFILE.md): the router walk
 * over every route of the control plane, express' request/response prototypes and `req.query`,
 * helmet's per-request header computation (its headers are computed once here), a child logger
 * per request, metric label objects per request. What it keeps: the exchange id (= X-Request-ID
 * = `instance` = ledger event id), one access-log line per request (path only, never the query:
 * it carries identity parameters), the request metrics, the JSON body parser for POST only.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import express, { type RequestHandler } from 'express';
import type { Logger } from 'pino';
import { toProblem } from './problem.js';
import type { ExchangePipeline } from '../../exchange/index.js';

/** The labelled route of the exchange path in the request metrics (the express route template). */
export const EXCHANGE_ROUTE_LABEL = '/exchange/:apiSlug/*path';

const URL_SHAPE = /^\/exchange\/([^/?#]+)(\/[^?#]*)(?:\?([^#]*))?/;

/** The headers a middleware sets on every response (helmet's), computed once on a stand-in response. */
export function constantHeaders(middleware: RequestHandler): Record<string, string> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name];
    },
    getHeader: (name: string) => headers[name],
  };
  const req = { method: 'GET', url: '/', headers: {} };
  let called = false;
  (middleware as unknown as (q: unknown, s: unknown, n: (e?: unknown) => void) => void)(req, res, (err) => {
    if (err) throw err;
    called = true;
  });
  if (!called) throw new TypeError('constantHeaders: the middleware did not call next synchronously');
  return headers;
}

/** The decoded segment, or undefined when it does not percent-decode (RFC 3986 §2.1). */
function decodes(v: string): boolean {
  if (!v.includes('%')) return true;
  try {
    decodeURIComponent(v);
    return true;
  } catch {
    return false;
  }
}

export interface ExchangeListenerOptions {
  pipeline: ExchangePipeline;
  logger: Logger;
  bodyLimitBytes: number;
  /** Headers every response carries (the security headers of the control plane). */
  headers: Record<string, string>;
  /** One observation per exchange (request metrics). */
  observe(method: string, route: string, status: number, seconds: number): void;
  /** Everything that is not an exchange. */
  fallback: RequestListener;
}

export function exchangeListener(o: ExchangeListenerOptions): RequestListener {
  const parseJson = express.json({ limit: o.bodyLimitBytes, type: ['application/json', 'application/*+json'] }) as unknown as (
    req: IncomingMessage,
    res: ServerResponse,
    next: (err?: unknown) => void,
  ) => void;
  const fixed = { ...o.headers, 'Cache-Control': 'no-store' };
  // The access line has fixed keys and no credential: no redaction pass (a third of a line's cost).
  // Errors keep the process logger and its redaction (a cause may carry a body).
  const access = o.logger.child({}, { redact: [] });

  async function handle(req: IncomingMessage, res: ServerResponse, m: RegExpExecArray): Promise<void> {
    const start = process.hrtime.bigint();
    const exchangeId = randomUUID();
    const slug = m[1]!;
    const path = m[2]!;
    const decodable = decodes(slug) && decodes(path);
    let apiSlug = '';
    if (decodable) apiSlug = slug.includes('%') ? decodeURIComponent(slug) : slug;
    const citizen = req.headers['x-franceconnect-token'];
    const result = await o.pipeline.run({
      exchangeId,
      method: req.method!,
      apiSlug,
      undecodablePath: !decodable,
      path,
      rawQuery: m[3] ?? '',
      authorization: req.headers.authorization,
      ip: req.socket.remoteAddress ?? '',
      readBody: () =>
        new Promise((resolve, reject) => {
          parseJson(req, res, (err) => (err ? reject(toProblem(err)) : resolve((req as { body?: unknown }).body)));
        }),
      citizenToken: typeof citizen === 'string' ? citizen : undefined,
      delegationId: typeof req.headers['x-delegation-id'] === 'string' ? req.headers['x-delegation-id'] : undefined,
    });
    if (result.status >= 500) o.logger.error({ reqId: exchangeId, code: result.problemCode, err: result.cause }, 'exchange failed');
    res.writeHead(result.status, {
      ...fixed,
      ...result.headers,
      'Content-Type': result.contentType,
      'Content-Length': Buffer.byteLength(result.body),
    });
    res.end(result.body);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    access.info({ reqId: exchangeId, method: req.method, path: `/exchange/${slug}${path}`, status: result.status, ms }, 'request');
    o.observe(req.method!, EXCHANGE_ROUTE_LABEL, result.status, ms / 1000);
  }

  return function datapediaListener(req, res) {
    const url = req.url;
    if (url !== undefined && url.startsWith('/exchange/') && (req.method === 'GET' || req.method === 'POST')) {
      const m = URL_SHAPE.exec(url);
      if (m) {
        handle(req, res, m).catch((err: unknown) => {
          o.logger.error({ err }, 'exchange listener failed');
          if (!res.headersSent) res.writeHead(500, fixed);
          res.end();
        });
        return;
      }
    }
    o.fallback(req, res);
  };
}
