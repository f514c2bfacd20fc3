import type { ErrorRequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import { PROBLEMS, ProblemError, type ProblemCode } from '../../schemas/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `instance` of a problem: `urn:uuid:<id>` for our ids, `urn:datapedia:request:<id>` for a caller's own. */
export function instanceOf(requestId: string): string {
  return UUID.test(requestId) ? `urn:uuid:${requestId}` : `urn:datapedia:request:${requestId}`;
}

/** The RFC 9457 document of a problem; `type` points at the documented code. */
export function problemDocument(err: ProblemError, requestId: string, publicUrl: string): Record<string, unknown> {
  return {
    type: `${publicUrl}/docs/problems#${err.code}`,
    title: err.title,
    status: err.status,
    ...(err.detail ? { detail: err.detail } : {}),
    instance: instanceOf(requestId),
    code: err.code,
    ...(err.errors ? { errors: err.errors } : {}),
    ...(err.extensions ?? {}),
  };
}

/** Writes a problem+json answer (RFC 9457 §3). */
export function sendProblem(res: Response, err: ProblemError, requestId: string, publicUrl: string): void {
  for (const [k, v] of Object.entries(err.headers ?? {})) res.setHeader(k, v);
  res.status(err.status).type('application/problem+json').send(JSON.stringify(problemDocument(err, requestId, publicUrl)));
}

/** Body-parser failures are the client's; they carry `type` and `status` (see body-parser docs). */
const PARSER_ERRORS: Record<string, ProblemCode> = {
  'entity.parse.failed': 'client.malformed_json',
  'entity.too.large': 'client.payload_too_large',
  'encoding.unsupported': 'client.unsupported_media_type',
  'charset.unsupported': 'client.unsupported_media_type',
  'request.aborted': 'client.invalid_request',
  'entity.verify.failed': 'client.invalid_request',
  'request.size.invalid': 'client.invalid_request',
  'stream.encoding.set': 'gateway.internal',
};

/** Maps anything thrown to a ProblemError; unknown errors become `gateway.internal` without detail. */
export function toProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  const type = (err as { type?: unknown })?.type;
  if (typeof type === 'string' && PARSER_ERRORS[type]) {
    const code = PARSER_ERRORS[type]!;
    const detail = code === 'client.payload_too_large'
      ? `Le corps dépasse la limite de ${(err as { limit?: number }).limit ?? '?'} octets.`
      : code === 'client.malformed_json' ? 'Le corps de la requête n’est pas un JSON valide.' : undefined;
    return new ProblemError(code, { detail, cause: err });
  }
  // The router could not percent-decode a path parameter (it flags the URIError with status 400).
  if (err instanceof URIError && (err as { status?: number }).status === 400) {
    return new ProblemError('client.invalid_request', { detail: 'Chemin mal encodé (RFC 3986 §2.1).', cause: err });
  }
  if ((err as { code?: string })?.code === 'ECONNREFUSED' || (err as { code?: string })?.code === '57P01') {
    return new ProblemError('gateway.database_unavailable', { cause: err, headers: { 'Retry-After': '5' } });
  }
  return new ProblemError('gateway.internal', { cause: err });
}

/** Express error handler: the last middleware of the app. */
export function problemHandler(publicUrl: string, logger: Logger): ErrorRequestHandler {
  return function renderProblem(err, req, res, _next) {
    const problem = toProblem(err);
    if (problem.status >= 500) logger.error({ reqId: req.id, code: problem.code, err: problem.cause ?? problem }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendProblem(res, problem, req.id, publicUrl);
  };
}

export { PROBLEMS };
