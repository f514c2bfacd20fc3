import type { RequestHandler } from 'express';
import type { Logger } from 'pino';

/**
 * One JSON log line per request with its id. Only the path is logged: query strings of the
 * exchange path carry identity parameters (personal data never reaches the logs).
 */
export function accessLog(logger: Logger): RequestHandler {
  return function logRequest(req, res, next) {
    const start = process.hrtime.bigint();
    req.log = logger.child({ reqId: req.id });
    res.on('finish', () => {
      req.log.info(
        { method: req.method, path: req.path, status: res.statusCode, ms: Number(process.hrtime.bigint() - start) / 1e6 },
        'request',
      );
    });
    next();
  };
}
