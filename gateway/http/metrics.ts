import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { upstreamKey, type ExchangePipeline } from '../../exchange/index.js';

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
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['method', 'route', 'status'],
    registers: [registry],
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

/** What the service metrics read when scraped (each optional: a test or a benchmark may lack some). */
export interface MetricSources {
  breakers?: { state(upstream: string): 'closed' | 'open' | 'half-open' };
  /** The ledger writer (its queue is read when it tells it: `stats`). */
  ledger?: object;
  evaluator?: { lag(): Promise<{ behindEvents: number; behindMs: number }> };
  /** Database the checkpoint age and relay lag are read from. */
  pool?: { query(sql: string): Promise<{ rows: Record<string, unknown>[] }> };
  clock?: { now(): Date };
  /** The Kafka relay runs (relay lag is meaningless otherwise). */
  relay?: boolean;
}

/** The exchange's ports the metrics observe (structural: the exchange domain's own types). */
interface ObservedPorts {
  connectors: { forApi(api: { slug: string; connector?: unknown }): { call(req: never): Promise<unknown> } | null };
  ledger: { append(event: never): Promise<unknown> };
}

const CIRCUIT_VALUE = { closed: 0, 'half-open': 1, open: 2 } as const;
/** Distinct APIs labelled before the rest are grouped under `autre` (bounded cardinality). */
const MAX_API_LABELS = 500;

/**
 * The service metrics: exchanges by API and outcome code,
 * producer latency per API, circuit state per upstream, ledger queue depth and commit latency,
 * checkpoint age, relay lag, usage-control evaluator lag. The exchange is observed through its
 * ports and its pipeline (decorators installed once by compose.ts): label children are bound
 * once per API and code and kept, so an exchange costs a map lookup and an increment, never a
 * label object. Everything read from the database is read at scrape time only.
 */
export function createServiceMetrics() {
  const registry = new Registry();
  const exchanges = new Counter({
    name: 'datapedia_exchanges_total',
    help: 'Exchanges by API and outcome code (ok, or the problem code)',
    labelNames: ['api', 'code'],
    registers: [registry],
  });
  const upstream = new Histogram({
    name: 'datapedia_producer_latency_seconds',
    help: 'Producer (upstream) call latency by API',
    labelNames: ['api'],
    registers: [registry],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  });
  const commit = new Histogram({
    name: 'datapedia_ledger_commit_seconds',
    help: 'Time from an exchange event appended to its batch committed',
    registers: [registry],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
  });
  const commitFailures = new Counter({
    name: 'datapedia_ledger_commit_failures_total',
    help: 'Exchange events whose commit failed',
    registers: [registry],
  });
  const upstreams = new Map<string, string>(); // upstream key -> API slug
  let sources: MetricSources = {};

  const exchangeChildren = new Map<string, Map<string, { inc(): void }>>();
  let apiLabels = 0;
  function exchangeChild(api: string, code: string): { inc(): void } {
    let byCode = exchangeChildren.get(api);
    if (!byCode) {
      if (apiLabels >= MAX_API_LABELS) return exchangeChild('autre', code);
      apiLabels += 1;
      exchangeChildren.set(api, (byCode = new Map()));
    }
    let child = byCode.get(code);
    if (!child) byCode.set(code, (child = exchanges.labels(api, code)));
    return child;
  }
  const latencyChildren = new Map<string, { observe(v: number): void }>();
  function latencyChild(api: string): { observe(v: number): void } {
    let child = latencyChildren.get(api);
    if (!child) latencyChildren.set(api, (child = upstream.labels(latencyChildren.size < MAX_API_LABELS ? api : 'autre')));
    return child;
  }

  /** The API each exchange resolved to, from its ledger event, until the pipeline returns. */
  const resolvedApi = new Map<string, string>();

  new Gauge({
    name: 'datapedia_circuit_state',
    help: 'Circuit breaker per upstream: 0 closed, 1 half-open, 2 open',
    labelNames: ['api', 'upstream'],
    registers: [registry],
    collect() {
      this.reset();
      const b = sources.breakers;
      if (!b) return;
      for (const [key, api] of upstreams) this.labels(api, key).set(CIRCUIT_VALUE[b.state(key)]);
    },
  });
  new Gauge({
    name: 'datapedia_ledger_queue_depth',
    help: 'Ledger events waiting for their batch commit',
    registers: [registry],
    collect() {
      const w = sources.ledger as { stats?: () => { queued: number } } | undefined;
      if (typeof w?.stats === 'function') this.set(w.stats().queued);
    },
  });
  new Gauge({
    name: 'datapedia_ledger_checkpoint_age_seconds',
    help: 'Age of the latest signed checkpoint',
    registers: [registry],
    async collect() {
      const { pool, clock } = sources;
      if (!pool || !clock) return;
      try {
        const r = await pool.query('SELECT max(created_at) AS at FROM ledger_checkpoints');
        const at = r.rows[0]?.at;
        if (at instanceof Date) this.set(Math.max(0, (clock.now().getTime() - at.getTime()) / 1000));
      } catch {
        /* the scrape still answers; readiness reports the database */
      }
    },
  });
  new Gauge({
    name: 'datapedia_ledger_relay_lag_events',
    help: 'Ledger events committed but not yet published by the Kafka relay',
    registers: [registry],
    async collect() {
      const { pool, relay } = sources;
      if (!pool || !relay) return;
      try {
        const r =
          await pool.query(`SELECT coalesce(sum(greatest(0, coalesce((SELECT max(e.seq) FROM ledger_events e WHERE e.chain_id = c.chain_id), 0) - coalesce(p.seq, 0))), 0)::bigint AS lag
          FROM ledger_chains c LEFT JOIN ledger_relay_positions p ON p.chain_id = c.chain_id`);
        this.set(Number(r.rows[0]?.lag ?? 0));
      } catch {
        /* idem */
      }
    },
  });
  const evaluatorEvents = new Gauge({
    name: 'datapedia_evaluator_lag_events',
    help: 'Ledger events the usage-control evaluator has not read yet',
    registers: [registry],
  });
  new Gauge({
    name: 'datapedia_evaluator_lag_seconds',
    help: 'Age of the oldest ledger event the usage-control evaluator has not read yet',
    registers: [registry],
    async collect() {
      if (!sources.evaluator) return;
      try {
        const lag = await sources.evaluator.lag();
        this.set(lag.behindMs / 1000);
        evaluatorEvents.set(lag.behindEvents);
      } catch {
        /* idem */
      }
    },
  });

  return {
    registry,
    /** What the scrape reads (breakers, ledger writer, evaluator, database). */
    watch(s: MetricSources): void {
      sources = { ...sources, ...s };
    },
    /** The exchange ports, observed: producer latency per API, ledger commit latency, the API an exchange resolved to. */
    instrumentPorts<P extends ObservedPorts>(ports: P): P {
      const wrapped = new WeakMap<object, { call(req: never): Promise<unknown> }>();
      const connectors: ObservedPorts['connectors'] = {
        forApi(api) {
          const connector = ports.connectors.forApi(api);
          if (!connector) return connector;
          let w = wrapped.get(connector);
          if (!w) {
            const child = latencyChild(api.slug);
            w = {
              async call(req) {
                const start = performance.now();
                try {
                  return await connector.call(req);
                } finally {
                  child.observe((performance.now() - start) / 1000);
                }
              },
            };
            wrapped.set(connector, w);
          }
          if ('id' in api) {
            const key = upstreamKey(api as { id: string; connector?: unknown });
            if (!upstreams.has(key)) upstreams.set(key, api.slug);
          }
          return w;
        },
      };
      const ledger: ObservedPorts['ledger'] = {
        async append(event) {
          const e = event as { id?: string; apiSlug?: string };
          if (e.id && e.apiSlug) {
            if (resolvedApi.size >= 10_000) resolvedApi.clear(); // only an exchange whose pipeline threw leaves one behind
            resolvedApi.set(e.id, e.apiSlug);
          }
          const start = performance.now();
          try {
            const committed = await ports.ledger.append(event);
            commit.observe((performance.now() - start) / 1000);
            return committed;
          } catch (err) {
            commitFailures.inc();
            throw err;
          }
        },
      };
      return { ...ports, connectors, ledger };
    },
    /** The pipeline, observed: one count per exchange, by the API it resolved to (`aucune` otherwise) and its outcome code. */
    instrumentPipeline(pipeline: ExchangePipeline): ExchangePipeline {
      const run = pipeline.run.bind(pipeline);
      return {
        ...pipeline,
        async run(input) {
          const result = await run(input);
          const api = resolvedApi.get(result.exchangeId);
          if (api !== undefined) resolvedApi.delete(result.exchangeId);
          exchangeChild(api ?? 'aucune', result.problemCode ?? 'ok').inc();
          return result;
        },
      };
    },
  };
}

export type ServiceMetrics = ReturnType<typeof createServiceMetrics>;
