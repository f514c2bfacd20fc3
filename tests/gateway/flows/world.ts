/**
 * The flows surfaces over real parts, wired locally the way the composition root wires them:
 * a database of its own, the contracts domain (signing keys, authorisation server, contract
 * directory), the real ledger writer on a pool of its own, a folder blob store, the demo world
 * of flows (procedures, subscriptions, the flows API, the front office's and Lyon's contracts
 * and clients), and an express app with the REST routes and pages of flows. People are
 * simulated with `X-Test-Principal` (tests/helpers/principals.ts); clients get real tokens.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express, { type Express } from 'express';
import type request from 'supertest';
import pg from 'pg';
import pino from 'pino';
import { DATA_ELEMENTS, putDataElement } from '../../../catalog/index.js';
import { issueAccessToken } from '../../../contracts/index.js';
import { createLedgerWriter, type LedgerWriter } from '../../../ledger/index.js';
import { manualClock, subjectRef, type PersonPivot } from '../../../schemas/index.js';
import type { FlowsContext } from '../../../flows/index.js';
import { authenticate } from '../../../gateway/http/auth.js';
import type { Principal } from '../../../gateway/http/principal.js';
import { problemHandler } from '../../../gateway/http/problem.js';
import { requestId } from '../../../gateway/http/request-id.js';
import { mountRoutes, type RouteSpec } from '../../../gateway/http/route.js';
import { seedDemoOrganisations } from '../../../gateway/demo/organisations.js';
import { DEMO_FLOWS_CLIENTS, seedFlowsDemoWorld } from '../../../gateway/demo/flows.js';
import { flowsFrontOfficeRoutes, flowsRoutes, flowsSubscriberAuthenticator } from '../../../gateway/rest/flows.js';
import { flowsPageRoutes } from '../../../gateway/pages/flows.js';
import { buildFlowsContext, DEFAULT_FLOWS_API_SLUG, flowsClientVerifier, webhookHosts } from '../../../gateway/services/flows.js';
import { createContractsServices, type ContractsServices } from '../../../gateway/services/contracts-context.js';
import { testConfig } from '../../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/pg.js';
import { testPrincipals } from '../../helpers/principals.js';

export const LYON = '21690123100011';
export const GIRONDE = '22330001300016';
export const CNAF = '18000100000017';
export const FRONT_OFFICE = DEMO_FLOWS_CLIENTS.find((c) => c.role === 'front-office')!;
export const LYON_CLIENT = DEMO_FLOWS_CLIENTS.find((c) => c.role === 'subscriber')!;
export const CLAIRE: PersonPivot = {
  family_name: 'Martin',
  given_name: 'Claire Anne',
  birthdate: '1988-04-12',
  gender: 'female',
  birthplace: '69381',
  birthcountry: '99100',
};
export const PAUL: PersonPivot = {
  family_name: 'Durand',
  given_name: 'Paul',
  birthdate: '1990-01-02',
  gender: 'male',
  birthplace: '33063',
  birthcountry: '99100',
};

export interface FlowsHttpWorld {
  app: Express;
  db: TestDatabase;
  clock: ReturnType<typeof manualClock>;
  flows: FlowsContext;
  contracts: ContractsServices;
  ledger: LedgerWriter;
  routes: RouteSpec[];
  blobDir: string;
  /** A real access token of /oauth/token for a client id and secret. */
  token(clientId: string, secret: string, scope?: string): Promise<string>;
  citizenRef(pivot: PersonPivot): string;
  stop(): Promise<void>;
}

export async function startFlowsHttpWorld(o: { principals?: Record<string, Omit<Principal, 'via'>> } = {}): Promise<FlowsHttpWorld> {
  const db = await createTestDatabase();
  const config = testConfig({ FLOWS_WEBHOOK_HOSTS: '127.0.0.1' } as Record<string, string>);
  const clock = manualClock('2026-11-29T09:00:00Z');
  const logger = pino({ level: 'silent' });
  // The ledger writer draws from a pool of its own (flows/types.ts, FlowsLedger).
  const ledgerPool = new pg.Pool({ connectionString: db.url, max: 4 });
  const ledger = createLedgerWriter({ pool: ledgerPool, chainId: `flows-http-${db.name}`, clock });
  const blobDir = mkdtempSync(join(tmpdir(), 'dp-flows-http-'));
  const contracts = createContractsServices({ config, pool: db.pool, logger, clock }, { forward: async () => undefined });
  const flows = buildFlowsContext({ settings: { ...config, DATA_DIR: blobDir }, pool: db.pool, clock, ledger });
  await seedDemoOrganisations(db.pool);
  for (const e of DATA_ELEMENTS) await putDataElement(db.pool, e);
  await seedFlowsDemoWorld(db.pool, { clock, contracts: contracts.ctx, publicUrl: config.PUBLIC_URL, production: false });

  const verifyClient = flowsClientVerifier({ keys: contracts.tokenKeys, directory: contracts.directory, apiSlug: DEFAULT_FLOWS_API_SLUG });
  const services = { flows: { ctx: flows, verifyClient, webhookHosts: webhookHosts({ ...config, FLOWS_WEBHOOK_HOSTS: '127.0.0.1' }) } };
  const app = express();
  app.set('query parser', 'simple');
  app.use(requestId());
  const frontOffice = flowsFrontOfficeRoutes(services);
  mountRoutes(app, frontOffice);
  app.use(express.json({ limit: '1mb' }));
  app.use(authenticate([testPrincipals(o.principals ?? {}), flowsSubscriberAuthenticator(verifyClient)]));
  const rest = [...flowsRoutes(services), ...flowsPageRoutes(services)];
  mountRoutes(app, rest);
  app.use(problemHandler(config.PUBLIC_URL, logger));

  return {
    app,
    db,
    clock,
    flows,
    contracts,
    ledger,
    blobDir,
    routes: [...frontOffice, ...rest],
    token: async (clientId, secret, scope) => {
      const t = await issueAccessToken(contracts.as, {
        authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
        body: { grant_type: 'client_credentials', ...(scope ? { scope } : {}) },
        endpointUrl: `${config.PUBLIC_URL}/oauth/token`,
      });
      return t.access_token;
    },
    citizenRef: (pivot) => subjectRef(config.SUBJECT_HMAC_SECRET, { kind: 'person', pivot }),
    stop: async () => {
      await contracts.close();
      await ledger.close();
      await ledgerPool.end();
      await db.drop();
      rmSync(blobDir, { recursive: true, force: true });
    },
  };
}

/** A supertest parser keeping a binary body as a Buffer. */
export function binary(res: request.Response, cb: (err: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  const stream = res as unknown as NodeJS.ReadableStream;
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => cb(null, Buffer.concat(chunks)));
}
