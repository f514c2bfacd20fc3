/**
 * The exchange path with in-memory ports and a REAL upstream HTTP server (node:http) started by
 * the test: the pipeline, the express route and the connector run for real; only the domains
 * not built yet (contracts, catalogue, ledger) are replaced by their in-memory adapters.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startTestApp, type TestApp } from '../helpers/app.js';
import type { ContractGrant, ExchangePorts, LedgerWriter, RateLimiter } from '../../exchange/ports.js';
import {
  createLocalTokenIssuer, inMemoryCatalog, inMemoryContracts, inMemoryLedger, inMemoryRateLimiter,
  type InMemoryEndpoint, type LocalTokenIssuer,
} from '../../gateway/exchange-adapters/in-memory.js';
import { httpConnectors } from '../../gateway/exchange-adapters/http-connector.js';
import { refuseConsentRequired } from '../../exchange/steps/check-consent.js';
import type { Clock } from '../../schemas/index.js';

export const LYON = '21690123100011';
export const GIRONDE = '22330001300016';
export const CNAF = '18000100000017';
export const DGFIP = '11000200300017';
export const INSEE = '12000500400011';

export type UpstreamMode = 'ok' | 'slow' | 'error500' | 'invalid' | 'notjson';

/** A producer: `/quotient-familial` answers per `mode`, every request is kept. */
export interface Upstream {
  url: string;
  mode: UpstreamMode;
  requests: { url: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

export const FAMILY_BODY = {
  quotient_familial: { valeur: 1234, annee: 2026, mois: 10 },
  allocataires: [{ nom: 'DUPONT', prenoms: 'ÉLODIE MARIE' }],
  adresse: { ligne: '1 rue de la République', code_postal: '69001' },
};

export async function startUpstream(): Promise<Upstream> {
  const up: Upstream = { url: '', mode: 'ok', requests: [], close: async () => undefined };
  const server: Server = createServer((req, res) => {
    up.requests.push({ url: req.url ?? '', headers: req.headers });
    const send = (status: number, body: string) => { res.writeHead(status, { 'content-type': 'application/json' }).end(body); };
    switch (up.mode) {
      case 'slow': setTimeout(() => send(200, JSON.stringify(FAMILY_BODY)), 1500); return;
      case 'error500': send(500, JSON.stringify({ error: 'stack trace at db.js:42' })); return;
      case 'invalid': send(200, JSON.stringify({ quotient_familial: { valeur: 'beaucoup' }, allocataires: [] })); return;
      case 'notjson': send(200, '<html>oops</html>'); return;
      default: send(200, JSON.stringify(FAMILY_BODY));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  up.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  up.close = () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); });
  return up;
}

const RESPONSE_SCHEMA = {
  type: 'object', required: ['quotient_familial'],
  properties: { quotient_familial: { type: 'object', required: ['valeur', 'annee'], properties: { valeur: { type: 'number' }, annee: { type: 'integer' } } } },
};

function api(slug: string, producerSiret: string, over: Partial<InMemoryEndpoint['api']> = {}): InMemoryEndpoint['api'] {
  return {
    id: `api-${slug}`, slug, producerSiret, title: slug, lifecycle: 'published', sunsetDate: null, deprecationNotice: null,
    access: 'restricted', sensitivity: 'sensitive', subjectKind: 'person', consentPolicy: 'legal_basis', rateLimitPerMinute: 0, ...over,
  };
}

function endpoint(operationId: string, pathTemplate = '/quotient-familial'): InMemoryEndpoint['endpoint'] {
  return {
    id: `ep-${operationId}`, operationId, method: 'GET', pathTemplate, requestBodySchema: null, responseSchema: RESPONSE_SCHEMA,
    parameters: [{ name: 'annee', in: 'query', required: false, schema: { type: 'integer', minimum: 2000 } }],
  };
}

const SCOPES = [{ name: 'quotient_familial', pointers: ['/quotient_familial/valeur', '/quotient_familial/annee'] }, { name: 'allocataires', pointers: ['/allocataires'] }];

/** The demo-like catalogue of the tests. */
export function testCatalog(): InMemoryEndpoint[] {
  return [
    { api: api('cnaf-quotient-familial', CNAF), endpoint: endpoint('getQuotientFamilial'), scopes: SCOPES },
    {
      api: api('cnaf-quotient-familial', CNAF), scopes: SCOPES,
      endpoint: { ...endpoint('postRecherche', '/recherche'), method: 'POST', requestBodySchema: { type: 'object', required: ['dossier'], properties: { dossier: { type: 'string', maxLength: 20 } }, additionalProperties: false } },
    },
    { api: api('dgfip-revenu', DGFIP), endpoint: endpoint('getRevenu'), scopes: SCOPES },
    { api: api('cnous-bourse', '18000300600012', { consentPolicy: 'consent_required' }), endpoint: endpoint('getBourse'), scopes: SCOPES },
    { api: api('old-api', CNAF, { lifecycle: 'retired' }), endpoint: endpoint('getOld'), scopes: SCOPES },
    { api: api('legacy-api', CNAF, { lifecycle: 'deprecated', sunsetDate: '2027-06-30T00:00:00Z', deprecationNotice: 'Utilisez la v2.' }), endpoint: endpoint('getLegacy'), scopes: SCOPES },
    { api: api('flaky-api', INSEE), endpoint: endpoint('getFlaky'), scopes: SCOPES },
  ];
}

export function contract(id: string, over: Partial<ContractGrant> = {}): ContractGrant {
  return {
    id, version: 1, status: 'active', consumerSiret: LYON, producerSiret: CNAF, apiSlug: 'cnaf-quotient-familial',
    endpoints: ['getQuotientFamilial', 'postRecherche'], scopes: ['quotient_familial'], recipients: [], ipAllowlist: [], rateLimitPerMinute: 1000,
    purpose: 'Tarification sociale de la cantine', legalBasis: { nature: 'Article L. 312-1 CRPA', url: null },
    validFrom: '2026-01-01T00:00:00Z', validUntil: null, clientIds: [`client-${id}`], ...over,
  };
}

export interface ExchangeFixture {
  t: TestApp;
  upstream: Upstream;
  issuer: LocalTokenIssuer;
  ledger: ReturnType<typeof inMemoryLedger>;
  contracts: ReturnType<typeof inMemoryContracts>;
  ports: ExchangePorts;
  verifyCalls: { n: number };
  clock: ReturnType<typeof import('../../schemas/index.js').manualClock>;
  token(contractId: string, over?: { scope?: string; expiresInSec?: number; version?: number }): Promise<string>;
  stop(): Promise<void>;
}

/** The app with in-memory ports; `clock` is the test app's manual clock. */
export async function startExchangeFixture(opts: { env?: Record<string, string>; contracts?: ContractGrant[]; rateLimiter?: (clock: Clock) => RateLimiter; ledger?: LedgerWriter } = {}): Promise<ExchangeFixture> {
  const upstream = await startUpstream();
  const { manualClock } = await import('../../schemas/index.js');
  const clock = manualClock();
  const issuer = await createLocalTokenIssuer({ issuer: 'http://localhost:3000', clock });
  const verifyCalls = { n: 0 };
  const ledger = inMemoryLedger();
  const contracts = inMemoryContracts(opts.contracts ?? [contract('c-lyon')]);
  const catalog = testCatalog();
  const connectors = httpConnectors(Object.fromEntries(catalog.map((e) => [e.api.slug, upstream.url])));
  const ports: ExchangePorts = {
    tokens: { verify: (tk) => { verifyCalls.n += 1; return issuer.verifier.verify(tk); }, isRevoked: issuer.verifier.isRevoked },
    contracts, catalog: inMemoryCatalog(catalog), connectors, ledger: opts.ledger ?? ledger,
    rateLimiter: opts.rateLimiter ? opts.rateLimiter(clock) : inMemoryRateLimiter(clock), consent: refuseConsentRequired, clock,
  };
  const t = await startTestApp({ env: opts.env, deps: { clock, exchange: ports } });
  return {
    t, upstream, issuer, ledger, contracts, ports, verifyCalls, clock,
    async token(contractId, over = {}) {
      const c = (await contracts.get(contractId))!;
      return issuer.issue({ client_id: c.clientIds[0]!, contract_id: c.id, contract_version: over.version ?? c.version, consumer_siret: c.consumerSiret, scope: over.scope ?? c.scopes.join(' ') }, { expiresInSec: over.expiresInSec });
    },
    async stop() {
      await t.stop();
      await connectors.close();
      await upstream.close();
    },
  };
}

/** A person in API Particulier v3 parameters. */
export const DUPONT = {
  nomNaissance: 'Dupont', 'prenoms[]': ['Élodie', 'Marie'], anneeDateNaissance: '1985', moisDateNaissance: '4',
  jourDateNaissance: '12', sexeEtatCivil: 'F', codeCogInseePaysNaissance: '99100', codeCogInseeCommuneNaissance: '69381',
};

export const TRACE = { recipient: LYON, context: 'Tarification cantine', object: 'Dossier 2026-0042' };

/** A query string from parameters (arrays repeated, as API Particulier v3 expects). */
export function qs(params: Record<string, string | string[]>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) u.append(k, one);
  return u.toString();
}
