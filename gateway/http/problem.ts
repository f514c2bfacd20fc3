import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import { PROBLEMS, ProblemError, asProblem, problemDocument, instanceOf, type ProblemCode } from '../../schemas/index.js';
import { loginHref, renderErrorPage } from '../../web/index.js';

export { problemDocument, instanceOf };

/** Writes a problem+json answer (RFC 9457 §3). */
export function sendProblem(res: Response, err: ProblemError, requestId: string, publicUrl: string): void {
  for (const [k, v] of Object.entries(err.headers ?? {})) res.setHeader(k, v);
  res
    .status(err.status)
    .type('application/problem+json')
    .send(JSON.stringify(problemDocument(err, requestId, publicUrl)));
}

/**
 * Body-parser failures are the client's; they carry `type` and `status` (see body-parser docs).
 * Their `body` property holds the raw request body: it never reaches a problem, a log or a
 * client (docs/architecture.md, "Logs").
 */
const PARSER_ERRORS: Record<string, ProblemCode> = {
  'entity.parse.failed': 'client.malformed_json',
  'entity.too.large': 'client.payload_too_large',
  'parameters.too.many': 'client.payload_too_large',
  'encoding.unsupported': 'client.unsupported_media_type',
  'charset.unsupported': 'client.unsupported_media_type',
  'request.aborted': 'client.invalid_request',
  'entity.verify.failed': 'client.invalid_request',
  'request.size.invalid': 'client.invalid_request',
  'querystring.parse.rangeError': 'client.invalid_request',
};

const PARSER_DETAILS: Partial<Record<string, string>> = {
  'parameters.too.many': 'Le formulaire contient trop de paramètres.',
  'encoding.unsupported': 'Content-Encoding non pris en charge (identity, gzip, deflate ou br).',
  'charset.unsupported': 'Jeu de caractères non pris en charge.',
  'querystring.parse.rangeError': 'Formulaire trop imbriqué.',
};

/** The client-visible part of an http-errors error thrown while reading a body (4xx, `expose`). */
function parserProblem(err: unknown): ProblemError | undefined {
  const e = err as { type?: unknown; status?: unknown; expose?: unknown; limit?: number; code?: unknown };
  const type = typeof e?.type === 'string' ? e.type : undefined;
  const code = type ? PARSER_ERRORS[type] : undefined;
  if (code) {
    const detail =
      code === 'client.payload_too_large' && type === 'entity.too.large'
        ? `Le corps dépasse la limite de ${e.limit ?? '?'} octets.`
        : code === 'client.malformed_json'
          ? 'Le corps de la requête est illisible (syntaxe invalide).'
          : PARSER_DETAILS[type!];
    return new ProblemError(code, { detail, cause: withoutBody(err) });
  }
  // A body that does not decompress (`Content-Encoding: gzip` on plain bytes): zlib's error,
  // wrapped by body-parser as an exposed 400.
  if (e?.expose === true && typeof e.status === 'number' && e.status >= 400 && e.status < 500) {
    const zlib = typeof e.code === 'string' && e.code.startsWith('Z_');
    return new ProblemError(
      e.status === 415 ? 'client.unsupported_media_type' : e.status === 413 ? 'client.payload_too_large' : 'client.invalid_request',
      {
        detail: zlib ? 'Le corps ne correspond pas à son Content-Encoding.' : 'Corps de requête illisible.',
        cause: withoutBody(err),
      },
    );
  }
  return undefined;
}

/** A copy of an error's loggable facts, without the request body it may carry. */
export function withoutBody(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const e = err as Error & { type?: unknown; status?: unknown; code?: unknown };
  const copy = new Error(e.message);
  copy.name = e.name;
  copy.stack = e.stack;
  return Object.assign(copy, { type: e.type, status: e.status, code: e.code });
}

/** Maps anything thrown to a ProblemError; unknown errors become `gateway.internal` without detail. */
export function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  const parsed = parserProblem(err);
  if (parsed) return parsed;
  // The router could not percent-decode a path parameter (it flags the URIError with status 400).
  if (err instanceof URIError && (err as { status?: number }).status === 400) {
    return new ProblemError('client.invalid_request', { detail: 'Chemin mal encodé (RFC 3986 §2.1).', cause: err });
  }
  return asProblem(err);
}

/**
 * Paths of the machine surfaces: they always answer problem+json, whatever the client accepts.
 * Everything else is a page (or a page's form action) that a browser may have asked for.
 */
const API_PATHS = /^\/(v1|exchange|oauth|\.well-known|graphql|openapi\.json|idp|metrics|health[a-z]*|ready[a-z]*|auth\/session)(\/|$|\?)/;

/** Whether a problem is answered as an HTML page: a web path, and a client preferring text/html (RFC 9110 §12.5.1). */
export function wantsHtmlPage(req: Request): boolean {
  if (API_PATHS.test(req.path)) return false;
  return req.accepts(['application/problem+json', 'application/json', 'text/html']) === 'text/html';
}

/**
 * The problem as a person's page: a GET or HEAD refused for want of a login goes to the login
 * page, which brings the person back (a same-origin path only); anything else is the error page
 * of the same status.
 */
function sendErrorPage(req: Request, res: Response, err: ProblemError, requestId: string): void {
  for (const [k, v] of Object.entries(err.headers ?? {})) if (k.toLowerCase() !== 'www-authenticate') res.setHeader(k, v);
  const p = req.principal;
  const session = p?.via === 'session' ? p : undefined;
  if (err.status === 401 && !session && (req.method === 'GET' || req.method === 'HEAD')) {
    res.set('Cache-Control', 'no-store').redirect(302, loginHref(req.originalUrl));
    return;
  }
  const page = renderErrorPage({
    status: err.status,
    code: err.code,
    detail: err.detail,
    instance: instanceOf(requestId),
    currentPath: req.originalUrl,
    user: session ? { name: session.name ?? session.sub, logoutUrl: '/auth/logout' } : null,
    csrfToken: session?.csrfToken,
  });
  res.status(err.status).set('Cache-Control', 'no-store').type('html').send(page.toString());
}

/** Express error handler: the last middleware of the app. */
export function problemHandler(publicUrl: string, logger: Logger): ErrorRequestHandler {
  return function renderProblem(err, req, res, _next) {
    const problem = toProblem(err);
    if (problem.status >= 500)
      logger.error({ reqId: req.id, code: problem.code, err: withoutBody(problem.cause ?? problem) }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (wantsHtmlPage(req)) sendErrorPage(req, res, problem, req.id);
    else sendProblem(res, problem, req.id, publicUrl);
  };
}

export { PROBLEMS };
