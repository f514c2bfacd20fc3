/**
 * A plain REST connector (undici, keep-alive) for producers reached over HTTP: used by tests and
 * benchmarks with a real local upstream, and until the connectors' registry is wired. The query
 * is re-encoded from the validated parameters; only the forwarded headers are sent.
 */
import { Agent, request } from 'undici';
import { ProblemError } from '../../schemas/index.js';
import type { ConnectorRegistry, UpstreamConnector } from '../../exchange/ports.js';

const MAX_BODY_BYTES = 10 * 1024 * 1024;

export function httpConnector(baseUrl: string, agent: Agent): UpstreamConnector {
  const base = baseUrl.replace(/\/$/, '');
  return {
    async call(req) {
      const qs = new URLSearchParams();
      for (const [k, v] of Object.entries(req.query)) for (const one of Array.isArray(v) ? v : [v]) qs.append(k, one);
      const q = qs.toString();
      const res = await request(`${base}${req.path}${q ? `?${q}` : ''}`, {
        method: req.method as 'GET' | 'POST', dispatcher: agent, signal: req.signal,
        headers: { accept: 'application/json', ...req.headers, ...(req.body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: req.body !== undefined ? JSON.stringify(req.body) : undefined,
      });
      const length = Number(res.headers['content-length'] ?? 0);
      if (length > MAX_BODY_BYTES) {
        res.body.destroy();
        throw new ProblemError('provider.invalid_response', { detail: 'Réponse du producteur trop volumineuse.' });
      }
      const text = await res.body.text();
      if (res.statusCode < 200 || res.statusCode > 299) return { status: res.statusCode, body: undefined };
      try {
        return { status: res.statusCode, body: JSON.parse(text) as unknown };
      } catch (err) {
        throw new ProblemError('provider.invalid_response', { detail: 'La réponse du producteur n’est pas un JSON valide.', cause: err });
      }
    },
  };
}

/** One HTTP connector per API slug, sharing one keep-alive agent. */
export function httpConnectors(baseUrls: Record<string, string>): ConnectorRegistry & { close(): Promise<void> } {
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  const map = new Map(Object.entries(baseUrls).map(([slug, url]) => [slug, httpConnector(url, agent)]));
  return { forApi: (api) => map.get(api.slug) ?? null, close: () => agent.close() };
}
