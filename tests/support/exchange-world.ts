/**
 * The exchange path on the adapters production runs: the app on a database of its own, whose
 * catalogue (APIs imported from OpenAPI, scopes, lifecycle), contracts (drafted, submitted and
 * approved through the contracts domain, clients with secrets), token keys, rate-limit windows and
 * ledger are the real PostgreSQL stores; tokens come from the real `/oauth/token`; each API is
 * bound by an operator-style binding (declared target, sealed configuration in the catalogue) to
 * the real REST connector, which calls a real upstream HTTP server started here.
 * Nothing of the exchange path is replaced: the app builds its ports itself (createExchangePorts),
 * the test gives only the process-wide parts main.ts gives (ledger writer, connector registry).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import request from 'supertest';
import type pg from 'pg';
import { startTestApp, testConfig, type TestApp } from '../helpers/app.js';
import { fullForm } from '../contracts/fixtures.js';
import { basic } from '../contracts/flow.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { createApi, importOpenApi, setApiConnector, setScopes, setFieldLinks, putDataElement, transitionApi } from '../../catalog/index.js';
import {
  approveHabilitationRequest,
  catalogueApiLookup,
  changeContractStatus,
  createArtefactSigner,
  createContractClient,
  createHabilitationRequest,
  createSigningKeys,
  reopenContract,
  submitHabilitationRequest,
  updateHabilitationRequest,
  type Actor,
  type ContractsContext,
  type HabilitationForm,
} from '../../contracts/index.js';
import { ConnectorTargets, prepareBinding, connectorGovernance } from '../../connectors/index.js';
import { createLedgerWriter, type LedgerWriter } from '../../ledger/index.js';
import { ledgerWriterPort } from '../../gateway/exchange-adapters/ledger.js';
import { processConnectorRegistry } from '../../gateway/exchange-adapters/connectors.js';
import type { ExchangeEvent } from '../../exchange/index.js';

export const LYON = '21690123100011';
export const GIRONDE = '22330001300016';
export const CNAF = '18000100000017';
export const DGFIP = '11000200300017';
export const INSEE = '12000500400011';
export const CNOUS = '18000300600012';

export type UpstreamMode = 'ok' | 'slow' | 'error500' | 'invalid' | 'notjson';

/** A producer: every path answers per `mode`; every request is kept. */
export interface Upstream {
  url: string;
  mode: UpstreamMode;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
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
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      up.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const send = (status: number, body: string) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(body);
      };
      switch (up.mode) {
        case 'slow':
          setTimeout(() => send(200, JSON.stringify(FAMILY_BODY)), 1500);
          return;
        case 'error500':
          send(500, JSON.stringify({ error: 'stack trace at db.js:42' }));
          return;
        case 'invalid':
          send(200, JSON.stringify({ quotient_familial: { valeur: 'beaucoup' }, allocataires: [] }));
          return;
        case 'notjson':
          send(200, '<html>oops</html>');
          return;
        default:
          send(200, JSON.stringify(FAMILY_BODY));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  up.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  up.close = () =>
    new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    });
  return up;
}

const RESPONSE_SCHEMA = {
  type: 'object',
  required: ['quotient_familial'],
  properties: {
    quotient_familial: {
      type: 'object',
      required: ['valeur', 'annee'],
      properties: { valeur: { type: 'number' }, annee: { type: 'integer' }, mois: { type: 'integer' } },
    },
    allocataires: { type: 'array', items: { type: 'object', properties: { nom: { type: 'string' }, prenoms: { type: 'string' } } } },
    adresse: { type: 'object', properties: { ligne: { type: 'string' }, code_postal: { type: 'string' } } },
  },
};

/** The scopes every test API defines: the family quotient, and the claimants' names (`*` over the array). */
export const SCOPES = [
  { name: 'quotient_familial', label: 'Quotient familial', pointers: ['/quotient_familial/valeur', '/quotient_familial/annee'] },
  { name: 'allocataires', label: 'Noms des allocataires', pointers: ['/allocataires/*/nom'] },
];

interface TestApiSpec {
  slug: string;
  producerSiret: string;
  operationId: string;
  consentPolicy?: 'legal_basis' | 'consent_required';
  /** Lifecycle after the contracts are approved. */
  then?: { to: 'retired' } | { to: 'deprecated'; sunsetDate: string; notice: string };
  /** A POST endpoint `/recherche` beside the GET one. */
  withPost?: boolean;
}

/** The test catalogue: one GET `/quotient-familial` per API (the CNAF's also a POST `/recherche`). */
export const TEST_APIS: TestApiSpec[] = [
  { slug: 'cnaf-quotient-familial', producerSiret: CNAF, operationId: 'getQuotientFamilial', withPost: true },
  { slug: 'dgfip-revenu', producerSiret: DGFIP, operationId: 'getRevenu' },
  { slug: 'cnous-bourse', producerSiret: CNOUS, operationId: 'getBourse', consentPolicy: 'consent_required' },
  { slug: 'old-api', producerSiret: CNAF, operationId: 'getOld', then: { to: 'retired' } },
  {
    slug: 'legacy-api',
    producerSiret: CNAF,
    operationId: 'getLegacy',
    then: { to: 'deprecated', sunsetDate: '2027-06-30', notice: 'Utilisez la v2.' },
  },
  { slug: 'flaky-api', producerSiret: INSEE, operationId: 'getFlaky' },
];

function openapiOf(api: TestApiSpec): object {
  const ok = { '200': { description: 'ok', content: { 'application/json': { schema: RESPONSE_SCHEMA } } } };
  const paths: Record<string, object> = {
    '/quotient-familial': {
      get: {
        operationId: api.operationId,
        parameters: [{ name: 'annee', in: 'query', required: false, schema: { type: 'integer', minimum: 2000 } }],
        responses: ok,
      },
    },
  };
  if (api.withPost) {
    paths['/recherche'] = {
      post: {
        operationId: 'postRecherche',
        responses: ok,
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['dossier'],
                properties: { dossier: { type: 'string', maxLength: 20 } },
                additionalProperties: false,
              },
            },
          },
        },
      },
    };
  }
  return { openapi: '3.1.0', info: { title: api.slug, version: '1.0.0' }, paths };
}

/** The REST connector configuration of a test API: identity and `annee` forwarded by name. */
function restConfig(api: TestApiSpec, baseUrl: string): object {
  const query = {
    nomNaissance: '{nomNaissance}',
    prenoms: '{prenoms[]}',
    anneeDateNaissance: '{anneeDateNaissance}',
    moisDateNaissance: '{moisDateNaissance}',
    jourDateNaissance: '{jourDateNaissance}',
    annee: '{annee}',
  };
  const operations: Record<string, object> = { [api.operationId]: { method: 'GET', path: '/quotient-familial', query } };
  if (api.withPost) operations.postRecherche = { method: 'POST', path: '/recherche', query };
  return { kind: 'rest', baseUrl, operations };
}

/** A contract of the test world: consumer, API and what differs from a plain approval. */
export interface ContractSpec {
  key: string;
  apiSlug?: string;
  consumerSiret?: string;
  scopes?: string[];
  recipients?: string[];
  ipAllowlist?: string[];
  /** Granted by the instructor; default 1,000 a minute. */
  rateLimitPerMinute?: number;
  purpose?: string;
  /** Suspended after its approval (a token issued before stays signed, the contract refuses it). */
  suspended?: boolean;
}

export interface WorldContract {
  id: string;
  consumerSiret: string;
  apiSlug: string;
  scopes: string[];
  client: { client_id: string; client_secret: string };
}

/** One ledger row as the exchange wrote it (columns in camelCase), read back from `ledger_events`. */
export type StoredEvent = ExchangeEvent & { seq: number };

export interface ExchangeWorld {
  t: TestApp;
  upstream: Upstream;
  contracts: Record<string, WorldContract>;
  /** The connector targets the operator declared (the upstream as `test-upstream`); a test may declare more. */
  targets: ConnectorTargets;
  /** The ledger writer behind the exchange path (real, group commit); `pool` is the one it writes through. */
  writer: LedgerWriter;
  /** A token from the real `/oauth/token` for the contract's client. */
  token(key: string, opts?: { scope?: string }): Promise<string>;
  /**
   * A token signed with the authorisation server's real key but with claims of the test's choosing:
   * what only a broken issuer, an older contract term or a stolen key produces (defence in depth).
   */
  signedToken(claims: Record<string, unknown>, opts?: { audience?: string; expiresInSec?: number }): Promise<string>;
  /** Every exchange event of the ledger, oldest first. */
  events(): Promise<StoredEvent[]>;
  /** The event of one exchange, or undefined. */
  eventOf(id: string): Promise<StoredEvent | undefined>;
  /** The contracts domain's context on this world's database and clock (lifecycle actions). */
  contractsContext: ContractsContext;
  /** Moves a contract to a new approved version (reopened, resubmitted, approved; 1,000 calls a minute). */
  newVersion(key: string, patch?: Partial<HabilitationForm>): Promise<void>;
  /** Suspends or resumes a contract through the contracts domain. */
  setStatus(key: string, action: 'suspend' | 'resume'): Promise<void>;
  /** Appends now the aggregated denials without credential (the background job does it every 10 s). */
  flushDenials(): Promise<void>;
  /** Waits until the exchange path sees a change announced by LISTEN/NOTIFY (polls `check`). */
  until(check: () => Promise<boolean>, what: string, ms?: number): Promise<void>;
  stop(): Promise<void>;
}

const applicant = (siret: string): Actor => ({
  sub: `applicant-${siret}`,
  name: 'Demandeur',
  memberships: [{ siret, roles: ['applicant'] }],
  platformRoles: [],
});
const instructor = (siret: string): Actor => ({
  sub: `instructor-${siret}`,
  name: 'Instructeur',
  memberships: [{ siret, roles: ['instructor'] }],
  platformRoles: [],
});

function snakeToCamel(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (v !== null) out[k.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase())] = v;
  return out;
}

/** The world; `ledgerPool` lets a test put the ledger's connections behind a proxy of its own. */
export async function startExchangeWorld(
  opts: {
    env?: Record<string, string>;
    contracts?: ContractSpec[];
    ledgerPool?: (db: pg.Pool) => pg.Pool;
    chainId?: string;
    /** Field links response pointer -> data element (consent restricted to data elements). */
    fieldLinks?: Record<string, Record<string, string>>;
  } = {},
): Promise<ExchangeWorld> {
  const upstream = await startUpstream();
  const targets = new ConnectorTargets([{ name: 'test-upstream', kind: 'rest', origins: [upstream.url] }]);
  // The registry opens the catalogue's bindings with the process's sealer (KEY_ENCRYPTION_SECRET).
  const governance = connectorGovernance(targets, testConfig(opts.env).KEY_ENCRYPTION_SECRET);
  const registry = processConnectorRegistry({ governance }, {});
  let writer: LedgerWriter | undefined;
  const t = await startTestApp({
    env: opts.env,
    deps: (db, clock) => {
      writer = createLedgerWriter({
        pool: opts.ledgerPool ? opts.ledgerPool(db.pool) : db.pool,
        chainId: opts.chainId ?? 'test-exchange-world',
        clock,
        commitTimeoutMs: 1000,
      });
      return { ledger: writer, exchangeParts: { ledger: ledgerWriterPort(writer), connectors: registry } };
    },
  });
  const pool = t.db.pool;
  const config = t.deps.config;

  await seedDemoOrganisations(pool);
  for (const api of TEST_APIS) {
    await createApi(pool, {
      slug: api.slug,
      producerSiret: api.producerSiret,
      title: api.slug,
      access: 'restricted',
      sensitivity: 'sensitive',
      subjectKind: 'person',
      consentPolicy: api.consentPolicy ?? 'legal_basis',
    });
    await importOpenApi(pool, api.slug, openapiOf(api));
    await setScopes(pool, api.slug, { scopes: SCOPES });
    await transitionApi(pool, api.slug, { to: 'published' });
    const stored = await prepareBinding(
      governance,
      api.slug,
      { target: 'test-upstream', config: restConfig(api, upstream.url) },
      { boundBy: 'operator', now: t.clock.now() },
    );
    await setApiConnector(pool, api.slug, stored);
  }
  for (const [slug, links] of Object.entries(opts.fieldLinks ?? {})) {
    for (const id of new Set(Object.values(links)))
      await putDataElement(pool, { id, label: id, description: id, sensitivity: 'standard' }).catch(() => undefined);
    await setFieldLinks(pool, slug, { fields: links });
  }

  const issuer = config.PUBLIC_URL.replace(/\/+$/, '');
  const keys = createSigningKeys({
    pool,
    clock: t.clock,
    secret: config.KEY_ENCRYPTION_SECRET,
    tokenTtlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
  });
  const ctx: ContractsContext = {
    pool,
    clock: t.clock,
    lookupApi: catalogueApiLookup(pool),
    signArtefact: createArtefactSigner(keys, issuer),
  };
  const contracts: Record<string, WorldContract> = {};
  for (const spec of opts.contracts ?? [{ key: 'c-lyon' }]) {
    const apiSlug = spec.apiSlug ?? 'cnaf-quotient-familial';
    const api = TEST_APIS.find((a) => a.slug === apiSlug)!;
    const consumerSiret = spec.consumerSiret ?? LYON;
    const scopes = spec.scopes ?? ['quotient_familial'];
    const form = fullForm({
      scopes,
      recipients: spec.recipients ?? [consumerSiret],
      ip_allowlist: spec.ipAllowlist,
      ...(spec.purpose ? { purpose: spec.purpose } : {}),
    } as Partial<HabilitationForm>);
    const draft = await createHabilitationRequest(ctx, applicant(consumerSiret), { apiSlug, consumerSiret, form });
    await submitHabilitationRequest(ctx, applicant(consumerSiret), draft.id);
    await approveHabilitationRequest(ctx, instructor(api.producerSiret), draft.id, { rateLimitPerMinute: spec.rateLimitPerMinute ?? 1000 });
    const client = await createContractClient(ctx, applicant(consumerSiret), draft.id, {
      token_endpoint_auth_method: 'client_secret_basic',
    });
    contracts[spec.key] = {
      id: draft.id,
      consumerSiret,
      apiSlug,
      scopes,
      client: { client_id: client.client_id, client_secret: client.client_secret! },
    };
  }
  for (const api of TEST_APIS) if (api.then) await transitionApi(pool, api.slug, api.then);

  const token = async (key: string, o: { scope?: string } = {}): Promise<string> => {
    const c = contracts[key]!;
    const res = await request(t.app)
      .post('/oauth/token')
      .set('Authorization', basic(c.client.client_id, c.client.client_secret))
      .type('form')
      .send({ grant_type: 'client_credentials', ...(o.scope !== undefined ? { scope: o.scope } : {}) });
    if (res.status !== 200) throw new Error(`token for ${key}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body.access_token as string;
  };
  const readEvents = async (where: string, params: unknown[]): Promise<StoredEvent[]> => {
    const { rows } = await pool.query(`SELECT * FROM ledger_events ${where} ORDER BY chain_id, seq`, params);
    return rows.map((r) => snakeToCamel(r) as unknown as StoredEvent);
  };
  const until = async (check: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> => {
    const end = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > end) throw new Error(`not seen within ${ms} ms: ${what}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const world: ExchangeWorld = {
    t,
    upstream,
    contracts,
    targets,
    writer: writer!,
    token,
    until,
    contractsContext: ctx,
    flushDenials: () => t.services.exchange.flushDenials(true),
    async signedToken(claims, o = {}) {
      const { kid, privateKey } = await keys.activeKey('token');
      const iat = Math.floor(t.clock.now().getTime() / 1000);
      return new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
        .setIssuer(issuer)
        .setAudience(o.audience ?? `${issuer}/exchange`)
        .setSubject(String(claims.client_id ?? 'x'))
        .setJti(randomUUID())
        .setIssuedAt(iat)
        .setNotBefore(iat)
        .setExpirationTime(iat + (o.expiresInSec ?? 300))
        .sign(privateKey);
    },
    events: () => readEvents("WHERE type LIKE 'exchange.%'", []),
    eventOf: async (id) => (await readEvents('WHERE id = $1', [id]))[0],
    async newVersion(key, patch = {}) {
      const c = contracts[key]!;
      const api = TEST_APIS.find((a) => a.slug === c.apiSlug)!;
      await reopenContract(ctx, applicant(c.consumerSiret), c.id);
      await updateHabilitationRequest(
        ctx,
        applicant(c.consumerSiret),
        c.id,
        fullForm({ scopes: c.scopes, recipients: [c.consumerSiret], ...patch }),
      );
      await submitHabilitationRequest(ctx, applicant(c.consumerSiret), c.id);
      await approveHabilitationRequest(ctx, instructor(api.producerSiret), c.id, { rateLimitPerMinute: 1000 });
      if (patch.scopes) c.scopes = patch.scopes;
    },
    async setStatus(key, action) {
      const c = contracts[key]!;
      const api = TEST_APIS.find((a) => a.slug === c.apiSlug)!;
      await changeContractStatus(ctx, instructor(api.producerSiret), c.id, action, 'Contrôle de la convention.');
    },
    async stop() {
      await t.stop().catch(() => undefined);
      await writer?.close().catch(() => undefined);
      await registry.close();
      await upstream.close();
    },
  };
  for (const spec of opts.contracts ?? []) if (spec.suspended) await world.setStatus(spec.key, 'suspend');
  return world;
}

/** A person in API Particulier v3 parameters. */
export const DUPONT = {
  nomNaissance: 'Dupont',
  'prenoms[]': ['Élodie', 'Marie'],
  anneeDateNaissance: '1985',
  moisDateNaissance: '4',
  jourDateNaissance: '12',
  sexeEtatCivil: 'F',
  codeCogInseePaysNaissance: '99100',
  codeCogInseeCommuneNaissance: '69381',
};

export const TRACE = { recipient: LYON, context: 'Tarification cantine', object: 'Dossier 2026-0042' };

/** A query string from parameters (arrays repeated, as API Particulier v3 expects). */
export function qs(params: Record<string, string | string[]>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) for (const one of Array.isArray(v) ? v : [v]) u.append(k, one);
  return u.toString();
}
