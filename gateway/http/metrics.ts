import type { RequestHandler } from 'express';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface HttpMetrics {
  registry: Registry;
  middleware: RequestHandler;
  /** One request observed outside express (the exchange listener); label sets are kept, not rebuilt. */
  observe(method: string, route: string, status: number, seconds: number): void;
}

/**
 * One Prometheus registry per app (tests build several apps in one process). Labels use the
 * matched route template, never the raw URL (bounded cardinality, no personal data).
 */
export function createHttpMetrics(opts: { defaultMetrics: boolean }): HttpMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests by route and status', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const duration = new Histogram({
    name: 'http_request_duration_seconds', help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'], registers: [registry],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const middleware: RequestHandler = function measureRequest(req, res, next) {
    const start = process.hrtime.bigint();
    res.on('finish', () => {
      const labels = { method: req.method, route: (req.route?.path as string | undefined) ?? 'unmatched', status: String(res.statusCode) };
      requests.inc(labels);
      duration.observe(labels, Number(process.hrtime.bigint() - start) / 1e9);
    });
    next();
  };
  const bound = new Map<string, { count: { inc(): void }; time: { observe(v: number): void } }>();
  const observe = (method: string, route: string, status: number, seconds: number): void => {
    const key = `${method} ${status} ${route}`;
    let b = bound.get(key);
    if (!b) {
      const labels = { method, route, status: String(status) };
      b = { count: requests.labels(labels), time: duration.labels(labels) };
      bound.set(key, b);
    }
    b.count.inc();
    b.time.observe(seconds);
  };
  return { registry, middleware, observe };
}
