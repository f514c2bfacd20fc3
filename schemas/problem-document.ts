/**
 * The RFC 9457 document of a problem, and the mapping of anything thrown to a problem, shared by
 * every surface that answers one (the HTTP error handler, the exchange pipeline). Transport
 * specifics (body-parser errors, router errors) are mapped by the HTTP layer before reaching here.
 */
import { ProblemError } from './problems.js';

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

/**
 * A ProblemError as is; a refused or terminated database connection is
 * `gateway.database_unavailable` (+ Retry-After); anything else `gateway.internal`, without detail.
 */
export function asProblem(err: unknown): ProblemError {
  if (err instanceof ProblemError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (code === 'ECONNREFUSED' || code === '57P01') {
    return new ProblemError('gateway.database_unavailable', { cause: err, headers: { 'Retry-After': '5' } });
  }
  return new ProblemError('gateway.internal', { cause: err });
}
