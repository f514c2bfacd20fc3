/**
 * The data plane: `GET|POST /exchange/{apiSlug}/{producer path}` (docs/architecture.md, "Exchange pipeline").
 * Mounted ahead of the generic middleware, with a minimal chain of its own: exchange id
 * (= X-Request-ID = `instance` = ledger event id), access log, metrics. No session, no generic
 * authenticators, no body parser unless the pipeline asks for the body: the hot path stays lean
 * (benchmark). The pipeline never throws; it returns the bytes to send, already traced.
 */
import { randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import type { AppDeps } from '../deps.js';
import type { RouteSpec, ParameterSpec } from '../http/route.js';
import { problemResponse } from '../http/route.js';
import { accessLog } from '../http/access-log.js';
import { toProblem } from '../http/problem.js';
import type { ExchangePipeline } from '../../exchange/index.js';

/** The decoded segment, or undefined when it does not percent-decode (RFC 3986 §2.1). */
function decodeSegment(v: string): string | undefined {
  try {
    return decodeURIComponent(v);
  } catch {
    return undefined;
  }
}

const UNDECODABLE = Symbol('undecodablePath');

const URL_SHAPE = /^\/exchange\/([^/?#]+)(\/[^?#]*)?(?:\?([^#]*))?/;

/** The exchange id is ours, never the caller's: it is the primary key of the ledger event. */
function assignExchangeId(): RequestHandler {
  return function assignExchangeIdentifier(req, _res, next) {
    req.id = randomUUID();
    next();
  };
}

function readJsonBody(limit: number): (req: Request, res: Response) => Promise<unknown> {
  const parse = express.json({ limit, type: ['application/json', 'application/*+json'] });
  return (req, res) =>
    new Promise((resolve, reject) => {
      parse(req, res, (err?: unknown) => (err ? reject(toProblem(err)) : resolve((req as { body?: unknown }).body)));
    });
}

/**
 * The router refuses a path whose parameters do not percent-decode before the exchange's own
 * chain runs (no exchange id, no trace). Mounted on `/exchange` right after the exchange routes,
 * this error handler runs that chain instead: the pipeline refuses the request with 400
 * `client.invalid_request`, its id in `X-Request-ID` and `instance`, and counts it.
 */
export function exchangeUndecodablePath(route: RouteSpec): ErrorRequestHandler {
  const chain: RequestHandler[] = [...(route.before ?? []), route.handler as RequestHandler];
  return function refuseUndecodablePath(err, req, res, next) {
    if (!(err instanceof URIError) || (err as { status?: number }).status !== 400) return next(err);
    (req as Request & { [UNDECODABLE]?: true })[UNDECODABLE] = true;
    let i = 0;
    const step = (e?: unknown): void => {
      if (e) return next(e);
      const handler = chain[i++];
      if (handler) void Promise.resolve(handler(req, res, step)).catch(next);
    };
    step();
  };
}

/** The two exchange routes (GET, POST) over the process's pipeline (gateway/compose.ts). */
export function exchangeRoutes(deps: Pick<AppDeps, 'config' | 'logger'>, pipeline: ExchangePipeline, measure: RequestHandler): RouteSpec[] {
  const c = deps.config;
  const readBody = readJsonBody(c.BODY_LIMIT_BYTES);

  const handleExchange: RequestHandler = async function handleExchange(req, res) {
    const m = URL_SHAPE.exec(req.originalUrl);
    const apiSlug = decodeSegment(m?.[1] ?? '');
    const result = await pipeline.run({
      exchangeId: req.id,
      method: req.method,
      apiSlug: apiSlug ?? '',
      undecodablePath: apiSlug === undefined || (req as Request & { [UNDECODABLE]?: true })[UNDECODABLE] === true,
      path: m?.[2] ?? '/',
      rawQuery: m?.[3] ?? '',
      authorization: req.headers.authorization,
      ip: req.socket.remoteAddress ?? '',
      readBody: () => readBody(req, res),
      citizenToken: typeof req.headers['x-franceconnect-token'] === 'string' ? req.headers['x-franceconnect-token'] : undefined,
      delegationId: typeof req.headers['x-delegation-id'] === 'string' ? req.headers['x-delegation-id'] : undefined,
    });
    if (result.status >= 500) req.log.error({ reqId: req.id, code: result.problemCode, err: result.cause }, 'exchange failed');
    // One writeHead with every header: the cheapest way out of node:http (no per-header bookkeeping).
    res.writeHead(result.status, {
      ...result.headers,
      'Content-Type': result.contentType,
      'Content-Length': Buffer.byteLength(result.body),
      'Cache-Control': 'no-store',
    });
    res.end(result.body);
  };

  const parameters: ParameterSpec[] = [
    {
      name: 'apiSlug',
      in: 'path',
      required: true,
      description: 'Identifiant de l’API du producteur (catalogue)',
      schema: { type: 'string' },
    },
    { name: 'path', in: 'path', required: true, description: 'Chemin du point d’accès chez le producteur', schema: { type: 'string' } },
    {
      name: 'recipient',
      in: 'query',
      required: true,
      description: 'SIRET du destinataire des données (le consommateur ou un destinataire déclaré au contrat)',
      schema: { type: 'string', pattern: '^\\d{14}$' },
    },
    {
      name: 'context',
      in: 'query',
      required: true,
      description: 'Cadre de la demande (50 caractères au plus)',
      schema: { type: 'string', maxLength: 50 },
    },
    {
      name: 'X-FranceConnect-Token',
      in: 'header',
      required: false,
      description:
        'Mode FranceConnect : jeton d’accès de la personne elle-même (remplace les paramètres d’identité ; sa présence vaut consentement pour cet échange)',
      schema: { type: 'string' },
    },
    {
      name: 'object',
      in: 'query',
      required: true,
      description: 'Objet de la demande, p. ex. numéro de dossier (50 caractères au plus)',
      schema: { type: 'string', maxLength: 50 },
    },
  ];
  const rateHeaders = {
    'RateLimit-Limit': { description: 'Requêtes permises par minute pour ce contrat', schema: { type: 'integer' } },
    'RateLimit-Remaining': { description: 'Requêtes restantes dans la fenêtre', schema: { type: 'integer' } },
    'RateLimit-Reset': { description: 'Secondes avant la fin de la fenêtre', schema: { type: 'integer' } },
    'X-Request-ID': { description: 'Identifiant de l’échange (journal)', schema: { type: 'string', format: 'uuid' } },
  };
  const base = {
    path: '/exchange/{apiSlug}/{path*}',
    tags: ['échange'],
    security: ['exchangeToken'],
    access: 'exchange-token',
    parameters,
    description:
      'Passe par le pipeline authentification → habilitation → traçabilité → validation → consentement → producteur → minimisation → contrôle → journal. Chaque issue, servie ou refusée, est journalisée avant la réponse.',
    responses: {
      '200': {
        description: 'Données minimisées',
        headers: rateHeaders,
        schema: {
          type: 'object',
          required: ['data', 'meta'],
          properties: {
            data: {},
            meta: {
              type: 'object',
              properties: {
                exchangeId: { type: 'string', format: 'uuid' },
                api: { type: 'string' },
                endpoint: { type: 'string' },
                scopes: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      },
      '400': problemResponse('Paramètres invalides ou traçabilité manquante'),
      '401': problemResponse('Jeton absent, invalide ou expiré'),
      '403': problemResponse('Contrat, point d’accès, périmètre, destinataire, adresse IP ou consentement refusé'),
      '410': problemResponse('API retirée'),
      '429': problemResponse('Limite de débit du contrat atteinte (Retry-After)'),
      '502': problemResponse('Réponse du producteur en erreur ou non conforme'),
      '503': problemResponse('Journal indisponible ou disjoncteur ouvert'),
      '504': problemResponse('Le producteur n’a pas répondu à temps'),
    },
    before: [assignExchangeId(), accessLog(deps.logger), measure],
    handler: handleExchange,
  } satisfies Omit<RouteSpec, 'method' | 'operationId' | 'summary'>;
  return [
    { ...base, method: 'get', operationId: 'exchangeGet', summary: 'Échange de données (lecture) auprès d’un producteur' },
    { ...base, method: 'post', operationId: 'exchangePost', summary: 'Échange de données (requête avec corps) auprès d’un producteur' },
  ];
}
