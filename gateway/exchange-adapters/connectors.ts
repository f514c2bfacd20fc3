/**
 * ConnectorRegistry over the connectors domain's `Connector` port (connectors/port.ts):
 * the validated path and query parameters become `params` by their OpenAPI names, the exchange
 * id and the recipient travel in the connector context with the deadline of the timeout.
 * The domain connector rejects with provider.* problems itself; they pass through unchanged.
 */
import type { ConnectorRegistry, UpstreamConnector } from '../../exchange/index.js';
import { ProblemError } from '../../schemas/index.js';
import {
  buildBoundConnector,
  connectorGovernance,
  isStoredBinding,
  type ConnectorGovernance,
  type ConnectorTargets,
} from '../../connectors/index.js';

/** The structural shape of connectors/port.ts `Connector` that the exchange uses. */
export interface DomainConnector {
  fetch(
    request: {
      endpoint: { operationId: string; method: string; pathTemplate: string };
      params: Record<string, unknown>;
      body?: unknown;
      subject?: { kind: 'person'; ref?: string } | { kind: 'company'; siren: string; ref?: string } | { kind: 'none' };
    },
    context: { correlationId: string; recipient: string; deadline: number },
  ): Promise<{ body: unknown; status: number }>;
}

export function fromDomainConnector(connector: DomainConnector): UpstreamConnector {
  return {
    async call(req) {
      const subject = req.subject?.kind === 'person' ? { kind: 'person' as const, ref: req.subject.ref } : undefined;
      return connector.fetch(
        { endpoint: req.endpoint, params: { ...req.query, ...req.pathParams }, body: req.body, subject },
        { correlationId: req.headers['X-Correlation-ID']!, recipient: req.headers['X-Recipient']!, deadline: req.deadline },
      );
    },
  };
}

/** A registry over connectors built by the connectors domain, by API slug; `set` rewires one API. */
export function domainConnectorRegistry(
  initial: Record<string, DomainConnector> = {},
): ConnectorRegistry & { set(slug: string, c: DomainConnector): void } {
  const map = new Map(Object.entries(initial).map(([slug, c]) => [slug, fromDomainConnector(c)]));
  return {
    forApi: (api) => map.get(api.slug) ?? null,
    set: (slug, c) => {
      map.set(slug, fromDomainConnector(c));
    },
  };
}

/**
 * A registry building each API's connector from the configuration its catalogue entry holds
 * (`createConnector` of the connectors domain), once per configuration; `overrides` (e.g. the
 * running demo producers' connectors) win. An API without a configuration has no connector
 * (the exchange answers `gateway.misconfigured`).
 */
export function catalogConnectorRegistry(
  build: (config: unknown, slug: string) => Promise<DomainConnector & { close(): Promise<void> }>,
  overrides: Record<string, DomainConnector> = {},
): ConnectorRegistry & { close(): Promise<void> } {
  const fixed = domainConnectorRegistry(overrides);
  const built = new Map<
    string,
    { text: string; connector: Promise<DomainConnector & { close(): Promise<void> }>; port: UpstreamConnector }
  >();
  return {
    forApi(api) {
      const own = fixed.forApi(api);
      if (own || api.connector === undefined || api.connector === null) return own;
      const text = JSON.stringify(api.connector);
      let hit = built.get(api.slug);
      if (!hit || hit.text !== text) {
        const stale = hit;
        const connector = build(api.connector, api.slug);
        connector.catch(() => {
          if (built.get(api.slug)?.connector === connector) built.delete(api.slug);
        });
        hit = { text, connector, port: { call: async (req) => fromDomainConnector(await connector).call(req) } };
        built.set(api.slug, hit);
        stale?.connector.then(
          (c) => c.close(),
          () => undefined,
        );
      }
      return hit.port;
    },
    async close() {
      await Promise.allSettled([...built.values()].map(async (b) => (await b.connector).close()));
    },
  };
}

/**
 * The registry of a gateway process: each API's connector is built from the operator's sealed
 * binding that its catalogue entry holds, checked again against the targets declared now
 * (docs/architecture.md, "Connectors"); never from a bare configuration, never on Datapedia's
 * own database. `overrides` (the running demo producers' connectors) win.
 */
export function processConnectorRegistry(
  opts: { targets: ConnectorTargets; keySecret: string } | { governance: ConnectorGovernance },
  overrides: Record<string, DomainConnector> = {},
): ConnectorRegistry & { close(): Promise<void> } {
  const g = 'governance' in opts ? opts.governance : connectorGovernance(opts.targets, opts.keySecret);
  return catalogConnectorRegistry(async (stored, slug) => {
    if (!isStoredBinding(stored))
      throw new ProblemError('gateway.misconfigured', { detail: 'Aucun connecteur lié par l’opérateur pour cette API.' });
    try {
      return await buildBoundConnector(g, slug, stored);
    } catch (cause) {
      // A binding no longer within the declared targets is the platform's misconfiguration, not the caller's fault.
      throw new ProblemError('gateway.misconfigured', {
        detail: 'Le connecteur de cette API n’est plus dans les cibles déclarées.',
        cause,
      });
    }
  }, overrides);
}
