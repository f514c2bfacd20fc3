/**
 * The consent test world: the real app (in process) on a database of its own, with the demo
 * organisations and catalogue (for names and labels), the real exchange pipeline and route, a
 * REAL upstream HTTP server reached through the REAL REST connector, the REAL ledger writer,
 * rate limiter (PostgreSQL) and consent checker (consent services). Contracts, access tokens and
 * the endpoint lookup come from the fakes of tests/support/exchange-fakes.ts, each of which passes
 * its port's contract suite (tests/exchange/ports-contract.test.ts); masking is the catalogue's
 * own. The API is declared `consent_required` there and in the database.
 */
import pino from 'pino';
import request from 'supertest';
import type { AppDeps } from '../../gateway/deps.js';
import type { ExchangePorts } from '../../exchange/ports.js';
import {
  createLocalTokenIssuer,
  fixedCatalog,
  fixedContracts,
  familyQuotientEntries,
  fakeGrant,
  type LocalTokenIssuer,
} from '../support/exchange-fakes.js';
import { domainConnectorRegistry } from '../../gateway/exchange-adapters/connectors.js';
import { pgRateLimiter } from '../../gateway/exchange-adapters/pg-rate-limiter.js';
import { createRestConnector } from '../../connectors/index.js';
import { ledgerWriterPort } from '../../gateway/exchange-adapters/ledger.js';
import { consentCheckerPort } from '../../gateway/exchange-adapters/consent.js';
import { seedDemoOrganisations } from '../../gateway/demo/organisations.js';
import { seedDemoCatalog } from '../../gateway/demo/catalog.js';
import { dataElementsForFields, listFieldLinks, updateApi } from '../../catalog/index.js';
import { createLedgerWriter, type LedgerWriter } from '../../ledger/index.js';
import { ProblemError, manualClock, subjectRef, type PersonPivot } from '../../schemas/index.js';
import { findTestAccount, type TestCitizen } from '../../gateway/demo/test-accounts.js';
import { composeApp, testConfig, type ComposedApp } from '../helpers/app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/pg.js';
import { startUpstream, qs, type Upstream } from '../support/exchange-world.js';

export const LYON = '21690123100011';
export const GIRONDE = '22330001300016';
export const CNAF = '18000100000017';
export const API = 'cnaf-quotient-familial';
export const TRACE = { recipient: LYON, context: 'Tarification cantine', object: 'Dossier 2026-0042' };

export interface ConsentWorld {
  t: ComposedApp & { deps: AppDeps; db: TestDatabase; clock: ReturnType<typeof manualClock> };
  upstream: Upstream;
  issuer: LocalTokenIssuer;
  writer: LedgerWriter;
  /** FranceConnect mode: token -> subject_ref known to the in-memory citizen token verifier. */
  citizenTokens: Map<string, string>;
  token(contractId: string): Promise<string>;
  /** One exchange about a person, as the consumer of the contract calls it. */
  exchange(contractId: string, pivot: PersonPivot, extra?: Record<string, string>): Promise<request.Response>;
  refOf(pivot: PersonPivot): string;
  stop(): Promise<void>;
}

/** API Particulier v3 identity parameters of a pivot. */
export function particulierParams(p: PersonPivot): Record<string, string | string[]> {
  const [y, m, d] = p.birthdate.split('-');
  return {
    nomNaissance: p.family_name,
    'prenoms[]': p.given_name.split(' '),
    anneeDateNaissance: y!,
    moisDateNaissance: String(Number(m)),
    jourDateNaissance: String(Number(d)),
    sexeEtatCivil: p.gender === 'female' ? 'F' : 'M',
    codeCogInseePaysNaissance: p.birthcountry,
    ...(p.birthplace ? { codeCogInseeCommuneNaissance: p.birthplace } : {}),
  };
}

export function citizen(id: string): TestCitizen {
  const a = findTestAccount(id);
  if (!a || a.kind !== 'citizen') throw new TypeError(`no test citizen ${id}`);
  return a;
}

/**
 * `realCitizenTokens`: FranceConnect mode checks tokens with the identity provider (the consent
 * runtime's verifier, user info of the embedded provider) instead of the in-memory map.
 */
export async function startConsentWorld(
  opts: { env?: Record<string, string>; publicUrl?: string; realCitizenTokens?: boolean } = {},
): Promise<ConsentWorld> {
  const db = await createTestDatabase();
  const logger = pino({ level: 'silent' });
  await seedDemoOrganisations(db.pool);
  await seedDemoCatalog(db.pool, logger);
  // The database's catalogue says what the in-memory one below says: consent requests read it.
  await updateApi(db.pool, API, { consentPolicy: 'consent_required' });
  const clock = manualClock(new Date());
  const upstream = await startUpstream();
  const config = testConfig({ ...(opts.publicUrl ? { PUBLIC_URL: opts.publicUrl } : {}), ...opts.env });
  const issuer = await createLocalTokenIssuer({ issuer: config.PUBLIC_URL.replace(/\/+$/, ''), clock });
  const catalog = fixedCatalog(familyQuotientEntries({ consentPolicy: 'consent_required' }));
  // The real REST connector to the test's upstream, identity parameters forwarded by name.
  const rest = createRestConnector({
    kind: 'rest',
    baseUrl: upstream.url,
    operations: {
      getQuotientFamilial: {
        method: 'GET',
        path: '/quotient-familial',
        query: { nomNaissance: '{nomNaissance}', prenoms: '{prenoms[]}', anneeDateNaissance: '{anneeDateNaissance}' },
      },
    },
  });
  const connectors = domainConnectorRegistry({ [API]: rest });
  const writer = createLedgerWriter({ pool: db.pool, clock, chainId: 'test-consent-world' });
  const contracts = fixedContracts([
    fakeGrant('c-lyon', { purpose: 'Tarification sociale de la cantine' }),
    fakeGrant('c-gironde', { consumerSiret: GIRONDE, purpose: 'Aide sociale à l’enfance' }),
  ]);
  const citizenTokens = new Map<string, string>();
  const deps: AppDeps = { config, pool: db.pool, logger, clock, ledger: writer };
  // The ports below reach the consent services composed with the app (read at call time).
  let app: ComposedApp | undefined;
  const ports: ExchangePorts = {
    tokens: issuer.verifier,
    contracts,
    catalog: {
      ...catalog,
      dataElements: async (slug, pointers) => (await dataElementsForFields(db.pool, slug, pointers)).map((d) => d.id),
      fieldLinks: (slug) => listFieldLinks(db.pool, slug),
    },
    connectors,
    ledger: ledgerWriterPort(writer),
    rateLimiter: pgRateLimiter(db.pool, clock),
    consent: consentCheckerPort(() => app!.services.consent.checker),
    citizenTokens: {
      async verify(tk) {
        const ref = citizenTokens.get(tk);
        if (!ref) throw new ProblemError('client.invalid_token');
        return { subjectRef: ref };
      },
    },
    clock,
  };
  if (opts.realCitizenTokens) ports.citizenTokens = { verify: (tk) => app!.services.consent.citizenTokens.verify(tk) };
  deps.exchange = ports;
  app = await composeApp(deps);
  const t = Object.assign(app, { deps, db, clock });
  const token = async (id: string) => {
    const c = (await contracts.get(id))!;
    return issuer.issue({
      client_id: c.clientIds[0]!,
      contract_id: c.id,
      contract_version: c.version,
      consumer_siret: c.consumerSiret,
      scope: c.scopes.join(' '),
    });
  };
  return {
    t,
    upstream,
    issuer,
    writer,
    citizenTokens,
    token,
    refOf: (pivot) => subjectRef(config.SUBJECT_HMAC_SECRET, { kind: 'person', pivot }),
    async exchange(contractId, pivot, extra = {}) {
      clock.advance(1000); // distinct instants: the trail is ordered by time
      const c = (await contracts.get(contractId))!;
      const path = `/exchange/${API}/quotient-familial?${qs({ ...TRACE, recipient: c.consumerSiret, ...particulierParams(pivot), ...extra })}`;
      return request(t.app)
        .get(path)
        .set('Authorization', `Bearer ${await token(contractId)}`);
    },
    async stop() {
      await t.close();
      await writer.close();
      await rest.close();
      await upstream.close();
      await db.drop();
    },
  };
}
