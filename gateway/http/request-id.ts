import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

/** A caller's X-Request-ID is kept only if it is safe to log and echo. */
const ACCEPTED = /^[A-Za-z0-9._-]{1,64}$/;

/** Gives every request an id (the caller's when acceptable, else a UUID) and echoes it. */
export function requestId(): RequestHandler {
  return function assignRequestId(req, res, next) {
    const offered = req.headers['x-request-id'];
    req.id = typeof offered === 'string' && ACCEPTED.test(offered) ? offered : randomUUID();
    res.setHeader('X-Request-ID', req.id);
    next();
  };
}
